/** Writes every Graph request, with the answer it got, to its tenant's journal, which a test suite reads back. */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { batchItems } from './batch-items.js'
import './throttling.js'

export interface JournalRecorderOptions {
  /** MOCK_JOURNAL_LIMIT, every tenant's. */
  journalLimit: number
}

const journalRecorder: FastifyPluginAsync<JournalRecorderOptions> = async (app, { journalLimit }) => {
  // A journal of size 0 costs nothing: no hook at all.
  if (journalLimit === 0) return
  // onSend, which Graph replies run anyway, rather than one more onResponse hook; the
  // duration is then the time to the answer, not to its last byte on the wire.
  app.addHook('onSend', (request, reply, payload, done) => {
    request.state.journal.record({
      id: 0,
      receivedAt: Date.now() - reply.elapsedTime,
      method: request.method,
      url: request.url,
      headers: request.headers,
      query: request.query,
      // The text json-body kept (16 KiB at most), so the ring's memory is bounded by its bytes.
      bodyText: request.bodyText,
      status: reply.statusCode,
      requestId: request.id,
      durationMs: reply.elapsedTime,
      batchRequestId: batchItems.getStore()?.batchRequestId,
      earlyRetry: request.earlyRetry
    })
    done(null, payload)
  })
}

export default fp(journalRecorder, { name: 'graph-journal-recorder' })

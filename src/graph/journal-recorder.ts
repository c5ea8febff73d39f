/** Writes every Graph request, with the answer it got, to its tenant's journal, which a test suite reads back. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { batchItems } from './batch-items.js'
import { originForm } from './request-target.js'
import './throttling.js'

/**
 * Called as the answer is sent (Graph's onSend hook) rather than from one more onResponse hook;
 * the duration is then the time to the answer, not to its last byte on the wire.
 */
export function recordInJournal (request: FastifyRequest, reply: FastifyReply): void {
  request.state.journal.record({
    id: 0,
    // By the tenant's clock, which a suite reads and moves: `since` then compares with its own now.
    receivedAt: request.state.clock.now() - reply.elapsedTime,
    method: request.method,
    url: request.url,
    // As sent, when routing read it otherwise (`managedDevices('id')`, `%24count`): what the entry shows.
    sentUrl: request.originalUrl === request.url ? undefined : originForm(request.originalUrl),
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
}

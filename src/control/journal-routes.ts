/** /_mock/requests: what the app under test sent to Graph and what it got back, oldest first. */
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { checkPathPrefix, invalidSince } from './errors.js'
import type { JournalRecord } from '../state/journal.js'
import type { JournalEntry, JournalQuery } from './journal-schemas.js'
import { sendJsonText } from '../graph/json-text.js'
import { PAGE_MAX_CHARS, PAGE_MAX_ITEMS, linkNextPage, takePage } from './listing-page.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import type { StateOf } from './tenant-scope.js'
import { pathPrefixMatcher } from '../state/path-prefix.js'

/** Credentials stay out of the journal; the scheme stays, so a test can still see which one the app used. */
function redacted (headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { authorization } = headers
  if (authorization === undefined) return headers
  const scheme = /^\S+(?=\s)/.exec(authorization.trim())?.[0]
  return { ...headers, authorization: scheme === undefined ? '[REDACTED]' : `${scheme} [REDACTED]` }
}

function toEntry (record: JournalRecord): JournalEntry {
  const sent = record.sentUrl ?? record.url
  const queryAt = sent.indexOf('?')
  return {
    id: record.id,
    time: new Date(record.receivedAt).toISOString(),
    method: record.method,
    path: queryAt === -1 ? sent : sent.slice(0, queryAt),
    query: (record.query ?? {}) as JournalEntry['query'],
    headers: redacted(record.headers) as JournalEntry['headers'],
    body: record.bodyText === undefined ? null : JSON.parse(record.bodyText),
    status: record.status,
    requestId: record.requestId,
    durationMs: Math.round(record.durationMs * 100) / 100,
    batchRequestId: record.batchRequestId ?? null,
    earlyRetry: record.earlyRetry === true
  }
}

/** The entries of the records that match, made (their bodies parsed) only as far as a page reaches. */
function * matchingEntries (records: JournalRecord[], matches: (record: JournalRecord) => boolean): Generator<JournalEntry> {
  for (const record of records) if (matches(record)) yield toEntry(record)
}

/** The filters of a listing as one test of a record. */
function recordFilter ({ method, path, status, since, batch, earlyRetry }: JournalQuery): (record: JournalRecord) => boolean {
  const tests: Array<(record: JournalRecord) => boolean> = []
  if (earlyRetry !== undefined) tests.push((record) => (record.earlyRetry === true) === earlyRetry)
  if (batch !== undefined) tests.push((record) => record.batchRequestId === batch)
  if (method !== undefined) {
    const wanted = method.toUpperCase()
    tests.push((record) => record.method === wanted)
  }
  if (path !== undefined) {
    checkPathPrefix(path, 'The path filter')
    const matches = pathPrefixMatcher(path)
    tests.push((record) => matches(record.url))
  }
  if (status !== undefined) {
    const statusClass = status.endsWith('xx') ? Number(status[0]) : undefined
    tests.push(statusClass === undefined ? (record) => record.status === Number(status) : (record) => Math.floor(record.status / 100) === statusClass)
  }
  if (since !== undefined) {
    if (/^\d+$/.test(since)) {
      const afterId = Number(since)
      tests.push((record) => record.id > afterId)
    } else {
      const from = Date.parse(since)
      if (Number.isNaN(from)) throw invalidSince(since)
      tests.push((record) => record.receivedAt >= from)
    }
  }
  return (record) => tests.every((test) => test(record))
}

const journalRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  /** GET /_mock/requests: the journal, filtered. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.listRequests),
    handler: async (request, reply) => {
      const { journal } = stateOf(request)
      const matches = recordFilter(request.query)
      const { page, last, more } = takePage(matchingEntries(journal.records(), matches), { maxItems: Math.min(request.query.limit ?? PAGE_MAX_ITEMS, PAGE_MAX_ITEMS), maxChars: PAGE_MAX_CHARS })
      if (more && last !== undefined) linkNextPage(request, reply, 'since', String(last.id))
      return sendJsonText(reply, `{"entries":[${page.join(',')}],"evicted":${journal.evicted()},"limit":${journal.limit}}`)
    }
  })

  /** DELETE /_mock/requests: empties the journal. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.clearRequests),
    handler: async (request, reply) => {
      stateOf(request, true).journal.clear()
      return reply.code(204).send()
    }
  })
}

export default journalRoutes

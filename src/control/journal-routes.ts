/** /_mock/requests: what the app under test sent to Graph and what it got back, oldest first. */
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from '@sinclair/typebox'
import { invalidSince } from './errors.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'
import type { JournalRecord } from '../state/journal.js'
import type { StateOf } from './tenant-scope.js'
import { PAGE_MAX_CHARS, PAGE_MAX_ITEMS, linkNextPage, takePage } from './listing-page.js'
import { pathPrefixMatcher } from '../state/path-prefix.js'

const StringOrStrings = Type.Union([Type.String(), Type.Array(Type.String())])

const JournalEntrySchema = Type.Object({
  id: Type.Integer({ description: 'Rises by one per request, across clears; pass it as `since` to read only newer entries' }),
  time: Type.String({ format: 'date-time', description: 'When the request arrived' }),
  method: Type.String(),
  path: Type.String({ description: 'As sent, without the query string' }),
  query: Type.Record(Type.String(), StringOrStrings),
  headers: Type.Record(Type.String(), StringOrStrings, { description: 'As sent, lower-cased; the Authorization credentials are replaced by [REDACTED]' }),
  body: Type.Unknown({ description: 'The parsed JSON body; null without one, when unreadable, or over 16 KiB' }),
  status: Type.Integer({ description: 'The status graph-mock answered with' }),
  requestId: Type.String({ description: 'The request-id header of the answer' }),
  durationMs: Type.Number(),
  batchRequestId: Type.Union([Type.String(), Type.Null()], { description: 'For an item of a $batch, the requestId of the batch; else null' }),
  earlyRetry: Type.Boolean({ description: 'Refused by throttling before the Retry-After its app had been given had passed' })
})
type JournalEntry = Static<typeof JournalEntrySchema>

const JournalQuerySchema = Type.Object({
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', description: 'Only this method, any case' })),
  path: Type.Optional(Type.String({ pattern: '^/', description: 'Only paths starting with this, matched as Graph matches paths (case-insensitive)' })),
  status: Type.Optional(Type.String({ pattern: '^[1-5]([0-9]{2}|xx)$', description: 'Only this status, or class of statuses', examples: ['429', '4xx'] })),
  since: Type.Optional(Type.String({ minLength: 1, description: 'Only entries after this entry id, or at or after this time', examples: ['42', '2026-11-28T17:00:00Z'] })),
  batch: Type.Optional(Type.String({ minLength: 1, description: 'Only the items of the $batch whose requestId this is' })),
  earlyRetry: Type.Optional(Type.Boolean({ description: 'Only requests refused for coming back before their Retry-After (true), or only the others (false)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: `At most this many entries, the oldest that match; a page never holds more than ${PAGE_MAX_ITEMS}` }))
}, { additionalProperties: false })
type JournalQuery = Static<typeof JournalQuerySchema>

const JournalListingSchema = Type.Object({
  entries: Type.Array(JournalEntrySchema),
  evicted: Type.Integer({ description: 'Entries dropped to keep the journal at its limit since it was last emptied' }),
  limit: Type.Integer({ description: 'MOCK_JOURNAL_LIMIT' })
})

/** Credentials stay out of the journal; the scheme stays, so a test can still see which one the app used. */
function redacted (headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { authorization } = headers
  if (authorization === undefined) return headers
  const scheme = /^\S+(?=\s)/.exec(authorization.trim())?.[0]
  return { ...headers, authorization: scheme === undefined ? '[REDACTED]' : `${scheme} [REDACTED]` }
}

function toEntry (record: JournalRecord): JournalEntry {
  const queryAt = record.url.indexOf('?')
  return {
    id: record.id,
    time: new Date(record.receivedAt).toISOString(),
    method: record.method,
    path: queryAt === -1 ? record.url : record.url.slice(0, queryAt),
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
  const tags = ['control']

  /** GET /_mock/requests: the journal, filtered. */
  app.get('/requests', {
    schema: { tags, summary: 'The Graph requests received, oldest first', querystring: JournalQuerySchema, response: { 200: JournalListingSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    const { journal } = stateOf(request)
    const matches = recordFilter(request.query)
    const { page, more } = takePage(matchingEntries(journal.records(), matches), { maxItems: Math.min(request.query.limit ?? PAGE_MAX_ITEMS, PAGE_MAX_ITEMS), maxChars: PAGE_MAX_CHARS })
    const last = page.at(-1)
    if (more && last !== undefined) linkNextPage(request, reply, 'since', String(last.id))
    return { entries: page, evicted: journal.evicted(), limit: journal.limit }
  })

  /** DELETE /_mock/requests: empties the journal. */
  app.delete('/requests', {
    schema: { tags, summary: 'Empty the journal', response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    stateOf(request).journal.clear()
    return reply.code(204).send()
  })
}

export default journalRoutes

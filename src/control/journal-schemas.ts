/** The journal's entries as GET /_mock/requests lists them, and the filters it takes. */
import { Type, type Static } from '@sinclair/typebox'
import { PAGE_MAX_ITEMS } from './listing-page.js'

const StringOrStrings = Type.Union([Type.String(), Type.Array(Type.String())])

export const JournalEntrySchema = Type.Object({
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
export type JournalEntry = Static<typeof JournalEntrySchema>

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9
/** `429` or `4xx`, as the pattern has it, so that `'42x'` fails to compile in a suite. */
export type StatusFilter = `${1 | 2 | 3 | 4 | 5}${Digit}${Digit}` | `${1 | 2 | 3 | 4 | 5}xx`

export const JournalQuerySchema = Type.Object({
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', description: 'Only this method, any case' })),
  path: Type.Optional(Type.String({ pattern: '^/', description: 'Only paths starting with this, matched as Graph matches paths (case-insensitive)' })),
  status: Type.Optional(Type.Unsafe<StatusFilter>(Type.String({ pattern: '^[1-5]([0-9]{2}|xx)$', description: 'Only this status, or class of statuses', examples: ['429', '4xx'] }))),
  since: Type.Optional(Type.String({ minLength: 1, description: 'Only entries after this entry id, or at or after this time', examples: ['42', '2026-11-28T17:00:00Z'] })),
  batch: Type.Optional(Type.String({ minLength: 1, description: 'Only the items of the $batch whose requestId this is' })),
  earlyRetry: Type.Optional(Type.Boolean({ description: 'Only requests refused for coming back before their Retry-After (true), or only the others (false)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: `At most this many entries, the oldest that match; a page never holds more than ${PAGE_MAX_ITEMS}` }))
}, { additionalProperties: false })
export type JournalQuery = Static<typeof JournalQuerySchema>

export const JournalListingSchema = Type.Object({
  entries: Type.Array(JournalEntrySchema),
  evicted: Type.Integer({ description: 'Entries dropped to keep the journal at its limit since it was last emptied' }),
  limit: Type.Integer({ description: 'MOCK_JOURNAL_LIMIT' })
})

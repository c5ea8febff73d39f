/** The request journal: the latest Graph requests in a ring that never grows past its limit. Knows nothing of HTTP. */
import type { IncomingHttpHeaders } from 'node:http'

/** What the journal keeps of one request: references, not copies, so recording costs next to nothing. */
export interface JournalRecord {
  id: number
  receivedAt: number
  method: string
  /** The target as routed, which filters match. */
  url: string
  /** The target as sent, when it differs from `url`. */
  sentUrl?: string | undefined
  headers: IncomingHttpHeaders
  query: unknown
  /** The JSON body as received, when it was readable and small enough to keep. */
  bodyText: string | undefined
  status: number
  requestId: string
  durationMs: number
  /** Refused by throttling before the Retry-After its app had been given had passed. */
  earlyRetry?: boolean
  /** The request id of the `$batch` this request was an item of. */
  batchRequestId?: string | undefined
}

export interface Journal {
  readonly limit: number
  /** Keeps `entry` itself, not a copy, giving it the next id. */
  record (entry: JournalRecord): void
  /** Every kept record, oldest first. */
  records (): JournalRecord[]
  /** How many records the ring dropped to stay at its limit since it was last cleared. */
  evicted (): number
  clear (): void
}

/** A journal of at most `limit` records; 0 keeps none. Ids keep rising across clears, so `since` stays meaningful. */
export function createJournal (limit: number): Journal {
  const ring: Array<JournalRecord | undefined> = new Array(limit)
  let next = 0
  let size = 0
  let evicted = 0
  let lastId = 0

  return {
    limit,
    record (entry) {
      lastId += 1
      if (limit === 0) {
        evicted += 1
        return
      }
      if (size === limit) evicted += 1
      else size += 1
      entry.id = lastId
      ring[next] = entry
      next = (next + 1) % limit
    },
    records () {
      const start = (next - size + limit) % limit
      const out: JournalRecord[] = []
      for (let i = 0; i < size; i++) {
        const record = ring[(start + i) % limit]
        if (record !== undefined) out.push(record)
      }
      return out
    },
    evicted: () => evicted,
    clear () {
      ring.fill(undefined)
      next = 0
      size = 0
      evicted = 0
    }
  }
}

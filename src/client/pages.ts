/**
 * The listings graph-mock pages (a `Link: <…>; rel="next"` header when one answer cannot hold
 * everything), and how the client adds their pages up to the one answer it returns.
 */
import type { ControlOperationName } from '../control/operations.js'
import type { ControlInput, ControlResult } from './types.js'

interface Pages<N extends ControlOperationName> {
  /** The answer so far with the next page added. */
  add (answer: ControlResult<N>, page: ControlResult<N>, input: ControlInput<N>): ControlResult<N>
  /** Whether the answer holds all that was asked for, whatever the Link says. */
  complete? (answer: ControlResult<N>, input: ControlInput<N>): boolean
}

const keyed = <T>(answer: Record<string, T>, page: Record<string, T>): Record<string, T> => ({ ...answer, ...page })

const PAGES = {
  listRecords: { add: keyed },
  listTokenClients: { add: keyed },
  listRequests: {
    // Each page holds up to `limit` entries, so the pages together could hold more.
    add: (answer, page, { query }) => ({ ...page, entries: [...answer.entries, ...page.entries].slice(0, query?.limit) }),
    complete: (answer, { query }) => query?.limit !== undefined && answer.entries.length >= query.limit
  }
} satisfies { [N in ControlOperationName]?: Pages<N> }

/** What the client, calling operations by name, sees of their pages. */
interface AnyPages {
  add (answer: unknown, page: unknown, input: unknown): unknown
  complete? (answer: unknown, input: unknown): boolean
}

export const pagesOf = (name: ControlOperationName): AnyPages | undefined => (PAGES as Partial<Record<ControlOperationName, AnyPages>>)[name]

/** The URL of the next page: the one just read, with the query its Link names (the path stays the client's, which a proxy may prefix). */
export function nextPageUrl (url: URL, link: string | null): URL | undefined {
  const target = link === null ? undefined : /<([^>]*)>\s*;\s*rel="?next"?/.exec(link)?.[1]
  if (target === undefined) return undefined
  const next = new URL(url)
  next.search = new URL(target, url).search
  return next
}

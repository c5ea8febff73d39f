/**
 * One page of a collection read: its matches filtered, ordered, skipped and counted as the
 * query options say, cut to the page size, with the `$skiptoken` of the next page when there
 * is one (concepts/paging.md). The first page chooses the matches; later pages resume from the
 * cursor the token names.
 */
import type { PageCursor, PageCursors } from '../state/page-cursors.js'
import type { Row } from './filter-binder.js'
import type { Key } from './values.js'
import { QUERY_ERRORS } from './query-error.js'
import type { QueryOptions } from './query-options.js'

export interface CollectionRead<T extends Row> {
  options: QueryOptions
  /** Every record under the parent, in the store's order. */
  records: () => Iterable<readonly [string, T]>
  /** The record `id` names now, when the parent still holds it. */
  current: (id: string) => T | undefined
  /** The page size the server chose, and the client's `Prefer: odata.maxpagesize` when it sent one. */
  pageSize: number
  maxPageSize?: number | undefined
  /** Where the read is made (the version, the parent path, whose devices `/me` holds), which a token is good for alone. */
  scope: string
  cursors: PageCursors
}

export interface CollectionPage<T> {
  items: Array<readonly [string, T]>
  count: number
  skipToken?: string
}

/** The ids of every match, in the order `$orderby` asks for and the store's order among equals. */
function matchesOf<T extends Row> ({ options: { filter, orderBy }, records }: CollectionRead<T>): string[] {
  if (orderBy === undefined) {
    const ids: string[] = []
    for (const [id, record] of records()) {
      if (filter === undefined || filter(record, id)) ids.push(id)
    }
    return ids
  }
  const matches: Array<{ id: string, keys: readonly Key[] }> = []
  for (const [id, record] of records()) {
    if (filter === undefined || filter(record, id)) matches.push({ id, keys: orderBy.keysOf(record, id) })
  }
  // Array.prototype.sort is stable, so equal keys keep the store's order.
  matches.sort((a, b) => orderBy.compare(a.keys, b.keys))
  return matches.map(({ id }) => id)
}

/** How many records `$filter` matches, for the `/$count` segment, which the other options do not change (OData Part 2, 11.2.10). */
export function matchCount<T extends Row> (read: CollectionRead<T>): number {
  const { orderBy: _order, ...options } = read.options
  return matchesOf({ ...read, options }).length
}

export function collectionPage<T extends Row> (read: CollectionRead<T>): CollectionPage<T> {
  const { options, cursors, current } = read
  const size = Math.min(options.top ?? Number.POSITIVE_INFINITY, read.maxPageSize ?? Number.POSITIVE_INFINITY, read.pageSize)
  let cursor: PageCursor
  let cursorName: string | undefined
  let position = 0
  if (options.skipToken === undefined) {
    const ids = matchesOf(read)
    cursor = { selection: `${read.scope} ${options.selection}`, ids: ids.slice(options.skip ?? 0), count: ids.length }
  } else {
    const found = cursors.resolve(options.skipToken)
    if (found === undefined || found.cursor.selection !== `${read.scope} ${options.selection}`) throw QUERY_ERRORS.invalidSkipToken()
    ;({ cursor, name: cursorName, position } = found)
  }

  const items: Array<readonly [string, T]> = []
  const { ids } = cursor
  // A later page reads records as they are now: one removed since, or changed to match no more, is passed over.
  const recheck = cursorName !== undefined ? options.filter : undefined
  while (position < ids.length && items.length < size) {
    const id = ids[position++] ?? ''
    const record = current(id)
    if (record === undefined || (recheck !== undefined && !recheck(record, id))) continue
    items.push([id, record])
  }
  const page: CollectionPage<T> = { items, count: cursor.count }
  // The cursor outlives the last page, so that a client retrying a page gets it again.
  if (position < ids.length && size > 0) page.skipToken = cursors.tokenOf(cursorName ?? cursors.open(cursor), position)
  return page
}

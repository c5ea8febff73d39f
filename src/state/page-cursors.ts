/**
 * Where server-driven paging resumes: each collection read that has a next page keeps the ids
 * of its matches, in order, under a cursor its `$skiptoken` names. A later page is a slice of
 * them, so no page costs more the deeper it is, and records added or removed meanwhile never
 * make a record come twice or one that was there throughout go missing.
 */

export interface PageCursor {
  /** The options the matches were chosen and ordered by (`$filter`, `$orderby`), which a token is good for alone. */
  selection: string
  /** The parent path the matches were read under. */
  path: string
  ids: readonly string[]
  /** How many matched, for `@odata.count` on every page. */
  count: number
}

export interface PageCursors {
  /** Keeps `cursor`, dropping the oldest ones past the limits; answers its name. */
  open (cursor: PageCursor): string
  get (name: string): PageCursor | undefined
  clear (): void
}

/** At most this many cursors, and this many ids in them together: a walk nobody finishes is dropped, oldest first. */
export const CURSOR_LIMIT = 1000
export const CURSOR_ID_LIMIT = 5_000_000

export function createPageCursors (): PageCursors {
  const cursors = new Map<string, PageCursor>()
  let ids = 0
  let opened = 0
  function drop (name: string): void {
    ids -= cursors.get(name)?.ids.length ?? 0
    cursors.delete(name)
  }
  return {
    open (cursor) {
      const name = String(++opened)
      cursors.set(name, cursor)
      ids += cursor.ids.length
      for (const oldest of cursors.keys()) {
        if (oldest === name || (cursors.size <= CURSOR_LIMIT && ids <= CURSOR_ID_LIMIT)) break
        drop(oldest)
      }
      return name
    },
    get (name) {
      const cursor = cursors.get(name)
      if (cursor !== undefined) {
        // Used most recently, so dropped last.
        cursors.delete(name)
        cursors.set(name, cursor)
      }
      return cursor
    },
    clear () {
      cursors.clear()
      ids = 0
    }
  }
}

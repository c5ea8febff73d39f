/**
 * Where server-driven paging resumes: each collection read that has a next page keeps the ids
 * of its matches, in order, under a cursor; its `$skiptoken` names the cursor and a position
 * in it. A later page is a slice of them, so no page costs more the deeper it is, and records
 * added or removed meanwhile never make a record come twice or one that was there throughout
 * go missing.
 */
import { createHmac, randomBytes } from 'node:crypto'

export interface PageCursor {
  /** What the matches were chosen and ordered by, and under which parent: a token is good for that read alone. */
  selection: string
  ids: readonly string[]
  /** How many matched, for `@odata.count` on every page. */
  count: number
}

export interface PageCursors {
  /** Keeps `cursor`, dropping the oldest ones past the limits; answers its name. */
  open (cursor: PageCursor): string
  /** The opaque `$skiptoken` of `position` in the cursor named `name`. */
  tokenOf (name: string, position: number): string
  /** The cursor and position a token of these cursors names; undefined for any other text, or a cursor since dropped. */
  resolve (token: string): { name: string, cursor: PageCursor, position: number } | undefined
  clear (): void
}

/** At most this many cursors, and this many ids in them together: a walk nobody finishes is dropped, oldest first. */
export const CURSOR_LIMIT = 1000
export const CURSOR_ID_LIMIT = 5_000_000

export function createPageCursors (): PageCursors {
  const cursors = new Map<string, PageCursor>()
  // Tokens are signed with a key of these cursors alone, so that one edited, made up, or made by
  // another graph-mock is refused, not followed to some other page.
  const key = randomBytes(32)
  let ids = 0
  let opened = 0
  function drop (name: string): void {
    ids -= cursors.get(name)?.ids.length ?? 0
    cursors.delete(name)
  }
  function tokenOf (name: string, position: number): string {
    const text = `${name}.${position}`
    return Buffer.from(`${text}.${createHmac('sha256', key).update(text).digest('base64url').slice(0, 22)}`).toString('base64url')
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
    tokenOf,
    resolve (token) {
      const match = /^(\d{1,15})\.(\d{1,15})\./.exec(Buffer.from(token, 'base64url').toString())
      const [, name = '', position = ''] = match ?? []
      // Made again from what it says, it must be the very text sent: no other spelling, padding or signature passes.
      if (match === null || tokenOf(name, Number(position)) !== token) return undefined
      const cursor = cursors.get(name)
      if (cursor === undefined) return undefined
      // Used most recently, so dropped last.
      cursors.delete(name)
      cursors.set(name, cursor)
      return { name, cursor, position: Number(position) }
    },
    clear () {
      cursors.clear()
      ids = 0
    }
  }
}

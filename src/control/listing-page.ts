/**
 * The bounds of every control-API listing that could outgrow one answer (the journal, the
 * store): a page holds at most PAGE_MAX_ITEMS items and PAGE_MAX_CHARS characters of JSON, so
 * no listing ever fails to serialise, and a `Link: <…>; rel="next"` header (RFC 8288) says
 * where the rest is.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

export const PAGE_MAX_ITEMS = 10_000
/** Far below V8's longest string (2^29 characters), which a whole journal of large bodies could pass. */
export const PAGE_MAX_CHARS = 32 * 1024 * 1024

export interface PageBounds {
  maxItems: number
  maxChars: number
}

/** The first items that fit, each weighed by its JSON; `more` when some were left out. The first item always fits. */
export function takePage<T> (items: Iterable<T>, { maxItems, maxChars }: PageBounds): { page: T[], more: boolean } {
  const page: T[] = []
  let chars = 0
  for (const item of items) {
    chars += JSON.stringify(item)?.length ?? 0
    if (page.length === maxItems || (page.length > 0 && chars > maxChars)) return { page, more: true }
    page.push(item)
  }
  return { page, more: false }
}

/** The page of `entries` after the first `skip`, keyed by id, with a Link to the next page when there is one. */
export function keyedPage<T> (request: FastifyRequest, reply: FastifyReply, skip: number, entries: ReadonlyArray<readonly [string, T]>): Record<string, T> {
  const { page, more } = takePage(entries.slice(skip), { maxItems: PAGE_MAX_ITEMS, maxChars: PAGE_MAX_CHARS })
  if (more) linkNextPage(request, reply, 'skip', String(skip + page.length))
  return Object.fromEntries(page)
}

/** Points the client at the next page: this request's URL with `parameter` set to `value`. */
export function linkNextPage (request: FastifyRequest, reply: FastifyReply, parameter: string, value: string): void {
  const queryAt = request.url.indexOf('?')
  const query = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1))
  query.set(parameter, value)
  // One slash each: the router takes `//_mock/…`, but in a Link it would name a host called _mock.
  const path = (queryAt === -1 ? request.url : request.url.slice(0, queryAt)).replace(/\/{2,}/g, '/')
  reply.header('link', `<${path}?${query.toString()}>; rel="next"`)
}

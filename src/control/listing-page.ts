/**
 * The bounds of every control-API listing that could outgrow one answer (the journal, the
 * store): a page holds at most PAGE_MAX_ITEMS items and PAGE_MAX_CHARS characters of JSON, so
 * no listing ever fails to serialise, and a `Link: <…>; rel="next"` header (RFC 8288) says
 * where the rest is.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendJsonText } from '../graph/json-text.js'

export const PAGE_MAX_ITEMS = 10_000
/** Far below V8's longest string (2^29 characters), which a whole journal of large bodies could pass. */
export const PAGE_MAX_CHARS = 32 * 1024 * 1024

export interface PageBounds {
  maxItems: number
  maxChars: number
}

/**
 * The first items that fit, each serialised once, as the page's JSON is then made of them;
 * `more` when some were left out. The first item always fits.
 */
export function takePage<T> (items: Iterable<T>, { maxItems, maxChars }: PageBounds, serialise: (item: T) => string = JSON.stringify): { page: string[], last: T | undefined, more: boolean } {
  const page: string[] = []
  let last: T | undefined
  let chars = 0
  for (const item of items) {
    const json = serialise(item)
    chars += json.length
    if (page.length === maxItems || (page.length > 0 && chars > maxChars)) return { page, last, more: true }
    page.push(json)
    last = item
  }
  return { page, last, more: false }
}

/** The page of `entries` after the first `skip`, as a JSON object keyed by id, with a Link to the next page when there is one. */
export function sendKeyedPage<T> (request: FastifyRequest, reply: FastifyReply, skip: number, entries: ReadonlyArray<readonly [string, T]>): FastifyReply {
  const { page, more } = takePage(entries.slice(skip), { maxItems: PAGE_MAX_ITEMS, maxChars: PAGE_MAX_CHARS }, ([id, value]) => `${JSON.stringify(id)}:${JSON.stringify(value)}`)
  if (more) linkNextPage(request, reply, 'skip', String(skip + page.length))
  return sendJsonText(reply, `{${page.join(',')}}`)
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

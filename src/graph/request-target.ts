/**
 * The request target as routes, the journal and fault rules read it: its path and query, with
 * an entity's key in OData's parenthesised form (`managedDevices('id')`) written as the key
 * segment the routes declare (`managedDevices/id`).
 */
import type { IncomingMessage } from 'node:http'
import { keysAsSegments } from '../state/path-prefix.js'

/** A Graph path's percent-encoded `$`, which the router's decodeURI leaves encoded, as a reserved character. */
const ENCODED_DOLLAR = /%24/gi
const GRAPH_PATH = /^\/(?:beta|v1\.0)\//i

/**
 * `/$count` for `/%24count`: OData's reader decodes a segment whole before it reads `$count`,
 * `$value` or `$batch` there, so a client that encodes the `$` reaches the same resource.
 */
function dollarsDecoded (target: string): string {
  const query = target.indexOf('?')
  const path = query === -1 ? target : target.slice(0, query)
  if (!path.includes('%') || !GRAPH_PATH.test(path)) return target
  return path.replace(ENCODED_DOLLAR, '$') + (query === -1 ? '' : target.slice(query))
}

/**
 * Whether the query string of `target` percent-decodes. Fastify refuses an undecodable path
 * before routing (FST_ERR_BAD_URL), but its query parser (fast-querystring) keeps an undecodable
 * name or value as sent, and cannot tell it from one that decoded to a `%` (`%25FF`), so the
 * text it parses is checked: what find-my-way splits off at the first `?` or `#`. A string
 * decodes whole exactly when each of its names and values does, since an escape sequence never
 * spans `&` or `=`.
 */
export function queryDecodes (target: string): boolean {
  const start = target.search(/[?#]/)
  if (start === -1 || !target.includes('%', start)) return true
  try {
    decodeURIComponent(target.slice(start + 1))
    return true
  } catch {
    return false
  }
}

/** A target in absolute form, and its authority (without any user info). */
const ABSOLUTE_FORM = /^https?:\/\/(?:[^/?#@]*@)?([^/?#]*)/i

/**
 * What Fastify routes. A target in absolute form, which servers must accept (RFC 9112 §3.2.2),
 * becomes origin form (§3.2.1), so that routing, the journal's paths and fault rules see the
 * path either way, and its authority becomes the request's Host, as §3.2.2 has the server use it
 * in place of the Host header. Under a Graph version, OData's key in parentheses becomes a
 * segment (keysAsSegments, which the journal's path filter and fault rules apply to their paths),
 * and an encoded `$` is decoded.
 */
export function routedTarget (request: Pick<IncomingMessage, 'url' | 'headers'>): string {
  const target = request.url ?? '/'
  if (target.charCodeAt(0) !== 0x2f /* / */) {
    const authority = ABSOLUTE_FORM.exec(target)?.[1]
    if (authority !== undefined) request.headers.host = authority
  }
  return keysAsSegments(dollarsDecoded(originForm(target)))
}

/** A target as its path and query, in origin form (RFC 9112 §3.2.1) whichever form it was sent in, and otherwise as sent. */
export function originForm (target: string): string {
  if (target.charCodeAt(0) === 0x2f /* / */) return target
  const absolute = ABSOLUTE_FORM.exec(target)
  if (absolute === null) return target
  const rest = target.slice(absolute[0].length)
  return rest.charCodeAt(0) === 0x2f ? rest : `/${rest}`
}

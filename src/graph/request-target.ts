/**
 * The request target as routes, the journal and fault rules read it: its path and query, with
 * an entity's key in OData's parenthesised form (`managedDevices('id')`) written as the key
 * segment the routes declare (`managedDevices/id`).
 */
import type { IncomingMessage } from 'node:http'

/** A target in absolute form, and its authority (without any user info). */
const ABSOLUTE_FORM = /^https?:\/\/(?:[^/?#@]*@)?([^/?#]*)/i
/** Graph's paths: the only ones whose segments are OData's, so a control-API or issuer id is left as sent. */
const GRAPH_PATH = /^\/(?:beta|v1\.0)\//i
/** A segment `name('key')`, its key quoted as OData quotes a string: '' for a quote inside it. */
const PARENTHESISED_KEY = /^([^/(]+)\('((?:[^']|'')*)'\)$/

/** `managedDevices/id` for `managedDevices('id')`; the key is percent-encoded again, so an encoded `/` in it stays inside its segment. */
function keyAsSegment (segment: string): string {
  if (!segment.endsWith(')')) return segment
  // The quotes may come percent-encoded; one inside the key must then be doubled too.
  const match = PARENTHESISED_KEY.exec(segment.replaceAll(/%27/gi, "'"))
  if (match === null) return segment
  const [, name = '', quoted = ''] = match
  let key: string
  try {
    key = decodeURIComponent(quoted).replaceAll("''", "'")
  } catch {
    // Undecodable: the segment goes on as sent, to be refused as the router refuses any such URL.
    return segment
  }
  return `${name}/${encodeURIComponent(key)}`
}

/**
 * What Fastify routes. A target in absolute form, which servers must accept (RFC 9112 §3.2.2),
 * becomes origin form (§3.2.1), so that routing, the journal's paths and fault rules see the
 * path either way, and its authority becomes the request's Host, as §3.2.2 has the server use it
 * in place of the Host header. Under a Graph version, OData's key in parentheses (OData URL
 * Conventions 4.01 §4.3.1, which Graph takes beside the key as a segment) becomes a segment; a
 * function's call, `name(param='value')`, names its parameters and is left alone.
 */
export function routedTarget (request: Pick<IncomingMessage, 'url' | 'headers'>): string {
  let target = request.url ?? '/'
  if (target.charCodeAt(0) !== 0x2f /* / */) {
    const absolute = ABSOLUTE_FORM.exec(target)
    if (absolute !== null) {
      request.headers.host = absolute[1]
      target = target.slice(absolute[0].length)
      if (target.charCodeAt(0) !== 0x2f) target = `/${target}`
    }
  }
  const paren = target.indexOf('(')
  if (paren === -1 || !GRAPH_PATH.test(target)) return target
  const query = target.indexOf('?')
  if (query !== -1 && paren > query) return target
  const path = query === -1 ? target : target.slice(0, query)
  return path.split('/').map(keyAsSegment).join('/') + (query === -1 ? '' : target.slice(query))
}

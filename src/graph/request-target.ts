/**
 * The request target as routes, the journal and fault rules read it: its path and query, with
 * an entity's key in OData's parenthesised form (`managedDevices('id')`) written as the key
 * segment the routes declare (`managedDevices/id`).
 */
import type { IncomingMessage } from 'node:http'
import { keysAsSegments } from '../state/path-prefix.js'

/** A target in absolute form, and its authority (without any user info). */
const ABSOLUTE_FORM = /^https?:\/\/(?:[^/?#@]*@)?([^/?#]*)/i

/**
 * What Fastify routes. A target in absolute form, which servers must accept (RFC 9112 §3.2.2),
 * becomes origin form (§3.2.1), so that routing, the journal's paths and fault rules see the
 * path either way, and its authority becomes the request's Host, as §3.2.2 has the server use it
 * in place of the Host header. Under a Graph version, OData's key in parentheses becomes a
 * segment (keysAsSegments, which the journal's path filter and fault rules apply to their paths).
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
  return keysAsSegments(target)
}

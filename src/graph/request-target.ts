/**
 * The request target as routes, the journal and fault rules read it: its path and query, with
 * an entity's key in OData's parenthesised form (`managedDevices('id')`) written as the key
 * segment the routes declare (`managedDevices/id`).
 */

/** A segment `name('key')`, its key quoted as OData quotes a string ('' for '), the quotes sent as they are or percent-encoded. */
const PARENTHESISED_KEY = /^([^/(]+)\((?:'|%27)((?:[^']|'')*?)(?:'|%27)\)$/i

/** `managedDevices/id` for `managedDevices('id')`; the key is percent-encoded again, so an encoded `/` in it stays inside its segment. */
function keyAsSegment (segment: string): string {
  const match = PARENTHESISED_KEY.exec(segment)
  if (match === null) return segment
  const [, name = '', quoted = ''] = match
  let key: string
  try {
    key = decodeURIComponent(quoted.replaceAll(/%27/gi, "'")).replaceAll("''", "'")
  } catch {
    // Undecodable: the segment goes on as sent, to be refused as the router refuses any such URL.
    return segment
  }
  return `${name}/${encodeURIComponent(key)}`
}

/**
 * What Fastify routes: origin form (RFC 9112 §3.2.1) for a target sent in absolute form, which
 * servers must accept (§3.2.2), so that routing, the journal's paths and fault rules see the
 * path either way (the Host header still names the host); and OData's key-as-parenthesis
 * (OData URL Conventions 4.01 §4.3.1, which Graph accepts beside the key as a segment) as a
 * segment. A function's call, `name(param='value')`, names its parameters and is left alone.
 */
export function routedTarget (url: string): string {
  let target = url
  if (target.charCodeAt(0) !== 0x2f /* / */) {
    const scheme = /^https?:\/\/[^/?#]*/i.exec(target)
    if (scheme !== null) target = target.slice(scheme[0].length) || '/'
    if (target.charCodeAt(0) === 0x3f /* ? */) target = `/${target}`
  }
  const query = target.indexOf('?')
  const paren = target.indexOf('(')
  if (paren === -1 || (query !== -1 && paren > query)) return target
  const path = query === -1 ? target : target.slice(0, query)
  return path.split('/').map(keyAsSegment).join('/') + (query === -1 ? '' : target.slice(query))
}

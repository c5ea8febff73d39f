/**
 * Paths as Graph's router matches them, for the journal's `path` filter and fault rules: a key
 * in parentheses as the key segment (as routing rewrites it), percent-escapes decoded as the
 * router decodes them, case-insensitive, repeated slashes as one, query and fragment ignored.
 * Pure string work: graph/request-target.ts rewrites request targets with keysAsSegments too.
 */

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
  // No key at all: as a segment it would name the collection (a trailing slash is ignored), so it stays as sent, for routing to refuse.
  if (key === '') return segment
  return `${name}/${encodeURIComponent(key)}`
}

/**
 * An origin-form target (path and query) with, under a Graph version, OData's key in parentheses
 * (OData URL Conventions 4.01 §4.3.1, which Graph takes beside the key as a segment) written as a
 * segment; a function's call, `name(param='value')`, names its parameters and is left alone, and
 * so is the query.
 */
export function keysAsSegments (target: string): string {
  const paren = target.indexOf('(')
  if (paren === -1 || !GRAPH_PATH.test(target)) return target
  const query = target.indexOf('?')
  if (query !== -1 && paren > query) return target
  const path = query === -1 ? target : target.slice(0, query)
  return path.split('/').map(keyAsSegment).join('/') + (query === -1 ? '' : target.slice(query))
}

/** Runs of percent-escapes; `%25` splits a run, as it stays encoded. */
const ESCAPE_RUN = /(?:%[0-9a-f]{2})+/gi
const ESCAPED_PERCENT = /%25/i

/**
 * Percent-escapes decoded as find-my-way decodes a path before routing it (decodeURI): every
 * character but the reserved ones (`# $ & + , / : ; = ? @`) and `%`, which stay escaped, so an
 * encoded `/` stays inside its segment. A run that is not UTF-8 is kept as sent.
 */
function decodedAsRouted (path: string): string {
  return path.replaceAll(ESCAPE_RUN, (run) => run.split(ESCAPED_PERCENT).map((part) => {
    try {
      return decodeURI(part)
    } catch {
      return part
    }
  }).join('%25'))
}

/** The path of an origin-form target, without its query or fragment. */
function pathOf (url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** The form both sides are compared in; `url` is a target as routed (its keys already segments). */
function normalizedPath (url: string): string {
  const path = pathOf(url)
  return (path.includes('%') ? decodedAsRouted(path) : path).toLowerCase().replace(/\/{2,}/g, '/')
}

/** Whether the path of `url` needs more than lower-casing to be compared. */
function needsNormalizing (url: string): boolean {
  if (url.includes('//')) return true
  const percent = url.indexOf('%')
  return percent !== -1 && percent < pathOf(url).length
}

/**
 * A test for a routed target `url` (what Fastify's request.url holds) against `prefix`, which is
 * read as a request's target is: its keys in parentheses become segments first, then both go
 * through the same normalising. Build it once and run it on every request.
 */
export function pathPrefixMatcher (prefix: string): (url: string) => boolean {
  const wanted = normalizedPath(keysAsSegments(prefix))
  // The usual URL has no repeated slash and no escape: compare only its first characters, without
  // normalising it all. `wanted` holds no '?' or '#', so a query reached within that length cannot match by accident.
  return (url) => needsNormalizing(url)
    ? normalizedPath(url).startsWith(wanted)
    : url.length >= wanted.length && url.slice(0, wanted.length).toLowerCase() === wanted
}

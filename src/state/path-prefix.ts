/** Path prefixes as Graph's router matches paths: case-insensitive, repeated slashes as one, query ignored. */

function normalizedPath (url: string): string {
  const queryAt = url.indexOf('?')
  return (queryAt === -1 ? url : url.slice(0, queryAt)).toLowerCase().replace(/\/{2,}/g, '/')
}

/** A test for `url` against `prefix`; build it once and run it on every request. */
export function pathPrefixMatcher (prefix: string): (url: string) => boolean {
  const wanted = normalizedPath(prefix)
  // The usual URL has no repeated slash: compare only its first characters, without normalising it all.
  // `wanted` holds no '?', so a query reached within that length cannot match by accident.
  return (url) => url.includes('//')
    ? normalizedPath(url).startsWith(wanted)
    : url.length >= wanted.length && url.slice(0, wanted.length).toLowerCase() === wanted
}

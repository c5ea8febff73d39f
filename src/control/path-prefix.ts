/** Path prefixes as Graph's router matches paths: case-insensitive, repeated slashes as one, query ignored. */

export function normalizedPath (url: string): string {
  const queryAt = url.indexOf('?')
  return (queryAt === -1 ? url : url.slice(0, queryAt)).toLowerCase().replace(/\/{2,}/g, '/')
}

/** A test for `url` against `prefix`; build it once and run it on every request. */
export function pathPrefixMatcher (prefix: string): (url: string) => boolean {
  const wanted = normalizedPath(prefix)
  return (url) => normalizedPath(url).startsWith(wanted)
}

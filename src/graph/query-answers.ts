/**
 * What the OData query options add to a Graph answer: `Prefer: odata.maxpagesize`, the
 * `@odata.context` that names a `$select`, and the absolute `@odata.nextLink` of the next page
 * (concepts/paging.md).
 */
import type { FastifyRequest } from 'fastify'
import type { QueryOptions } from '../odata/query-options.js'
import { requestOrigin } from './request-origin.js'

/**
 * The client's `Prefer: odata.maxpagesize=N` (OData 4.01 Part 1, 8.2.8.3), when it sent a
 * usable one; a preference the server cannot read is ignored, as preferences may be. Each
 * comma-separated item is one preference, and what follows its `;` are its parameters (RFC 7240).
 */
export function maxPageSizeOf (request: FastifyRequest): number | undefined {
  const prefer = request.headers.prefer
  if (prefer === undefined) return undefined
  for (const preference of [prefer].flat().join(',').split(',')) {
    const match = /^\s*odata\.maxpagesize\s*=\s*"?(\d{1,9})"?\s*$/i.exec(preference.split(';')[0] ?? '')
    const size = Number(match?.[1] ?? 0)
    if (size > 0) return size
  }
  return undefined
}

/** `name` as a query string writes it, keeping OData's `$` readable, as Graph's nextLinks do. */
const encodedName = (name: string) => encodeURIComponent(name).replaceAll('%24', '$')

/**
 * The next page's URL: absolute, on the scheme, host and port the client used (so that the
 * SDKs' allowed-hosts check passes), with the options the client sent and the server's
 * `$skiptoken`, which a client must follow as given, never build.
 */
export function nextLinkOf (request: FastifyRequest, { kept }: QueryOptions, skipToken: string): string {
  const path = request.url.split('?')[0] ?? ''
  const query = [...kept, ['$skiptoken', skipToken] as const].map(([name, value]) => `${encodedName(name)}=${encodeURIComponent(value)}`)
  return `${requestOrigin(request)}${path}?${query.join('&')}`
}

/** `deviceManagement/managedDevices(id,deviceName)`: the context's path, naming the `$select`, as Graph writes it. */
export function selectedContext (path: string, { select }: QueryOptions): string {
  return select === undefined ? path : `${path}(${select.join(',')})`
}

/** Where the client reached graph-mock, `https://host:port`, for the absolute URLs Graph answers with. */
import { isIPv6 } from 'node:net'
import type { FastifyRequest } from 'fastify'
import { batchItems } from './batch-items.js'

/**
 * The scheme and host the client used, so that the SDKs' allowed-hosts check passes on
 * nextLinks and Locations. A `$batch` item names its batch's, since inject's socket is never
 * encrypted; a request without a Host header (HTTP/1.0 needs none) names the address its
 * connection came in on, which names the listener as well.
 */
export function requestOrigin (request: FastifyRequest): string {
  const item = batchItems.getStore()
  if (item !== undefined) return item.origin
  if (request.host) return `${request.protocol}://${request.host}`
  const { localAddress = '', localPort } = request.socket
  return `${request.protocol}://${isIPv6(localAddress) ? `[${localAddress}]` : localAddress}:${localPort}`
}

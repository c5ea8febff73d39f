/**
 * What graph-mock cannot take as it was sent, on any of its routes: a Host that names no host,
 * which the absolute URLs of answers are made from, and a transfer coding Node's parser does
 * not undo. Each surface answers it in its own shape.
 */
import type { FastifyRequest } from 'fastify'
import { invalidHost, unknownTransferCoding, type GraphError } from './errors.js'

/** RFC 9110's `uri-host [ ":" port ]` in the characters it allows: an IP literal in brackets, or a reg-name (an IPv4 address is one). */
const HOST = /^(?:\[[\d.:A-Fa-f]+\]|[\w.~!$&'()*+,;=%-]+)(?::\d*)?$/
/** The last Host found good: a client sends the same one every time, and a URL parse per request would cost its throughput. */
let knownGood = ''

/** Whether the Host header, when there is one, names a host that a URL can hold, port within range, escapes decodable. */
function hostIsValid (host: string | undefined): boolean {
  if (host === undefined || host === '' || host === knownGood) return true
  if (!HOST.test(host)) return false
  // WHATWG's parser refuses what the characters allow but no URL holds: `%zz`, `a%2Fb`, `:99999`, `[1.2.3.4]`.
  if (!URL.canParse(`http://${host}/`)) return false
  knownGood = host
  return true
}

/** Why the request cannot be taken as sent, if it cannot: a Graph error each surface answers in its own shape. */
export function framingRefusal (request: FastifyRequest): GraphError | undefined {
  const { host, 'transfer-encoding': coding } = request.headers
  if (!hostIsValid(host)) return invalidHost(host ?? '')
  // Node's parser takes `gzip, chunked` as chunked, and hands on the body still compressed.
  if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') return unknownTransferCoding(coding)
  return undefined
}

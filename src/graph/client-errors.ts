/**
 * The answer to a request Node's HTTP parser rejects before Fastify sees it (bad method, header
 * overflow, timeout): still Graph's envelope and headers, written on the raw socket.
 */
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { GraphError, badRequest, graphErrorBody } from './errors.js'
import { AGS_DIAGNOSTIC } from './headers.js'

interface ConnectionError extends Error {
  code?: string
}

function graphErrorFor (error: ConnectionError): GraphError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new GraphError(431, 'RequestHeaderFieldsTooLarge', 'The request headers are too large.')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new GraphError(408, 'RequestTimeout', 'The request was not received in time.')
    default:
      return badRequest('The request could not be parsed as HTTP.')
  }
}

export function writeClientError (error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return
  const graphError = graphErrorFor(error)
  const requestId = randomUUID()
  const body = JSON.stringify(graphErrorBody(graphError, requestId, requestId))
  socket.end([
    `HTTP/1.1 ${graphError.statusCode} ${STATUS_CODES[graphError.statusCode] ?? 'Bad Request'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `request-id: ${requestId}`,
    `client-request-id: ${requestId}`,
    `Date: ${new Date().toUTCString()}`,
    `x-ms-ags-diagnostic: ${AGS_DIAGNOSTIC}`,
    'Strict-Transport-Security: max-age=31536000',
    'Connection: close',
    '',
    body
  ].join('\r\n'))
}

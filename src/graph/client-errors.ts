/**
 * The answer to a request Node's HTTP parser rejects before Fastify sees it (bad method, header
 * overflow, timeout): still Graph's envelope and headers, written on the raw socket.
 */
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { GraphError, badRequest, graphErrorBody } from './errors.js'
import { AGS_DIAGNOSTIC } from './headers.js'

/** How long a refused connection's client has to read the answer before the server closes the connection itself. */
export const CLOSE_GRACE_MS = 1000

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

/** Graph's error answer, headers and body, with the connection closed after it. */
function graphErrorAnswer (graphError: GraphError) {
  const requestId = randomUUID()
  const body = JSON.stringify(graphErrorBody(graphError, requestId, requestId))
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'request-id': requestId,
    'client-request-id': requestId,
    Date: new Date().toUTCString(),
    'x-ms-ags-diagnostic': AGS_DIAGNOSTIC,
    'Strict-Transport-Security': 'max-age=31536000',
    Connection: 'close'
  }
  return { headers, body }
}

/** Writes the answer on a connection no ServerResponse owns any more, and makes sure the connection then closes. */
function answerOnSocket (socket: Duplex, graphError: GraphError): void {
  const { statusCode } = graphError
  const { headers, body } = graphErrorAnswer(graphError)
  const head = [`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Bad Request'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
  // Unread bytes left in the receive buffer would make the kernel answer the final close with a
  // reset, which can discard the answer before the client reads it; so whatever else comes is read and dropped.
  socket.resume()
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
  // The server accepts half-open connections, so end() alone leaves this one (and its descriptor)
  // open for as long as the client neither reads nor closes its side.
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref()
  socket.once('close', () => clearTimeout(timer))
}

/** Fastify's clientErrorHandler: what Node's parser could not read, or did not receive in time. */
export function writeClientError (error: ConnectionError, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return
  answerOnSocket(socket, graphErrorFor(error))
}

/**
 * The answers to requests Node's HTTP server refuses before Fastify sees them (bad method, header
 * overflow, timeout, an unmet Expect, a body announced too large to continue, CONNECT): still
 * Graph's envelope and headers.
 */
import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { loggedUrl } from '../logged-url.js'
import { GraphError, badRequest, graphErrorBody, payloadTooLarge } from './errors.js'
import { graphHeaders, headerText } from './headers.js'

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

/** The caller's client-request-id when there was a parsed request to send one, as Graph echoes it. */
function sentClientRequestId (request: IncomingMessage | undefined): string | undefined {
  const sent = request?.headers['client-request-id']
  const value = Array.isArray(sent) ? sent[0] : sent
  return value === '' ? undefined : value
}

/** Graph's error answer, headers and body, with the connection closed after it. */
function graphErrorAnswer (graphError: GraphError, request?: IncomingMessage) {
  const requestId = randomUUID()
  const clientRequestId = sentClientRequestId(request) ?? requestId
  const body = JSON.stringify(graphErrorBody(graphError, requestId, headerText(clientRequestId)))
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    ...graphHeaders(requestId, clientRequestId),
    Date: new Date().toUTCString(),
    Connection: 'close'
  }
  return { headers, body }
}

/** The one log line of a request Node refused, shaped as the access log's line for the requests Fastify serves. */
function logRefusal (log: FastifyBaseLogger, { statusCode, code, message }: GraphError, request?: IncomingMessage): void {
  log.info({ method: request?.method, url: request?.url === undefined ? undefined : loggedUrl(request.url), statusCode, code, message }, 'request completed')
}

/** Writes the answer on a connection no ServerResponse owns any more, and makes sure the connection then closes. */
function answerOnSocket (socket: Duplex, graphError: GraphError, log: FastifyBaseLogger, request?: IncomingMessage): void {
  logRefusal(log, graphError, request)
  const { statusCode } = graphError
  const { headers, body } = graphErrorAnswer(graphError, request)
  const head = [`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Bad Request'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
  // Unread bytes left in the receive buffer would make the kernel answer the final close with a
  // reset, which can discard the answer before the client reads it; so whatever else comes is read and dropped.
  socket.resume()
  // The head as Latin-1, the bytes an echoed client-request-id came in; the body as UTF-8.
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]))
  // The server accepts half-open connections, so end() alone leaves this one (and its descriptor)
  // open for as long as the client neither reads nor closes its side.
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref()
  socket.once('close', () => clearTimeout(timer))
}

/** Writes the answer through the ServerResponse Node made for a request that Fastify never sees. */
function answerOnResponse (response: ServerResponse, graphError: GraphError, log: FastifyBaseLogger, request: IncomingMessage): void {
  logRefusal(log, graphError, request)
  const { headers, body } = graphErrorAnswer(graphError, request)
  response.writeHead(graphError.statusCode, headers).end(Buffer.from(body))
}

/** Fastify's clientErrorHandler, which Fastify calls on its instance: what Node's parser could not read, or did not receive in time. */
export function writeClientError (this: FastifyInstance, error: ConnectionError, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return
  answerOnSocket(socket, graphErrorFor(error), this.log)
}

/**
 * Node's 'checkExpectation' listener, for an Expect header other than 100-continue. Graph's error
 * catalogue names no code for 417, so the code is the status's name, as for the other statuses Node raises.
 */
export function refuseExpectation (request: IncomingMessage, response: ServerResponse, log: FastifyBaseLogger): void {
  answerOnResponse(response, new GraphError(417, 'ExpectationFailed', 'The Expect header asks for what graph-mock does not do: the only expectation it meets is \'100-continue\'.'), log, request)
}

/**
 * Node's 'checkContinue' listener, for `Expect: 100-continue`: a body whose Content-Length is over
 * the limit gets Graph's 413 at once, so the client need not upload it only to have it refused
 * (RFC 9110 §10.1.1: a server may answer with a final status instead of 100). Any other is told to
 * continue and handed to `serve`, since Node emits no 'request' for it once this event is listened to.
 */
export function continueOrRefuse (request: IncomingMessage, response: ServerResponse, log: FastifyBaseLogger, limitBytes: number, serve: () => void): void {
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) return answerOnResponse(response, payloadTooLarge(limitBytes), log, request)
  response.writeContinue()
  serve()
}

/**
 * Node's 'connect' listener: graph-mock is no proxy. 400, as for any other method Node's parser
 * refuses, rather than a 405, which would have to list the methods a host:port target allows.
 */
export function refuseConnect (request: IncomingMessage, socket: Duplex, log: FastifyBaseLogger): void {
  answerOnSocket(socket, badRequest('The HTTP method \'CONNECT\' is not supported: graph-mock is not a proxy.'), log, request)
}

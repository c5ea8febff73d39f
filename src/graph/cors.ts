/**
 * CORS, so that a browser app under test can call graph-mock as it calls Graph, which supports
 * CORS for single-page apps (https://learn.microsoft.com/graph/tutorials/javascript). Only a
 * request with an Origin header gets these headers; a preflight is answered before any token
 * check, as a browser sends it without the Authorization it asks about.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

/** What a script may read of an answer beyond the CORS-safelisted headers: Graph's ids and what SDKs act on. */
const EXPOSED = 'request-id, client-request-id, x-ms-ags-diagnostic, Location, Retry-After, OData-Version, WWW-Authenticate, Preference-Applied'
const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS'

export const isPreflight = (request: FastifyRequest) => request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined

/**
 * The origin, echoed rather than `*`, so that an app fetching with credentials is let in too;
 * `Vary: Origin` keeps caches from handing one origin's answer to another.
 */
export function allowOrigin (request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin
  if (origin === undefined) return
  reply.header('access-control-allow-origin', origin)
  reply.header('access-control-allow-credentials', 'true')
  reply.header('access-control-expose-headers', EXPOSED)
  reply.header('vary', 'Origin')
}

/** A preflight's answer: every method graph-mock serves, the headers asked for, kept a day by the browser. */
export function answerPreflight (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  allowOrigin(request, reply)
  reply.header('access-control-allow-methods', METHODS)
  const asked = request.headers['access-control-request-headers']
  if (asked !== undefined) reply.header('access-control-allow-headers', asked)
  reply.header('access-control-max-age', '86400')
  return reply.code(204).send()
}

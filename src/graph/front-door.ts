/**
 * What Graph's front door does to every request before a route sees its body: stamp the
 * response headers, turn requests away while the server drains on shutdown, read the token for
 * the request's tenant, inject the faults that tenant's tests asked for, check the token, then
 * the tenant's throttling. One onRequest hook for all, as it runs on every request; a fault's
 * delay of a request with a body waits in preParsing instead, reading the body meanwhile.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { FaultRules } from '../state/fault-rules.js'
import './request-outcome.js'
import { DEFAULT_TENANT_ID } from '../state/tenants.js'
import { bearerToken, type Authenticate } from './auth.js'
import { toGraphError } from './error-handler.js'
import { GraphError, transientError, undecodableUri } from './errors.js'
import { closingRefusal } from './graceful-close.js'
import type { GraphRouteConfig } from './route-config.js'
import { isPreflight } from './cors.js'
import { setGraphHeaders } from './headers.js'
import { BODY_LIMIT_BYTES } from './json-body.js'
import { readAhead } from './read-ahead.js'
import { framingRefusal } from './request-framing.js'
import { queryDecodes } from './request-target.js'
import { throttled } from './throttling.js'
import { decodeClaims, type TokenClaims } from './token-claims.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The claims of the request's bearer token when it is a JWT, decoded once by the token check for every reader (`/me`). */
    tokenClaims: TokenClaims | undefined
    /** Graph's 401 for a token that looks like a JWT and is none, which the token check answers. */
    tokenRefusal: GraphError | undefined
    /** A fault's delay for a request with a body, which waits while the body is read (read-ahead.ts). */
    bodyDelayMs: number | undefined
  }
}

/** The methods whose bodies Fastify reads, and so hands to json-body. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function carriesBody ({ method, headers }: FastifyRequest): boolean {
  return BODY_METHODS.has(method) && (headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0'))
}

export interface FrontDoorOptions {
  authenticate: Authenticate
  /** Whether the token's `tid` names the request's tenant; with AUTH_MODE=off every request is the default tenant's. */
  tenantsFromTokens: boolean
}

const graphFrontDoor: FastifyPluginAsync<FrontDoorOptions> = async (app, { authenticate, tenantsFromTokens }) => {
  app.decorateRequest('frontDoorRefusal', undefined)
  app.decorateRequest('tokenClaims', undefined)
  app.decorateRequest('tokenRefusal', undefined)
  app.decorateRequest('bodyDelayMs', undefined)

  /**
   * Refuses with a GraphError: at once when the request carries no body Fastify will read, else
   * once the body has been read (json-body throws it), so that the journal keeps what was sent.
   * Anything else (the signing key unreadable) is graph-mock's own failure.
   */
  function refuseLater (request: FastifyRequest, error: Error, done: (error?: Error) => void): void {
    if (!(error instanceof GraphError) || !carriesBody(request)) return done(error)
    request.frontDoorRefusal = error
    done()
  }

  /** Calls `done` once the tenant's throttling admits the request, else refuses it. */
  function admitted (request: FastifyRequest, route: GraphRouteConfig | undefined, done: (error?: Error) => void): void {
    const refusal = throttled(request, route)
    if (refusal === undefined) done()
    else refuseLater(request, refusal, done)
  }

  /** Goes on to throttling once the token is checked; a signed token's check is the only asynchronous one, and the only one that makes a closure. */
  function authenticated (request: FastifyRequest, token: string | undefined, done: (error?: Error) => void): void {
    // Read once: Fastify builds the route's options afresh on every read of routeOptions.
    const route = request.routeOptions.config.graph
    let pending: Promise<void> | void
    try {
      pending = authenticate(request, token, route)
    } catch (error) {
      return refuseLater(request, error as Error, done)
    }
    if (pending === undefined) admitted(request, route, done)
    else pending.then(() => admitted(request, route, done), (error: Error) => refuseLater(request, error, done))
  }

  function refuseWhileClosing (reply: FastifyReply, done: (error: Error) => void): void {
    // Graph's own 503 instead of the body Fastify would send while draining; the body is not worth reading.
    reply.header('connection', 'close')
    done(closingRefusal())
  }

  /** Goes on after `delayMs`, or is refused at once when the server starts closing meanwhile. */
  function later (delayMs: number, then: () => void, refuse: () => void): void {
    const timer = setTimeout(() => {
      release()
      then()
    }, delayMs)
    const release = app.shutdown.hold(() => {
      clearTimeout(timer)
      refuse()
    })
  }

  // Callback style saves a promise per request over an async hook. onRequest, not preHandler:
  // like Graph, an unauthenticated caller learns nothing about its body.
  app.addHook('onRequest', (request, reply, done) => {
    setGraphHeaders(request, reply)
    if (app.shutdown.closing) return refuseWhileClosing(reply, done)
    // A browser's preflight carries no token: its route answers it (cors.ts), unless its query does not decode.
    if (isPreflight(request)) return done(queryDecodes(request.url) ? undefined : undecodableUri())
    // The token names the tenant, whose fault rules come next; its claims are checked after them,
    // so a token that is no JWT at all meets the default tenant's rules, then its 401.
    let faults: FaultRules
    const token = bearerToken(request.headers.authorization)
    try {
      request.tokenClaims = token === undefined ? undefined : decodeClaims(token)
    } catch (error) {
      request.tokenRefusal = toGraphError(error, request)
    }
    try {
      request.tenantId = (tenantsFromTokens ? request.tokenClaims?.tid : undefined) ?? DEFAULT_TENANT_ID
      faults = request.state.faults
    } catch (error) {
      // No room for the token's tenant (MOCK_TENANT_LIMIT): refused, and journaled, in the default tenant.
      request.tenantId = DEFAULT_TENANT_ID
      return refuseLater(request, toGraphError(error, request), done)
    }
    // As Fastify refuses an undecodable path, before anything else reads the request but the
    // token, so that the refusal is journaled in the tenant whose suite looks for it.
    if (!queryDecodes(request.url)) return done(undecodableUri())
    // Else `Host: evil.test/x?y=` would write `http://evil.test/x?y=/beta/…` into nextLinks and Locations.
    const framing = framingRefusal(request)
    if (framing !== undefined) return done(framing)
    // Before auth and validation: Graph throttles and fails at its front door, whatever the request holds.
    const fault = faults.match(request.method, request.url)
    if (fault === undefined) return authenticated(request, token, done)
    request.faultRuleId = fault.ruleId
    const error = fault.status === undefined ? undefined : transientError(fault.status, fault.retryAfterSeconds)
    const proceed = () => error === undefined ? authenticated(request, token, done) : refuseLater(request, error, done)
    if (fault.delayMs > 0 && !carriesBody(request)) return later(fault.delayMs, proceed, () => refuseWhileClosing(reply, done))
    // A body is read while the delay runs, which then holds what follows: parsing, and any refusal.
    if (fault.delayMs > 0) request.bodyDelayMs = fault.delayMs
    proceed()
  })

  app.addHook('preParsing', (request, reply, payload, done) => {
    const delayMs = request.bodyDelayMs
    if (delayMs === undefined) return done(null, payload)
    const limit = request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES
    // A body its Content-Length already puts over the limit is not read: Fastify refuses it unread.
    if (Number(request.headers['content-length']) > limit) return later(delayMs, () => done(null, payload), () => refuseWhileClosing(reply, done))
    const readBody = readAhead(payload, limit)
    later(delayMs, () => done(null, readBody()), () => {
      readBody()
      refuseWhileClosing(reply, done)
    })
  })
}

export default fp(graphFrontDoor, { name: 'graph-front-door' })

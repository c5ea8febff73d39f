/**
 * What Graph's front door does to every request before a route sees its body: stamp the
 * response headers, turn requests away while the server drains on shutdown, inject the faults
 * a test asked for, check the token. One onRequest hook for all, as it runs on every request.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { FaultRules } from '../control/fault-rules.js'
import './request-outcome.js'
import type { Authenticate } from './auth.js'
import { GraphError, serviceNotAvailable } from './errors.js'
import { setGraphHeaders } from './headers.js'

const RETRY_AFTER_SECONDS = 1

export interface FrontDoorOptions {
  faults: FaultRules
  authenticate: Authenticate
}

const graphFrontDoor: FastifyPluginAsync<FrontDoorOptions> = async (app, { faults, authenticate }) => {
  app.decorateRequest('frontDoorRefusal', undefined)

  function refuseLater (request: FastifyRequest, done: () => void) {
    return (error: Error) => {
      // A GraphError is Graph's answer; anything else (the signing key unreadable) is graph-mock's own failure.
      if (!(error instanceof GraphError)) return (done as (error?: Error) => void)(error)
      request.frontDoorRefusal = error
      done()
    }
  }

  /** Calls `done` once the token is checked; a signed token's check is the only asynchronous one. */
  function authenticated (request: FastifyRequest, done: (error?: Error) => void): void {
    const refuse = refuseLater(request, done)
    try {
      const pending = authenticate(request)
      if (pending === undefined) done()
      else pending.then(() => done(), refuse)
    } catch (error) {
      refuse(error as Error)
    }
  }

  let closing = false
  // Requests held back by a fault's delay; on shutdown they are refused at once instead of holding the close.
  const delayed = new Map<NodeJS.Timeout, () => void>()
  app.addHook('preClose', async () => {
    closing = true
    for (const [timer, refuse] of delayed) {
      clearTimeout(timer)
      refuse()
    }
  })

  function later (delayMs: number, then: () => void, refuse: () => void): void {
    const timer = setTimeout(() => {
      delayed.delete(timer)
      then()
    }, delayMs)
    delayed.set(timer, refuse)
  }

  function refuseWhileClosing (reply: FastifyReply, done: (error: Error) => void): void {
    // Graph's own 503 instead of the body Fastify would send while draining; the body is not worth reading.
    reply.header('connection', 'close')
    done(serviceNotAvailable(RETRY_AFTER_SECONDS))
  }

  // Callback style saves a promise per request over an async hook. onRequest, not preHandler:
  // like Graph, an unauthenticated caller learns nothing about its body.
  app.addHook('onRequest', (request, reply, done) => {
    setGraphHeaders(request, reply)
    if (closing) return refuseWhileClosing(reply, done)
    // Before auth and validation: Graph throttles and fails at its front door, whatever the request holds.
    const fault = faults.match(request.method, request.url)
    if (fault === undefined) return authenticated(request, done)
    request.faultRuleId = fault.ruleId
    const proceed = () => fault.error === undefined ? authenticated(request, done) : refuseLater(request, done)(fault.error)
    if (fault.delayMs > 0) later(fault.delayMs, proceed, () => refuseWhileClosing(reply, done))
    else proceed()
  })

  app.addHook('preValidation', (request, _reply, done) => {
    if (request.frontDoorRefusal === undefined) done()
    else done(request.frontDoorRefusal)
  })
}

export default fp(graphFrontDoor, { name: 'graph-front-door' })

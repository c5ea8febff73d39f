/**
 * What closing does to the requests and connections still open, so that a shutdown ends within
 * about a second whatever the clients are doing: requests held back (by a fault's delay) and
 * requests whose body is still arriving are answered with Graph's 503 at once, requests being
 * handled get up to a second to finish, and every connection left (idle, never used, or stuck
 * in its headers) is dropped. The one owner of "closing", which the front door asks.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { serviceNotAvailable } from './errors.js'
import { sendGraphError } from './error-handler.js'

/** How long requests already being handled get to finish before their connections are dropped too. */
const FINISH_GRACE_MS = 1000

/** Graph's answer to a request that meets the shutdown. */
export const closingRefusal = () => serviceNotAvailable(1)

export interface Shutdown {
  /** True from the moment the app starts closing. */
  readonly closing: boolean
  /** Runs `refuse` as soon as closing begins, unless the returned release is called first. */
  hold (refuse: () => void): () => void
}

declare module 'fastify' {
  interface FastifyInstance {
    shutdown: Shutdown
  }
}

const gracefulClose: FastifyPluginAsync = async (app) => {
  const inFlight = new Map<FastifyRequest, FastifyReply>()
  const held = new Set<() => void>()
  let closing = false
  let allFinished: (() => void) | undefined

  app.decorate('shutdown', {
    get closing () { return closing },
    hold (refuse: () => void) {
      held.add(refuse)
      return () => { held.delete(refuse) }
    }
  })

  app.addHook('onRequest', (request, reply, done) => {
    inFlight.set(request, reply)
    done()
  })
  function finished (request: FastifyRequest, done: () => void): void {
    inFlight.delete(request)
    if (inFlight.size === 0) allFinished?.()
    done()
  }
  app.addHook('onResponse', (request, _reply, done) => finished(request, done))
  // A client that gives up before its answer gets no onResponse.
  app.addHook('onRequestAbort', (request, done) => finished(request, done))

  app.addHook('preClose', async () => {
    closing = true
    for (const refuse of held) refuse()
    held.clear()
    for (const [request, reply] of inFlight) {
      // Its body would hold the close for as long as the client takes to send it.
      if (!request.raw.complete && !reply.sent) sendGraphError(reply.header('connection', 'close'), closingRefusal())
    }
    if (inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        allFinished = resolve
        setTimeout(resolve, FINISH_GRACE_MS).unref()
      })
    }
    // Node's own close keeps a connection that has not finished its first request, and Fastify's
    // drops only idle keep-alive ones: a connection pool's spare socket would hold the exit.
    app.server.closeAllConnections()
  })
}

export default fp(gracefulClose, { name: 'graceful-close' })

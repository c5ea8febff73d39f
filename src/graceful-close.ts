/**
 * What closing does to the connections still open, so that a shutdown ends within about a
 * second whatever the clients are doing: a request whose body is still arriving is answered
 * with Graph's 503, a request being handled is let finish, and every connection left (idle,
 * never used, or stuck in its headers) is dropped.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { serviceNotAvailable } from './graph/errors.js'
import { sendGraphError } from './graph/error-handler.js'

/** How long requests already being handled get to finish before their connections are dropped too. */
const FINISH_GRACE_MS = 1000
const RETRY_AFTER_SECONDS = 1

const gracefulClose: FastifyPluginAsync = async (app) => {
  const inFlight = new Map<FastifyRequest, FastifyReply>()
  let allFinished: (() => void) | undefined

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
    for (const [request, reply] of inFlight) {
      // Its body would hold the close for as long as the client takes to send it.
      if (!request.raw.complete && !reply.sent) sendGraphError(reply.header('connection', 'close'), serviceNotAvailable(RETRY_AFTER_SECONDS))
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

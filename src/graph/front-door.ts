/**
 * What Graph's front door does to every request before a route sees its body: stamp the
 * response headers, turn requests away while the server drains on shutdown, check the token.
 * One onRequest hook for all three, as it runs on every request.
 */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { authenticate } from './auth.js'
import { serviceNotAvailable } from './errors.js'
import { setGraphHeaders } from './headers.js'

const RETRY_AFTER_SECONDS = 1

const graphFrontDoor: FastifyPluginAsync = async (app) => {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })

  // Callback style saves a promise per request over an async hook. onRequest, not preHandler:
  // like Graph, an unauthenticated caller learns nothing about its body.
  app.addHook('onRequest', (request, reply, done) => {
    setGraphHeaders(request, reply)
    if (closing) {
      // Graph's own 503 instead of the body Fastify would send while draining.
      reply.header('connection', 'close')
      return done(serviceNotAvailable(RETRY_AFTER_SECONDS))
    }
    try {
      authenticate(request)
      done()
    } catch (error) {
      done(error as Error)
    }
  })
}

export default fp(graphFrontDoor, { name: 'graph-front-door' })

/** While the server drains on shutdown, new requests get Graph's 503 instead of Fastify's own body. */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { serviceNotAvailable } from './errors.js'

const RETRY_AFTER_SECONDS = 1

const graphShutdown: FastifyPluginAsync = async (app) => {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done()
    reply.header('connection', 'close')
    done(serviceNotAvailable(RETRY_AFTER_SECONDS))
  })
}

export default fp(graphShutdown, { name: 'graph-shutdown' })

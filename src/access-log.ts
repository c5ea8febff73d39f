/** One log line per request, written when the reply is sent (Fastify's default writes two). */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

const LEVELS_WITH_INFO = new Set(['info', 'debug', 'trace'])

const accessLog: FastifyPluginAsync = async (app) => {
  // Above info (LOG_LEVEL=warn) the line would be dropped; skip the hook and the object it builds.
  if (!LEVELS_WITH_INFO.has(app.log.level)) return
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100
    }, 'request completed')
    done()
  })
}

export default fp(accessLog, { name: 'access-log' })

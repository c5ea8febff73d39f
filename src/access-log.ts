/**
 * One log line per request, written when the reply is sent (Fastify's default writes two): with
 * the code and message of a refusal and the fault rule that fired, so every line says why.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { decorateRequestOutcome } from './graph/request-outcome.js'
import './graph/route-config.js'
import { loggedUrl } from './logged-url.js'

const LEVELS_WITH_INFO = new Set(['info', 'debug', 'trace'])

/** Whether the access log writes a line for every request at `level` (info and below). */
export const logsEveryRequest = (level: string) => LEVELS_WITH_INFO.has(level)

/**
 * What debug and trace add to the line: the request's headers (credentials redacted), and at
 * trace a Graph request's body when small. Control-API and token bodies carry secrets
 * (client secrets, whole stored records) that no redaction path could follow.
 */
function detailsAt (level: string, request: FastifyRequest): Record<string, unknown> {
  if (level === 'info') return {}
  const headers = { headers: request.headers }
  const graphBody = request.bodyText !== undefined && request.routeOptions.config.graph !== undefined
  return level === 'trace' && graphBody ? { ...headers, body: request.body } : headers
}

const accessLog: FastifyPluginAsync = async (app) => {
  decorateRequestOutcome(app)
  const level = app.log.level
  // Above info (LOG_LEVEL=warn) the line would be dropped; skip the hook and the object it builds.
  if (!logsEveryRequest(level)) return
  app.addHook('onResponse', (request, reply, done) => {
    const { refusal, faultRuleId } = request
    request.log.info({
      method: request.method,
      url: loggedUrl(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      ...(refusal === undefined ? {} : { code: refusal.code, message: refusal.message }),
      ...(faultRuleId === undefined ? {} : { faultRuleId }),
      ...detailsAt(level, request)
    }, 'request completed')
    done()
  })
}

export default fp(accessLog, { name: 'access-log' })

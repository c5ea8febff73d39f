/** /_mock/faults: make Graph throttle, fail or slow down for the requests a test chooses. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { faultRuleLimitReached, faultRuleNotFound, faultRuleWithoutEffect, checkPathPrefix } from './errors.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import type { StateOf } from './tenant-scope.js'

const faultRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  /** POST /_mock/faults: adds a rule; it applies from the next request on. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.addFaultRule),
    handler: async (request, reply) => {
      const { faults } = stateOf(request)
      const { path } = request.body
      if (request.body.status === undefined && request.body.delayMs === undefined) throw faultRuleWithoutEffect()
      if (path !== undefined) checkPathPrefix(path, "A fault rule's path")
      if (faults.size() >= faults.limit) throw faultRuleLimitReached(faults.limit)
      return reply.code(201).send(faults.add(request.body))
    }
  })

  /** GET /_mock/faults: the rules still active, in the order they are tried, with how often each fired. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.listFaultRules),
    handler: async (request) => ({ rules: stateOf(request).faults.list() })
  })

  /** DELETE /_mock/faults: removes every rule. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.clearFaultRules),
    handler: async (request, reply) => {
      stateOf(request, true).faults.clear()
      return reply.code(204).send()
    }
  })

  /** DELETE /_mock/faults/{ruleId}: removes one rule. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.removeFaultRule),
    handler: async (request, reply) => {
      if (!stateOf(request).faults.remove(request.params.ruleId)) throw faultRuleNotFound(request.params.ruleId)
      return reply.code(204).send()
    }
  })
}

export default faultRoutes

/** /_mock/faults: make Graph throttle, fail or slow down for the requests a test chooses. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { faultRuleLimitReached, faultRuleNotFound, faultRuleWithoutEffect } from './errors.js'
import type { StateOf } from './tenant-scope.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'
import { FaultRuleInputSchema, FaultRuleSchema } from '../state/fault-rules.js'

const RuleParamsSchema = Type.Object({ ruleId: Type.String() })

const faultRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  const tags = ['control']

  /** POST /_mock/faults: adds a rule; it applies from the next request on. */
  app.post('/faults', {
    schema: { tags, summary: 'Add a fault rule', body: FaultRuleInputSchema, response: { 201: FaultRuleSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    const { faults } = stateOf(request)
    if (request.body.status === undefined && request.body.delayMs === undefined) throw faultRuleWithoutEffect()
    if (faults.size() >= faults.limit) throw faultRuleLimitReached(faults.limit)
    return reply.code(201).send(faults.add(request.body))
  })

  /** GET /_mock/faults: the rules still active, in the order they are tried, with how often each fired. */
  app.get('/faults', {
    schema: { tags, summary: 'The active fault rules', response: { 200: Type.Object({ rules: Type.Array(FaultRuleSchema) }), ...CONTROL_ERROR_REPLIES } }
  }, async (request) => ({ rules: stateOf(request).faults.list() }))

  /** DELETE /_mock/faults: removes every rule. */
  app.delete('/faults', {
    schema: { tags, summary: 'Remove every fault rule', response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    stateOf(request).faults.clear()
    return reply.code(204).send()
  })

  /** DELETE /_mock/faults/{ruleId}: removes one rule. */
  app.delete('/faults/:ruleId', {
    schema: { tags, summary: 'Remove one fault rule', params: RuleParamsSchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    if (!stateOf(request).faults.remove(request.params.ruleId)) throw faultRuleNotFound(request.params.ruleId)
    return reply.code(204).send()
  })
}

export default faultRoutes

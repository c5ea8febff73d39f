/** /_mock/throttling: whether a tenant's Graph requests count against Intune's budgets. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CONTROL_ERROR_REPLIES } from './replies.js'
import type { StateOf } from './tenant-scope.js'

const ThrottlingSchema = Type.Object({
  enabled: Type.Boolean({ description: 'Whether Intune\'s request budgets apply to the tenant\'s Graph requests' })
}, { additionalProperties: false })

const throttlingRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  const tags = ['control']

  /** GET /_mock/throttling: whether it is on. */
  app.get('/throttling', {
    schema: { tags, summary: 'Whether Intune\'s throttling applies', response: { 200: ThrottlingSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => ({ enabled: stateOf(request).throttle.enabled }))

  /** PUT /_mock/throttling: turns Intune's budgets on or off for the tenant; its windows keep what they counted. */
  app.put('/throttling', {
    schema: { tags, summary: 'Turn Intune\'s throttling on or off', body: ThrottlingSchema, response: { 200: ThrottlingSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => {
    stateOf(request).throttle.enabled = request.body.enabled
    return request.body
  })
}

export default throttlingRoutes

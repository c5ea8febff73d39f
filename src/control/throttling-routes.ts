/** /_mock/throttling: whether a tenant's Graph requests count against Intune's budgets. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import type { StateOf } from './tenant-scope.js'

const throttlingRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  /** GET /_mock/throttling: whether it is on. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.readThrottling),
    handler: async (request) => ({ enabled: stateOf(request).throttle.enabled })
  })

  /** PUT /_mock/throttling: turns Intune's budgets on or off for the tenant; its windows keep what they counted. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.setThrottling),
    handler: async (request) => {
      stateOf(request).throttle.enabled = request.body.enabled
      return request.body
    }
  })
}

export default throttlingRoutes

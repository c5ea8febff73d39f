/** /_mock/token-clients: which roles the token issuer gives an app, and which secret it must present. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { tokenClientLimitReached } from './errors.js'
import { sendKeyedPage } from './listing-page.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import type { StateOf } from './tenant-scope.js'

const tokenClientRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  /** PUT /_mock/token-clients/{clientId}: registers an app; unregistered apps get TOKEN_ROLES and any secret works. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.putTokenClient),
    handler: async (request) => {
      const { clientId } = request.params
      const { clients } = stateOf(request)
      if (!clients.has(clientId) && clients.size() >= clients.limit) throw tokenClientLimitReached(clients.limit)
      clients.put(clientId, request.body)
      return request.body
    }
  })

  /** GET /_mock/token-clients: the registered apps, a page at a time when they are many. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.listTokenClients),
    handler: async (request, reply) => sendKeyedPage(request, reply, request.query.skip ?? 0, Object.entries(stateOf(request).clients.list()))
  })
}

export default tokenClientRoutes

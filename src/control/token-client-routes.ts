/** /_mock/token-clients: which roles the token issuer gives an app, and which secret it must present. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { StateOf } from './tenant-scope.js'
import { tokenClientLimitReached } from './errors.js'
import { SkipQuerySchema, keyedPage } from './listing-page.js'
import { CONTROL_ERROR_REPLIES } from './replies.js'

// Bounds well above any real app registration (Entra allows far fewer app roles), so that a
// registration can never be megabytes of roles.
const TokenClientSchema = Type.Object({
  roles: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 100, description: 'The roles claim of its tokens; [] for a token without permissions' }),
  secret: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'The only client_secret accepted; any when absent' }))
}, { additionalProperties: false })

const tokenClientRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  const tags = ['control']

  /** PUT /_mock/token-clients/{clientId}: registers an app; unregistered apps get TOKEN_ROLES and any secret works. */
  app.put('/token-clients/:clientId', {
    schema: { tags, summary: 'Register an app with the token issuer', params: Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 256 }) }), body: TokenClientSchema, response: { 200: TokenClientSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => {
    const { clientId } = request.params
    const { clients } = stateOf(request)
    if (!clients.has(clientId) && clients.size() >= clients.limit) throw tokenClientLimitReached(clients.limit)
    clients.put(clientId, request.body)
    return request.body
  })

  /** GET /_mock/token-clients: the registered apps, a page at a time when they are many. */
  app.get('/token-clients', {
    schema: { tags, summary: 'The apps registered with the token issuer; when a page cannot hold them all, Link names the next', querystring: SkipQuerySchema, response: { 200: Type.Record(Type.String(), TokenClientSchema), ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => keyedPage(request, reply, request.query.skip ?? 0, Object.entries(stateOf(request).clients.list())))
}

export default tokenClientRoutes

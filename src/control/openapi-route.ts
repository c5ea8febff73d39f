/** GET /_mock/openapi.json: the OpenAPI document of every route, Graph's and the control API's, built from their schemas. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requestOrigin } from '../graph/request-origin.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'

const openApiRoute: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /_mock/openapi.json: for client generators and API viewers. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.openApi),
    // The listener the request reached, so a generated client calls the one it was generated from.
    handler: async (request) => ({ ...app.swagger(), servers: [{ url: requestOrigin(request) }] })
  })
}

export default openApiRoute

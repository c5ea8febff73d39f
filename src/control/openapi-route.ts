/** GET /_mock/openapi.json: the OpenAPI document of every route, Graph's and the control API's, built from their schemas. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CONTROL_ERROR_REPLIES } from './replies.js'

const openApiRoute: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /_mock/openapi.json: for client generators and API viewers. */
  app.get('/openapi.json', {
    schema: { tags: ['control'], summary: 'This OpenAPI document', response: { 200: Type.Unknown({ description: 'OpenAPI 3.1 document' }), 401: CONTROL_ERROR_REPLIES[401] } }
  }, async () => app.swagger())
}

export default openApiRoute

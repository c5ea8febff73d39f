/** GET /_mock/openapi.json: the OpenAPI document of every route, Graph's and the control API's, built from their schemas. */
import { isIPv6 } from 'node:net'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'

/** Where this request reached the server, so a generated client calls the listener it was generated from. */
function baseUrl (request: FastifyRequest): string {
  if (request.host !== '') return `${request.protocol}://${request.host}`
  // HTTP/1.0 needs no Host header: the address the connection came in on names the listener as well.
  const { localAddress = '', localPort } = request.socket
  return `${request.protocol}://${isIPv6(localAddress) ? `[${localAddress}]` : localAddress}:${localPort}`
}

const openApiRoute: FastifyPluginAsyncTypebox = async (app) => {
  /** GET /_mock/openapi.json: for client generators and API viewers. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.openApi),
    handler: async (request) => ({ ...app.swagger(), servers: [{ url: baseUrl(request) }] })
  })
}

export default openApiRoute

/** Options of @fastify/swagger: the OpenAPI document that GET /_mock/openapi.json serves. */
import type { SwaggerOptions } from '@fastify/swagger'
import { CONTROL_PREFIX } from './control/control-api.js'
import { VERSION } from './version.js'

export function openApiOptions (): SwaggerOptions {
  return {
    openapi: {
      // 3.1, as its schemas are JSON Schema: nullable unions and `const` need no translation.
      openapi: '3.1.0',
      info: {
        title: 'graph-mock',
        version: VERSION,
        description: 'A local mock of the Microsoft Graph beta API for integration tests, with a control API under /_mock.'
      },
      components: {
        securitySchemes: {
          graphToken: { type: 'http', scheme: 'bearer', description: 'Any bearer token; a JWT has its claims checked' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'MOCK_ADMIN_TOKEN, when it is set' }
        }
      }
    },
    // Graph routes need a Graph token; control routes the admin token, health excepted; the token issuer none.
    transform ({ schema, url, route }) {
      const isControl = url.startsWith(`${CONTROL_PREFIX}/`) && route.config?.withoutAdminToken !== true
      const security = route.config?.graph !== undefined ? [{ graphToken: [] }] : isControl ? [{ adminToken: [] }] : []
      return { schema: { ...schema, security }, url }
    }
  }
}

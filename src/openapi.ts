/** Options of @fastify/swagger: the OpenAPI document that GET /_mock/openapi.json serves. */
import type { SwaggerOptions } from '@fastify/swagger'
import { CONTROL_PREFIX } from './control/control-api.js'
import { VERSION } from './version.js'

const pascalCase = (text: string) =>
  text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')

/**
 * A name for client generators that stays the same as long as the route does: the method, then
 * each path segment, a parameter as By<Name> (`/_mock/faults/:ruleId`: deleteMockFaultsByRuleId).
 * A leading parameter, the tenant, scopes the whole path rather than picking a record, so it
 * reads as a prefix, as /_mock does (postTenantOauth2V20Token).
 */
function operationId (method: string | string[], url: string): string {
  const [first = '', ...others] = [method].flat().map((name) => name.toLowerCase())
  // A parameter's pattern (`:tenant(^…$)`) is not part of its name.
  const segments = url.split('/').filter((segment) => segment !== '').map((segment) => segment.replace(/^(:\w+)\(.*$/, '$1')).map((segment, index) =>
    segment.startsWith(':') && index > 0 ? `By${pascalCase(segment)}` : pascalCase(segment))
  return [first, ...others.map(pascalCase), ...segments].join('')
}

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
    // A route may name its own operation; the others get the name of their method and path.
    transform ({ schema, url, route }) {
      const isControl = url.startsWith(`${CONTROL_PREFIX}/`) && route.config?.withoutAdminToken !== true
      const security = route.config?.graph !== undefined ? [{ graphToken: [] }] : isControl ? [{ adminToken: [] }] : []
      return { schema: { ...schema, security, operationId: schema?.operationId ?? operationId(route.method, url) }, url }
    }
  }
}

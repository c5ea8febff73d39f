/** Options of @fastify/swagger: the OpenAPI document that GET /_mock/openapi.json serves. */
import type { SwaggerOptions } from '@fastify/swagger'
import { CONTROL_PREFIX } from './control/control-api.js'
import type { QueryOptionName } from './graph/route-config.js'
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

/**
 * The route's params schema with every `:name` of its URL in it, as OpenAPI requires of a path:
 * a route registered under a prefix (the control API's `/tenants/:tenantId`) declares its own
 * parameters only. Without a params schema, @fastify/swagger reads them off the URL itself.
 */
function withEveryPathParam (params: unknown, url: string): unknown {
  if (typeof params !== 'object' || params === null || !('properties' in params)) return params
  const { properties, required = [] } = params as { properties: Readonly<Record<string, unknown>>, required?: readonly string[] }
  const missing = [...url.matchAll(/\/:(\w+)/g)].map(([, name = '']) => name).filter((name) => !Object.hasOwn(properties, name))
  if (missing.length === 0) return params
  return { ...params, properties: { ...properties, ...Object.fromEntries(missing.map((name) => [name, { type: 'string' }])) }, required: [...required, ...missing] }
}

const QUERY_OPTION_DOCS: Readonly<Record<QueryOptionName, string>> = {
  $filter: 'An OData filter, such as operatingSystem eq \'Windows\'',
  $select: 'The properties to answer, comma-separated',
  $orderby: 'Properties to sort by, each with asc or desc, comma-separated',
  $top: 'At most this many entities',
  $skip: 'Leave out the first this many entities',
  $count: 'true adds @odata.count, every match\'s number',
  $skiptoken: 'The next page, as an @odata.nextLink names it: follow the link as given'
}

/** The OData query options a route reads, as OpenAPI parameters: the route reads them itself, with Graph's refusals, so no querystring schema validates them. */
function queryOptionsSchema (names: readonly QueryOptionName[]) {
  return { type: 'object', properties: Object.fromEntries(names.map((name) => [name, { type: 'string', description: QUERY_OPTION_DOCS[name] }])) }
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
      const params = withEveryPathParam(schema?.params, url)
      const queryOptions = route.config?.graph?.queryOptions
      return {
        schema: {
          ...schema,
          ...(params === undefined ? {} : { params }),
          ...(queryOptions === undefined ? {} : { querystring: queryOptionsSchema(queryOptions) }),
          security,
          operationId: schema?.operationId ?? operationId(route.method, url)
        },
        url
      }
    }
  }
}

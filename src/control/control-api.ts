/**
 * The control API under /_mock, for the test suite beside the app under test: health, reset,
 * store, journal, faults, OpenAPI. It needs no Graph token; MOCK_ADMIN_TOKEN, when set, guards
 * every route but health. Its errors use Graph's envelope, so one parser reads them all.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { KindGuard, type TObject } from '@sinclair/typebox'
import type { FastifySchemaValidationError } from 'fastify'
import { bearerToken } from '../graph/auth.js'
import graphErrorHandler, { sendGraphError } from '../graph/error-handler.js'
import { framingRefusal } from '../graph/request-framing.js'
import { echoSafeBody, setGraphHeaders } from '../graph/headers.js'
import type { Tenants } from '../state/tenants.js'
import { shownInput } from '../shown-input.js'
import { adminTokenRequired, noControlRoute } from './errors.js'
import faultRoutes from './fault-routes.js'
import healthRoute from './health-route.js'
import journalRoutes from './journal-routes.js'
import caRoute from './ca-route.js'
import clockRoutes from './clock-routes.js'
import openApiRoute from './openapi-route.js'
import resetRoute from './reset-route.js'
import storeRoutes from './store-routes.js'
import tenantRoutes from './tenant-routes.js'
import throttlingRoutes from './throttling-routes.js'
import { CONTROL_PREFIX, TENANT_PREFIX } from './operations.js'
import { tenantStateOf } from './tenant-scope.js'
import { releaseRefusedClaims } from '../graph/tenant-claims.js'
import tokenClientRoutes from './token-client-routes.js'

export { CONTROL_PREFIX }

export interface ControlApiOptions {
  tenants: Tenants
  /** Every set the store holds, by name, with its record schema. */
  recordSchemas: Readonly<Record<string, TObject>>
  /** The sets among them that hold a singleton. */
  singletons: readonly string[]
  /** When set, every route but health needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string | undefined
  caPem?: string | undefined
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A control route anyone may call, MOCK_ADMIN_TOKEN or not: health, for container health checks. */
    withoutAdminToken?: boolean
  }
}

/**
 * A query's values as the route's schema types them, each taken only in its type's own text: an
 * integer's digits; `true`, `false`, `1` or `0` in any case, as TypeBox's Convert took them.
 * Convert reads `1.9` and `1e400` as 1 and `0x10` as 16; those stay text here, which validation
 * then refuses as no integer.
 */
function typedQuery (schema: TObject, query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const typed: Record<string, unknown> = { ...query }
  for (const [name, value] of Object.entries(query)) {
    const property = schema.properties[name]
    if (typeof value !== 'string' || property === undefined) continue
    if (KindGuard.IsInteger(property) && /^-?\d+$/.test(value)) typed[name] = Number(value)
    else if (KindGuard.IsBoolean(property) && /^(?:true|false|1|0)$/i.test(value)) typed[name] = /^(?:true|1)$/i.test(value)
  }
  return typed
}

const sha256 = (text: string) => createHash('sha256').update(text).digest()

/** Compares digests, so the time taken tells nothing about the token. */
function adminTokenMatcher (adminToken: string): (authorization: string | undefined) => boolean {
  const expected = sha256(adminToken)
  return (authorization) => {
    const token = bearerToken(authorization)
    return token !== undefined && timingSafeEqual(sha256(token), expected)
  }
}

/** One validation message, for the first problem: which input, which property, what is allowed. */
function validationMessage (errors: FastifySchemaValidationError[]): string {
  const [first] = errors
  if (first === undefined) return 'is invalid'
  const { instancePath, message = 'is invalid', params } = first
  const where = instancePath === '' ? '' : ` property '${shownInput(instancePath.slice(1).replaceAll('/', '.'))}'`
  const unknown = typeof params['additionalProperty'] === 'string' ? ` '${shownInput(params['additionalProperty'])}'` : ''
  const allowed = Array.isArray(params['allowedValues']) ? ` (${params['allowedValues'].join(', ')})` : ''
  return `${where} ${message}${unknown}${allowed}`.trim()
}

const controlApi: FastifyPluginAsyncTypebox<ControlApiOptions> = async (app, { tenants, recordSchemas, singletons, adminToken, caPem }) => {
  app.register(graphErrorHandler)
  // One rule for every control reply, success or error: Graph's headers, so a suite can match
  // any answer of graph-mock to its log line by request-id.
  app.addHook('onRequest', (request, reply, done) => {
    setGraphHeaders(request, reply)
    done(framingRefusal(request))
  })
  app.addHook('onSend', (_request, reply, payload, done) => { done(null, echoSafeBody(reply, payload)) })
  app.setSchemaErrorFormatter((errors) => new Error(validationMessage(errors)))
  app.setNotFoundHandler((request, reply) => sendGraphError(reply, noControlRoute(request.method, request.url.split('?')[0] ?? '')))

  if (adminToken !== undefined) {
    const isAdmin = adminTokenMatcher(adminToken)
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.routeOptions.config.withoutAdminToken === true || isAdmin(request.headers.authorization)) done()
      else done(adminTokenRequired())
    })
  }

  // Query strings are text, and the app's Ajv does not coerce; type them by the route's schema before it validates.
  app.addHook('preValidation', (request, _reply, done) => {
    const schema = request.routeOptions.schema?.querystring
    if (KindGuard.IsObject(schema)) request.query = typedQuery(schema, request.query as Readonly<Record<string, unknown>>)
    done()
  })

  releaseRefusedClaims(app, tenants)
  app.register(healthRoute, { tenants })
  app.register(tenantRoutes, { tenants })
  // What a tenant holds, at /_mock/… for the default tenant and at /_mock/tenants/{tenantId}/… for any.
  const stateOf = tenantStateOf(tenants)
  const tenantScope: FastifyPluginAsyncTypebox = async (scope) => {
    scope.register(resetRoute, { stateOf })
    scope.register(storeRoutes, { stateOf, recordSchemas, singletons })
    scope.register(journalRoutes, { stateOf })
    scope.register(faultRoutes, { stateOf })
    scope.register(tokenClientRoutes, { stateOf })
    scope.register(clockRoutes, { stateOf })
    scope.register(throttlingRoutes, { stateOf })
  }
  app.register(tenantScope)
  app.register(tenantScope, { prefix: TENANT_PREFIX })
  app.register(openApiRoute)
  app.register(caRoute, { caPem })
}

export default controlApi

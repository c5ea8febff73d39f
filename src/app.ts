/** buildApp: a Fastify instance serving Graph's conventions and every resource, around the state it is given. */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import accessLog from './access-log.js'
import { DEFAULT_REQUEST_TIMEOUT_MS } from './config.js'
import gracefulClose from './graph/graceful-close.js'
import controlApi, { CONTROL_PREFIX } from './control/control-api.js'
import { SET_BODY_LIMIT_BYTES } from './control/store-routes.js'
import { overlongTenantIdRefusal } from './control/tenant-scope.js'
import { authenticator, type AuthMode } from './graph/auth.js'
import { continueOrRefuse, refuseConnect, refuseExpectation, writeClientError } from './graph/client-errors.js'
import { allowOrigin, answerPreflight, isPreflight } from './graph/cors.js'
import { sendGraphError, toGraphError } from './graph/error-handler.js'
import jsonBody, { BODY_LIMIT_BYTES } from './graph/json-body.js'
import type { GraphResource } from './graph/resource.js'
import graphService from './graph/service.js'
import { routedTarget } from './graph/request-target.js'
import issuerRoutes, { sendEntraError } from './issuer/routes.js'
import { overlongTenantRefusal, tenantlessRefusal } from './issuer/tenant-segment.js'
import type { SigningKeySource } from './state/signing-key.js'
import { openApiOptions } from './openapi.js'
import { RESOURCES, recordSchemas, singletonSets } from './resources/index.js'
import { lazyChildLogger } from './request-logger.js'
import { AJV_OPTIONS, buildLazySerializer, buildLazyValidator } from './schema-compilers.js'
import type { Tenants } from './state/tenants.js'

export { BODY_LIMIT_BYTES }

/** The state is created by the caller, so several listeners can share it and each test can start afresh. */
export interface AppDeps {
  /** Every tenant's state. */
  tenants: Tenants
  logger?: FastifyServerOptions['logger']
  resources?: readonly GraphResource[]
  /** MOCK_ADMIN_TOKEN: when set, the control API requires it. */
  adminToken?: string | undefined
  /** Key and certificate (PEM): the app then serves HTTPS. */
  https?: { key: string, cert: string } | undefined
  /** The local CA's certificate, served at /_mock/ca.pem. */
  caPem?: string | undefined
  /** The key the token issuer signs with, and AUTH_MODE=signed checks against. */
  signingKey: SigningKeySource
  authMode?: AuthMode
  /** REQUEST_TIMEOUT_MS: a request not wholly received by then gets Graph's 408 and its connection is closed. */
  requestTimeoutMs?: number
  /** MOCK_PAGE_SIZE: the page size of every collection, in place of each one's own. */
  pageSize?: number | undefined
}

/**
 * Undecodable URLs and over-long path segments, which Fastify answers before any hook or
 * handler runs: in Graph's shape, but for a tenant segment of the issuer's (Entra's) or of the
 * control API's, whose routes would have refused it had the router matched them.
 */
function answerFrameworkError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const entra = overlongTenantRefusal(request.url)
    if (entra !== undefined) return sendEntraError(entra, request, reply)
    const control = overlongTenantIdRefusal(request.url)
    if (control !== undefined) return sendGraphError(reply, control)
  }
  return sendGraphError(reply, toGraphError(error, request))
}

/** An issuer path that no route took because it names no tenant: Entra's answer (its preflight's too), not Graph's "Invalid version: oauth2". */
function answerTenantless (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  // The target as routed, which is a path even when a proxy sent it in absolute form.
  const entra = tenantlessRefusal(request.url)
  if (entra === undefined) return undefined
  if (isPreflight(request)) return answerPreflight(request, reply)
  allowOrigin(request, reply)
  return sendEntraError(entra, request, reply)
}

/** The body limit of a request, before routing: Graph's, but a whole set's replacement through the control API, which takes more (store-routes.ts). */
function bodyLimitOf ({ method, url = '' }: IncomingMessage): number {
  return method === 'PUT' && SET_REPLACEMENT.test(url) ? SET_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES
}
const SET_REPLACEMENT = new RegExp(`^${CONTROL_PREFIX}/(?:tenants/[^/?]+/)?store/[^/?]+/?(?:\\?|$)`, 'i')

export function buildApp (deps: AppDeps) {
  const { tenants, logger = false, resources = RESOURCES, adminToken, https, caPem, signingKey, authMode = 'claims', requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS, pageSize } = deps
  // Node checks for timed-out requests only every connectionsCheckingInterval (30 s by default),
  // so a stalled upload would otherwise hold its connection up to twice the timeout; and it
  // gives headers 60 s of their own unless headersTimeout says otherwise.
  const nodeServerOptions = {
    connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    headersTimeout: requestTimeoutMs,
    // Node would answer a request without Host with a bare 400 that skips Graph's envelope.
    requireHostHeader: false
  }
  const app = Fastify({
    // Fastify hands these to Node's createServer, where the timeouts above are read.
    ...(https === undefined ? { http: nodeServerOptions } : { https: { ...https, ...nodeServerOptions } }),
    logger,
    childLoggerFactory: lazyChildLogger,
    // access-log writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    rewriteUrl: routedTarget,
    bodyLimit: BODY_LIMIT_BYTES,
    // A slow or stalled upload (slow-loris) is cut off instead of holding a connection forever.
    requestTimeout: requestTimeoutMs,
    // graph-front-door answers with Graph's own 503 while draining.
    return503OnClosing: false,
    exposeHeadRoutes: false,
    clientErrorHandler: writeClientError,
    frameworkErrors: answerFrameworkError,
    // `__proto__` and `constructor` stay ordinary keys of the parsed body, so the body schema
    // refuses them by name as unknown properties; nothing merges a body before it is validated.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 256,
      // The tree walk, not find-my-way's compiled matcher: compiling some 130 routes into code
      // took a start in process about 24 ms (median first start 161 ms compiled, 137 ms not, 18
      // fresh processes each), and the seed's PATCH under load was no faster for it (1.05x
      // without, 8 alternating rounds, within this VM's noise).
      compile: false
    },
    schemaController: { compilersFactory: { buildValidator: buildLazyValidator, buildSerializer: buildLazySerializer } },
    ajv: { customOptions: AJV_OPTIONS }
  }).withTypeProvider<TypeBoxTypeProvider>()
  // Node would answer these itself, a bare 417 and a dropped connection, without Graph's envelope,
  // and would ask for any body it is promised, however large.
  app.server.on('checkExpectation', (request, response) => refuseExpectation(request, response, app.log))
  app.server.on('checkContinue', (request, response) => continueOrRefuse(request, response, app.log, bodyLimitOf(request), () => app.server.emit('request', request, response)))
  app.server.on('connect', (request, socket) => refuseConnect(request, socket, app.log))

  // Graph reads only JSON bodies; anything else is refused as unreadable JSON.
  app.register(jsonBody)
  // First, so that it sees every route registered after it.
  app.register(swagger, openApiOptions())
  app.register(accessLog)
  app.register(gracefulClose)
  app.register(graphService, { tenants, resources, pageSize, authenticate: authenticator(authMode, signingKey), tenantsFromTokens: authMode !== 'off', unrouted: answerTenantless })
  app.register(issuerRoutes, { key: signingKey, tenants })
  app.register(controlApi, { prefix: CONTROL_PREFIX, tenants, recordSchemas: recordSchemas(resources), singletons: singletonSets(resources), adminToken, caPem })
  return app
}

/** buildApp: a Fastify instance serving Graph's conventions and every resource, around the state it is given. */
import { randomUUID } from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyServerOptions } from 'fastify'
import accessLog from './access-log.js'
import { writeClientError } from './graph/client-errors.js'
import graphErrorHandler, { sendGraphError, toGraphError } from './graph/error-handler.js'
import graphFrontDoor from './graph/front-door.js'
import graphHeaders from './graph/headers.js'
import { ODATA_TYPE_KEYWORD } from './graph/odata-types.js'
import type { GraphResource } from './graph/resource.js'
import graphRouting from './graph/routing.js'
import { RESOURCES } from './resources/index.js'
import type { Store } from './store/store.js'

/** Graph's documented request size limit is 4 MB. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024

export interface AppDeps {
  store: Store
  logger?: FastifyServerOptions['logger']
  resources?: readonly GraphResource[]
}

export function buildApp ({ store, logger = false, resources = RESOURCES }: AppDeps) {
  const app = Fastify({
    logger,
    // access-log writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    // A slow or stalled upload is cut off instead of holding a connection forever.
    requestTimeout: 30_000,
    // graph-front-door answers with Graph's own 503 while draining.
    return503OnClosing: false,
    exposeHeadRoutes: false,
    clientErrorHandler: writeClientError,
    // Undecodable URLs and over-long ids, which Fastify answers before any hook or handler runs.
    frameworkErrors: (error, request, reply) => sendGraphError(reply, toGraphError(error, request)),
    // `__proto__` and `constructor` stay ordinary keys of the parsed body, so the body schema
    // refuses them by name as unknown properties; nothing merges a body before it is validated.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 256,
      compile: true
    },
    ajv: {
      customOptions: {
        // Graph refuses `{"sessionKey": 42}`; Ajv's default coercion would store "42".
        coerceTypes: false,
        // Unknown properties are an error, never silently dropped.
        removeAdditional: false,
        keywords: [ODATA_TYPE_KEYWORD]
      }
    }
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Graph reads only JSON bodies; anything else is refused as unreadable JSON.
  app.removeContentTypeParser('text/plain')
  app.register(accessLog)
  app.register(graphHeaders)
  app.register(graphFrontDoor)
  app.register(graphErrorHandler)
  app.register(graphRouting)
  for (const resource of resources) {
    for (const version of resource.versions) {
      app.register(resource.routes, { prefix: `/${version}`, store })
    }
  }
  return app
}

/**
 * Microsoft Graph as graph-mock serves it: the conventions every Graph request goes through
 * (headers, front door, journal, errors, routing) around every resource, in a context of their
 * own, so the control API beside it is neither authenticated, journaled nor faulted like Graph.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Tenants } from '../state/tenants.js'
import type { Authenticate } from './auth.js'
import graphErrorHandler from './error-handler.js'
import graphFrontDoor from './front-door.js'
import { allowOrigin, answerPreflight, isPreflight } from './cors.js'
import { metadataNotServed } from './errors.js'
import { echoSafeBody, setODataHeaders } from './headers.js'
import { recordInJournal } from './journal-recorder.js'
import type { GraphResource } from './resource.js'
import resourceRoutes from './resource-routes.js'
import { batchItemAnswer } from './batch-items.js'
import { decorateThrottleNotices, tellThrottling } from './throttling.js'
import batchRoutes from './batch-routes.js'
import graphRouting, { GRAPH_VERSIONS, type UnroutedAnswer } from './routing.js'
import serviceDocument from './service-document.js'
import { decorateRequestState } from './request-state.js'

export interface GraphServiceOptions {
  tenants: Tenants
  resources: readonly GraphResource[]
  authenticate: Authenticate
  /** False with AUTH_MODE=off, where every request is the default tenant's. */
  tenantsFromTokens: boolean
  pageSize?: number | undefined
  /** Another part's answer to a path no route takes, before Graph's. */
  unrouted?: UnroutedAnswer
}

const graphService: FastifyPluginAsyncTypebox<GraphServiceOptions> = async (app, { tenants, resources, authenticate, tenantsFromTokens, pageSize, unrouted }) => {
  decorateRequestState(app, tenants)
  decorateThrottleNotices(app)
  // One onSend hook for every step of an answer, in their order: Fastify runs each hook through
  // its hook runner, and the three hooks this one replaced took 0.5 µs of a sampled PATCH.
  // A journal of size 0 costs nothing.
  const journaled = tenants.journalLimit > 0
  app.addHook('onSend', (request, reply, payload, done) => {
    setODataHeaders(reply, payload)
    allowOrigin(request, reply)
    if (journaled) recordInJournal(request, reply)
    tellThrottling(request)
    // Last: it takes a batch item's whole answer.
    done(null, echoSafeBody(reply, batchItemAnswer(payload)))
  })
  app.register(graphFrontDoor, { authenticate, tenantsFromTokens })
  app.register(graphErrorHandler)
  app.register(graphRouting, { unrouted })
  app.register(serviceDocument)
  for (const resource of resources) {
    for (const version of resource.versions) {
      app.register(resourceRoutes, { prefix: `/${version}`, resource, version, pageSize })
    }
  }
  app.register(batchRoutes)
  for (const version of GRAPH_VERSIONS) {
    // Rather than Graph's 400 for an unknown segment, which would say the link every @odata.context names does not exist.
    app.get(`/${version}/$metadata`, { schema: { hide: true } }, async () => { throw metadataNotServed() })
    // Any other OPTIONS is Graph routing's to answer, as before.
    app.options(`/${version}/*`, { schema: { hide: true } }, (request, reply) => isPreflight(request) ? answerPreflight(request, reply) : reply.callNotFound())
  }
}

export default graphService

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
import odataHeaders from './headers.js'
import journalRecorder from './journal-recorder.js'
import type { GraphResource } from './resource.js'
import resourceRoutes from './resource-routes.js'
import batchItemAnswers from './batch-items.js'
import throttleNotices from './throttling.js'
import batchRoutes from './batch-routes.js'
import graphRouting from './routing.js'
import { decorateRequestState } from './request-state.js'

export interface GraphServiceOptions {
  tenants: Tenants
  resources: readonly GraphResource[]
  authenticate: Authenticate
  /** False with AUTH_MODE=off, where every request is the default tenant's. */
  tenantsFromTokens: boolean
  pageSize?: number | undefined
}

const graphService: FastifyPluginAsyncTypebox<GraphServiceOptions> = async (app, { tenants, resources, authenticate, tenantsFromTokens, pageSize }) => {
  decorateRequestState(app, tenants)
  app.register(odataHeaders)
  app.register(graphFrontDoor, { authenticate, tenantsFromTokens })
  app.register(journalRecorder, { journalLimit: tenants.journalLimit })
  // After the headers' and the journal's onSend hooks: it takes a batch item's whole answer.
  app.register(batchItemAnswers)
  app.register(throttleNotices)
  app.register(graphErrorHandler)
  app.register(graphRouting)
  for (const resource of resources) {
    for (const version of resource.versions) {
      app.register(resourceRoutes, { prefix: `/${version}`, resource, version, pageSize })
    }
  }
  app.register(batchRoutes)
}

export default graphService

/** The state a Graph request is served from: its tenant's, reached through the request, so that no route holds a state of its own. */
import type { FastifyInstance } from 'fastify'
import type { MockState } from '../state/state.js'
import { DEFAULT_TENANT_ID, type Tenants } from '../state/tenants.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the request's token names (`tid`), else the default tenant. Set by the front door. */
    tenantId: string
    /** The store, journal, fault rules, token clients and page cursors of that tenant when it is in use, else the default tenant's. */
    readonly state: MockState
  }
}

export function decorateRequestState (app: FastifyInstance, tenants: Tenants): void {
  app.decorateRequest('tenantId', DEFAULT_TENANT_ID)
  app.decorateRequest('state', {
    getter (this: { tenantId: string }) {
      return tenants.find(this.tenantId)
    }
  })
}

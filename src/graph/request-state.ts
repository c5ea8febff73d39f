/** The state a Graph request is served from: its tenant's, reached through the request, so that no route holds a state of its own. */
import type { FastifyInstance } from 'fastify'
import type { MockState } from '../state/state.js'
import { batchItems } from './batch-items.js'
import { DEFAULT_TENANT_ID, type Tenants } from '../state/tenants.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the request's token names (`tid`), else the default tenant. Set by the front door. */
    tenantId: string
    /**
     * The state of that tenant (store, journal, fault rules, token clients, cursors, clock,
     * throttling), brought into use if it is new: found once, so that a request still running when its
     * tenant is forgotten finishes in the state it began in, not in a new one.
     */
    readonly state: MockState
    tenantState: MockState | null
  }
}

export function decorateRequestState (app: FastifyInstance, tenants: Tenants): void {
  app.decorateRequest('tenantId', DEFAULT_TENANT_ID)
  app.decorateRequest('tenantState', null)
  app.decorateRequest('state', {
    getter (this: { tenantId: string, tenantState: MockState | null }) {
      if (this.tenantState !== null) return this.tenantState
      const item = batchItems.getStore()
      if (item === undefined) return (this.tenantState = tenants.of(this.tenantId))
      // A batch item is its batch's: found when the batch began, as a lone request's is. Each
      // item counts as a use as it starts, so a batch of many held items does not leave its
      // tenant unused for longer than one item is held.
      tenants.touch(this.tenantId)
      return (this.tenantState = item.state)
    }
  })
}

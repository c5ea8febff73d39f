/**
 * A tenant that a control call or a token request would bring into use, kept only if that
 * request succeeds: a refused one (an unknown fault rule, a bad refresh token) leaves no tenant
 * behind to hold a place under MOCK_TENANT_LIMIT or to bring back one a suite forgot. Graph
 * requests keep theirs whatever their answer, for the journal their suite reads.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { MockState } from '../state/state.js'
import type { TenantClaim, Tenants } from '../state/tenants.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request brought its tenant into use, to be undone if it is refused. */
    tenantClaim: TenantClaim | undefined
  }
}

/** In the plugin whose routes use claimedState: a refused request's claim is released once it is answered. */
export function releaseRefusedClaims (app: FastifyInstance, tenants: Tenants): void {
  app.decorateRequest('tenantClaim', undefined)
  app.addHook('onResponse', (request, reply, done) => {
    if (request.tenantClaim !== undefined && reply.statusCode >= 400) tenants.release(request.tenantClaim)
    done()
  })
}

/** The state of `tenantId`, brought into use if it is new, until the request is refused. */
export function claimedState (tenants: Tenants, request: FastifyRequest, tenantId: string): MockState {
  const { state, claim } = tenants.claim(tenantId)
  request.tenantClaim ??= claim
  return state
}

/**
 * Intune's published throttling limits, per 20 s, per tenant and per app in the tenant
 * (learn.microsoft.com/graph/throttling-limits, includes/throttling-intune-devices.md and
 * includes/throttling-intune-remote-assistance.md: "the first limit to be reached triggers
 * throttling"), and their check of one request at Graph's front door, when the tenant has
 * throttling on.
 */
import type { FastifyRequest } from 'fastify'
import type { ServiceLimits } from '../state/throttle.js'
import { tooManyRequests, type GraphError } from './errors.js'
import './request-state.js'
import './route-config.js'

/** managedDevice and its actions. */
export const INTUNE_DEVICES: ServiceLimits = { area: 'intuneDevices', tenant: { writes: 400, all: 4000 }, app: { writes: 200, all: 2000 } }
/** remoteAssistancePartner and remoteAssistanceSettings. */
export const INTUNE_REMOTE_ASSISTANCE: ServiceLimits = { area: 'intuneRemoteAssistance', tenant: { writes: 200, all: 2000 }, app: { writes: 100, all: 1000 } }

declare module 'fastify' {
  interface FastifyRequest {
    /** Refused by throttling before the Retry-After its app was given had passed: the journal marks it. */
    earlyRetry: boolean
  }
}

/** The app a token was issued to, which Intune's per-app budgets count by (`appid` in v1 tokens, `azp` in v2). */
const appOf = (request: FastifyRequest) => request.tokenClaims?.appid ?? request.tokenClaims?.azp ?? 'unknown-app'

/** Graph's 429 when the request's budgets are spent; undefined when it may go on, or its tenant has throttling off. */
export function throttled (request: FastifyRequest): GraphError | undefined {
  const limits = request.routeOptions.config.graph?.throttling
  const { throttle, clock } = request.state
  if (limits === undefined || !throttle.enabled) return undefined
  const admission = throttle.admit(limits, appOf(request), request.method !== 'GET', clock.now())
  if (admission.admitted) return undefined
  request.earlyRetry = admission.early
  return tooManyRequests(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)))
}

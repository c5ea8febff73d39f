/**
 * Throttling at Graph's front door: a request counted against the budgets its route names
 * (throttling-limits.ts), when its tenant has throttling on, and Graph's 429 when they are spent.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { batchItems } from './batch-items.js'
import { tooManyRequests, type GraphError } from './errors.js'
import './request-state.js'
import type { GraphRouteConfig } from './route-config.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Refused by throttling before the Retry-After its app was given had passed: the journal marks it. */
    earlyRetry: boolean
    /** Tells the tenant's throttling that the app has been answered its Retry-After; called once the refusal is sent. */
    throttleNotice: (() => void) | undefined
  }
}

/** The app a token was issued to, which Intune's per-app budgets count by (`appid` in v1 tokens, `azp` in v2). */
const appOf = (request: FastifyRequest) => request.tokenClaims?.appid ?? request.tokenClaims?.azp ?? 'unknown-app'

/** Graph's 429 when the budgets of the request's route are spent; undefined when it may go on, or its tenant has throttling off. */
export function throttled (request: FastifyRequest, route: GraphRouteConfig | undefined): GraphError | undefined {
  const limits = route?.throttling
  const { throttle, clock } = request.state
  if (limits === undefined || !throttle.enabled) return undefined
  const app = appOf(request)
  const now = clock.now()
  const admission = throttle.admit(limits, app, request.method !== 'GET', now)
  if (admission.admitted) return undefined
  request.earlyRetry = admission.early
  if (!admission.early) request.throttleNotice = () => throttle.told(limits, app, now + admission.retryAfterMs)
  return tooManyRequests(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)))
}

/** `earlyRetry` and `throttleNotice`, on the Graph service's instance, where throttling sets them. */
export function decorateThrottleNotices (app: FastifyInstance): void {
  app.decorateRequest('earlyRetry', false)
  app.decorateRequest('throttleNotice', undefined)
}

/**
 * Tells throttling, once a refusal is sent, that its app now knows when to come back; a batch
 * item's refusal is sent with its batch, so the batch tells it then.
 */
export function tellThrottling (request: FastifyRequest): void {
  const notice = request.throttleNotice
  if (notice === undefined) return
  const item = batchItems.getStore()
  if (item === undefined) notice()
  else item.notices.push(notice)
}

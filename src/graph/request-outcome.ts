/** How a request was answered, beyond its status: set where the answer is decided, written on the request's one log line. */
import type { FastifyInstance } from 'fastify'
import type { GraphError } from './errors.js'

/** The error code and message a refused request got (Graph's, the control API's or Entra's). */
export interface Refusal {
  code: string
  message: string
}

declare module 'fastify' {
  interface FastifyRequest {
    refusal: Refusal | undefined
    /** The fault rule that fired on the request, failing or delaying it. */
    faultRuleId: string | undefined
    /**
     * The refusal Graph's front door decided on (a fault, the token) for a request with a body:
     * json-body throws it once the body has been read, so the journal keeps what the client
     * sent, and before the body is validated, so an unauthenticated caller learns nothing about it.
     */
    frontDoorRefusal: GraphError | undefined
  }
}

/** `refusal` and `faultRuleId`, on the root instance, so every context (Graph, control API, token issuer) can set them; the front door decorates its own `frontDoorRefusal`. */
export function decorateRequestOutcome (app: FastifyInstance): void {
  app.decorateRequest('refusal', undefined)
  app.decorateRequest('faultRuleId', undefined)
}

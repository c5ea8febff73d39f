/** The state a Graph request is served from, reached through the request, so that state per tenant will change no route. */
import type { FastifyInstance } from 'fastify'
import type { MockState } from '../state/state.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The store, journal and fault rules this request sees. */
    readonly state: MockState
  }
}

export function decorateRequestState (app: FastifyInstance, state: MockState): void {
  app.decorateRequest('state', { getter: () => state })
}

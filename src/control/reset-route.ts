/** POST /_mock/reset: the state a suite starts each test from, without restarting graph-mock. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MockState } from '../state/state.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import { RESET_PARTS, type ResetPart } from './schemas.js'
import type { StateOf } from './tenant-scope.js'

// The page cursors name the store's records, so they go with it.
const RESETTERS: Record<ResetPart, (state: MockState) => void> = {
  store: ({ store, cursors }) => { store.reset(); cursors.clear() },
  journal: ({ journal }) => journal.clear(),
  faults: ({ faults }) => faults.clear(),
  clients: ({ clients }) => clients.clear(),
  throttling: ({ throttle }) => throttle.reset(),
  // Windows counted by a clock moved on would otherwise lie in the future once it is put back.
  clock: ({ clock, throttle }) => { clock.reset(); throttle.forget() }
}

const resetRoute: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  /** POST /_mock/reset: the tenant as it came into use, its throttling switch as MOCK_THROTTLING sets it. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.reset),
    handler: async (request, reply) => {
      const parts = request.query.only?.split(',') as ResetPart[] | undefined ?? RESET_PARTS
      const state = stateOf(request, true)
      for (const part of parts) RESETTERS[part](state)
      return reply.code(204).send()
    }
  })
}

export default resetRoute

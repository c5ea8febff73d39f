/** /_mock/clock: a tenant's clock, which a suite moves on instead of waiting. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MAX_OFFSET_MS } from '../state/clock.js'
import { clockTooFar } from './errors.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import type { StateOf } from './tenant-scope.js'

const clockOf = (offsetMs: number, now: number) => ({ now: new Date(now).toISOString(), offsetSeconds: offsetMs / 1000 })

const clockRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  /** GET /_mock/clock: the tenant's time, and how far it runs ahead. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.readClock),
    handler: async (request) => {
      const { clock } = stateOf(request)
      return clockOf(clock.offsetMs, clock.now())
    }
  })

  /** POST /_mock/clock: moves the tenant's time on; POST /_mock/reset?only=clock puts it back. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.advanceClock),
    handler: async (request) => {
      const { clock } = stateOf(request)
      if (!clock.advance(request.body.advanceSeconds * 1000)) throw clockTooFar(MAX_OFFSET_MS / 1000)
      return clockOf(clock.offsetMs, clock.now())
    }
  })
}

export default clockRoutes

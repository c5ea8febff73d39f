/** /_mock/clock: a tenant's clock, which a suite moves on instead of waiting. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CONTROL_ERROR_REPLIES } from './replies.js'
import { MAX_OFFSET_MS } from '../state/clock.js'
import { clockTooFar } from './errors.js'
import type { StateOf } from './tenant-scope.js'

const ClockSchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'The tenant\'s time' }),
  offsetSeconds: Type.Number({ description: 'How far it runs ahead of the real time' })
})

const AdvanceSchema = Type.Object({
  advanceSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 31_536_000, description: 'How far to move the clock on: throttling windows, token lifetimes, Remote Help sessions and onboarding requests see it' })
}, { additionalProperties: false })

const clockRoutes: FastifyPluginAsyncTypebox<{ stateOf: StateOf }> = async (app, { stateOf }) => {
  const tags = ['control']
  const clockOf = (offsetMs: number, now: number) => ({ now: new Date(now).toISOString(), offsetSeconds: offsetMs / 1000 })

  /** GET /_mock/clock: the tenant's time, and how far it runs ahead. */
  app.get('/clock', {
    schema: { tags, summary: 'The tenant\'s time', response: { 200: ClockSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => {
    const { clock } = stateOf(request)
    return clockOf(clock.offsetMs, clock.now())
  })

  /** POST /_mock/clock: moves the tenant's time on; POST /_mock/reset?only=clock puts it back. */
  app.post('/clock', {
    schema: { tags, summary: 'Move the tenant\'s time on', body: AdvanceSchema, response: { 200: ClockSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => {
    const { clock } = stateOf(request)
    if (!clock.advance(request.body.advanceSeconds * 1000)) throw clockTooFar(MAX_OFFSET_MS / 1000)
    return clockOf(clock.offsetMs, clock.now())
  })
}

export default clockRoutes

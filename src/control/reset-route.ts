/** POST /_mock/reset: the state a suite starts each test from, without restarting graph-mock. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { MockState } from '../state/state.js'
import type { StateOf } from './tenant-scope.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'

const PARTS = ['store', 'journal', 'faults', 'clients', 'throttling', 'clock'] as const

const ResetQuerySchema = Type.Object({
  only: Type.Optional(Type.String({
    pattern: `^(${PARTS.join('|')})(,(${PARTS.join('|')}))*$`,
    description: `Reset only these, comma-separated: ${PARTS.join(', ')}`,
    examples: ['store', 'journal,faults']
  }))
}, { additionalProperties: false })

// The page cursors name the store's records, so they go with it.
const RESETTERS: Record<typeof PARTS[number], (state: MockState) => void> = {
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
  app.post('/reset', {
    schema: { tags: ['control'], summary: 'Put the store back to its fixtures, empty the journal, remove every fault rule and registered token client, empty the throttling windows and turn throttling back to MOCK_THROTTLING, put the clock back', querystring: ResetQuerySchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    const parts = request.query.only?.split(',') as Array<typeof PARTS[number]> | undefined ?? PARTS
    const state = stateOf(request)
    for (const part of parts) RESETTERS[part](state)
    return reply.code(204).send()
  })
}

export default resetRoute

/** POST /_mock/reset: the state a suite starts each test from, without restarting graph-mock. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { MockState } from '../state/state.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'

const PARTS = ['store', 'journal', 'faults', 'clients'] as const

const ResetQuerySchema = Type.Object({
  only: Type.Optional(Type.String({
    pattern: `^(${PARTS.join('|')})(,(${PARTS.join('|')}))*$`,
    description: `Reset only these, comma-separated: ${PARTS.join(', ')}`,
    examples: ['store', 'journal,faults']
  }))
}, { additionalProperties: false })

const resetRoute: FastifyPluginAsyncTypebox<MockState> = async (app, { store, journal, faults, clients, cursors }) => {
  // The page cursors name the store's records, so they go with it.
  const resetters = { store: () => { store.reset(); cursors.clear() }, journal: () => journal.clear(), faults: () => faults.clear(), clients: () => clients.clear() }

  /** POST /_mock/reset: fixtures back as loaded at start, the journal empty, no fault rules. */
  app.post('/reset', {
    schema: { tags: ['control'], summary: 'Put the store back to its fixtures, empty the journal, remove every fault rule and registered token client', querystring: ResetQuerySchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    const parts = request.query.only?.split(',') as Array<typeof PARTS[number]> | undefined ?? PARTS
    for (const part of parts) resetters[part]()
    return reply.code(204).send()
  })
}

export default resetRoute

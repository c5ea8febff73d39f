/** GET /_mock/health: up, which version, since when, and how many records each entity set holds. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Store } from '../state/store.js'
import { VERSION } from '../version.js'

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  records: Type.Record(Type.String(), Type.Integer(), { description: 'Record count by entity set' })
})

const healthRoute: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  const startedAt = Date.now()

  /** GET /_mock/health: cheap enough for a container health check every second; open even with MOCK_ADMIN_TOKEN. */
  app.get('/health', {
    config: { withoutAdminToken: true },
    schema: { tags: ['control'], summary: 'Whether graph-mock is up, with its fixtures loaded', response: { 200: HealthSchema } }
  }, async () => ({
    status: 'ok' as const,
    version: VERSION,
    uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    records: store.counts()
  }))
}

export default healthRoute

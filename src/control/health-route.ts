/** GET /_mock/health: up, which version, since when, how many records each entity set of the default tenant holds, and how many tenants are in use. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { DEFAULT_TENANT_ID, type Tenants } from '../state/tenants.js'
import { VERSION } from '../version.js'

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  records: Type.Record(Type.String(), Type.Integer(), { description: 'Record count by entity set, in the default tenant' }),
  tenants: Type.Integer({ description: 'Tenants in use, the default one included' })
})

const healthRoute: FastifyPluginAsyncTypebox<{ tenants: Tenants }> = async (app, { tenants }) => {
  const startedAt = Date.now()

  /** GET /_mock/health: cheap enough for a container health check every second; open even with MOCK_ADMIN_TOKEN. */
  app.get('/health', {
    config: { withoutAdminToken: true },
    schema: { tags: ['control'], summary: 'Whether graph-mock is up, with its fixtures loaded', response: { 200: HealthSchema } }
  }, async () => ({
    status: 'ok' as const,
    version: VERSION,
    uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    records: tenants.of(DEFAULT_TENANT_ID).store.counts(),
    tenants: tenants.size
  }))
}

export default healthRoute

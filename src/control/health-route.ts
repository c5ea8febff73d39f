/** GET /_mock/health: up, which version, since when, how many records each entity set of the default tenant holds, and how many tenants are in use. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DEFAULT_TENANT_ID, type Tenants } from '../state/tenants.js'
import { VERSION } from '../version.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'

const healthRoute: FastifyPluginAsyncTypebox<{ tenants: Tenants }> = async (app, { tenants }) => {
  const startedAt = Date.now()

  /** GET /_mock/health: cheap enough for a container health check every second; open even with MOCK_ADMIN_TOKEN. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.health),
    config: { withoutAdminToken: true },
    handler: async () => ({
      status: 'ok' as const,
      version: VERSION,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
      records: tenants.of(DEFAULT_TENANT_ID).store.counts(),
      tenants: tenants.size
    })
  })
}

export default healthRoute

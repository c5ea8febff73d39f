/** /_mock/tenants: the tenants in use, and forgetting them, one or all, so that each starts again from the fixtures. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Tenants } from '../state/tenants.js'
import { tenantIdNotGuid, tenantNotFound } from './errors.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import { checkedTenantId } from './tenant-scope.js'

const tenantRoutes: FastifyPluginAsyncTypebox<{ tenants: Tenants }> = async (app, { tenants }) => {
  /** GET /_mock/tenants: every tenant in use, the default one first. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.listTenants),
    handler: async () => ({ tenants: tenants.list().map((tenant) => ({ ...tenant, lastUsedAt: new Date(tenant.lastUsedAt).toISOString() })) })
  })

  /** DELETE /_mock/tenants: forgets every tenant; each starts from the fixtures on its next use. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.forgetTenants),
    handler: async (request, reply) => {
      // The router takes `/_mock/tenants/` for this path; sent so, it is a forget of one tenant whose id was left empty, not of all.
      if (request.originalUrl.split('?')[0]?.endsWith('/') === true) throw tenantIdNotGuid('')
      tenants.dropAll()
      return reply.code(204).send()
    }
  })

  /** DELETE /_mock/tenants/{tenantId}: forgets one tenant, and nothing of the others. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.forgetTenant),
    handler: async (request, reply) => {
      if (!tenants.drop(checkedTenantId(request.params.tenantId))) throw tenantNotFound(request.params.tenantId)
      return reply.code(204).send()
    }
  })
}

export default tenantRoutes

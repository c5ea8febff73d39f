/** /_mock/tenants: the tenants in use, and forgetting them, one or all, so that each starts again from the fixtures. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Tenants } from '../state/tenants.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'
import { tenantNotFound } from './errors.js'
import { checkedTenantId } from './tenant-scope.js'

const TenantSchema = Type.Object({
  tenantId: Type.String({ description: 'As tokens name it in tid, lower-cased' }),
  lastUsedAt: Type.String({ format: 'date-time', description: 'The last request of or about it' }),
  records: Type.Record(Type.String(), Type.Integer(), { description: 'Record count by entity set' })
})
const TenantParamsSchema = Type.Object({ tenantId: Type.String({ minLength: 1 }) })

const tenantRoutes: FastifyPluginAsyncTypebox<{ tenants: Tenants }> = async (app, { tenants }) => {
  const tags = ['control']

  /** GET /_mock/tenants: every tenant in use, the default one first. */
  app.get('/tenants', {
    schema: { tags, summary: 'The tenants in use', response: { 200: Type.Object({ tenants: Type.Array(TenantSchema) }), ...CONTROL_ERROR_REPLIES } }
  }, async () => ({ tenants: tenants.list().map((tenant) => ({ ...tenant, lastUsedAt: new Date(tenant.lastUsedAt).toISOString() })) }))

  /** DELETE /_mock/tenants: forgets every tenant; each starts from the fixtures on its next use. */
  app.delete('/tenants', {
    schema: { tags, summary: 'Forget every tenant (reset them all)', response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (_request, reply) => {
    tenants.dropAll()
    return reply.code(204).send()
  })

  /** DELETE /_mock/tenants/{tenantId}: forgets one tenant, and nothing of the others. */
  app.delete('/tenants/:tenantId', {
    schema: { tags, summary: 'Forget one tenant (reset it whole)', params: TenantParamsSchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    if (!tenants.drop(checkedTenantId(request.params.tenantId))) throw tenantNotFound(request.params.tenantId)
    return reply.code(204).send()
  })
}

export default tenantRoutes

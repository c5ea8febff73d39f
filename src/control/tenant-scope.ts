/** Which tenant a control route addresses: the one its `/_mock/tenants/{tenantId}/…` path names, else the default tenant. */
import type { FastifyRequest } from 'fastify'
import type { MockState } from '../state/state.js'
import { DEFAULT_TENANT_ID, type Tenants } from '../state/tenants.js'

/** The state a control request reads and arranges. */
export type StateOf = (request: FastifyRequest) => MockState

export const TENANT_PREFIX = '/tenants/:tenantId'

export function tenantStateOf (tenants: Tenants): StateOf {
  return (request) => tenants.of((request.params as { tenantId?: string }).tenantId ?? DEFAULT_TENANT_ID)
}

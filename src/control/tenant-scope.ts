/** Which tenant a control route addresses: the one its `/_mock/tenants/{tenantId}/…` path names, else the default tenant. */
import type { FastifyRequest } from 'fastify'
import type { MockState } from '../state/state.js'
import { DEFAULT_TENANT_ID, isTenantId, type Tenants } from '../state/tenants.js'
import type { GraphError } from '../graph/errors.js'
import { claimedState } from '../graph/tenant-claims.js'
import { tenantIdNotGuid } from './errors.js'
import { CONTROL_PREFIX, TENANT_PREFIX } from './operations.js'

/**
 * The state a control request reads and arranges. `resetsOnly`: the call only puts back what a
 * tenant held as it started (a reset, its journal or fault rules emptied), which leaves one not
 * in use as it is.
 */
export type StateOf = (request: FastifyRequest, resetsOnly?: boolean) => MockState

/** The tenant id of a control path, refused unless it is a GUID: the issuer names tenants by GUID in `tid`, so no other name could ever be a request's. */
export function checkedTenantId (tenantId: string): string {
  if (!isTenantId(tenantId)) throw tenantIdNotGuid(tenantId)
  return tenantId
}

const TENANT_PATH = new RegExp(`^${CONTROL_PREFIX}${TENANT_PREFIX.replace(':tenantId', '([^/?#]+)')}`, 'i')

/** The 400 of a control path whose tenant segment is longer than the router takes a parameter, so that no route matched to refuse it. */
export function overlongTenantIdRefusal (url: string): GraphError | undefined {
  const segment = TENANT_PATH.exec(url)?.[1]
  // Another parameter of the path may be the long one: a tenant id that is a GUID is not to blame.
  return segment === undefined || isTenantId(segment) ? undefined : tenantIdNotGuid(segment)
}

/**
 * A read (GET) or a reset of a tenant not in use sees it as it would start, and leaves it
 * unused, so that checking or tidying a tenant after forgetting it does not bring it back; any
 * other call brings it into use, if it succeeds.
 */
export function tenantStateOf (tenants: Tenants): StateOf {
  return (request, resetsOnly = false) => {
    const { tenantId } = request.params as { tenantId?: string }
    const id = tenantId === undefined ? DEFAULT_TENANT_ID : checkedTenantId(tenantId)
    return request.method === 'GET' || resetsOnly ? tenants.read(id) : claimedState(tenants, request, id)
  }
}

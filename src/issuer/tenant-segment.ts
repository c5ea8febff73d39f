/** The tenant segment of Entra's authority URLs, as the issuer's routes take it and name its tenant. */
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { GRAPH_VERSIONS } from '../graph/routing.js'
import { PERSONAL_ACCOUNT_TENANT } from '../graph/token-claims.js'
import { DEFAULT_TENANT_ID, isTenantId } from '../state/tenants.js'
import { type EntraError, tenantRefusal } from './errors.js'

/** A host name's label (RFC 1123): letters, digits and inner hyphens, 63 characters at most. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
/** Entra's own names for sets of tenants, matched case-insensitively as its authority URLs are. */
const TENANT_ALIASES = new Map([['common', DEFAULT_TENANT_ID], ['organizations', DEFAULT_TENANT_ID], ['consumers', PERSONAL_ACCOUNT_TENANT]])

export const TenantParamsSchema = Type.Object({ tenant: Type.String({ description: 'A tenant id, a domain name, common, organizations or consumers' }) })
type TenantParams = Static<typeof TenantParamsSchema>

const isDomainName = (tenant: string) => tenant.length <= 253 && tenant.includes('.') && tenant.split('.').every((label) => DNS_LABEL.test(label))

/**
 * The tenant id of a tenant segment, as Entra's authority URLs take one
 * (https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority);
 * undefined for anything else, such as `a/b` or `x?y#z`, which would make the metadata name no route.
 */
function tenantIdOf (tenant: string): string | undefined {
  if (isTenantId(tenant)) return tenant.toLowerCase()
  return TENANT_ALIASES.get(tenant.toLowerCase()) ?? (isDomainName(tenant) ? DEFAULT_TENANT_ID : undefined)
}

/** How a route refuses a tenant: Entra's metadata says `invalid_tenant` (AADSTS90002), its oauth2 endpoints `invalid_request` (AADSTS900023). */
export type TenantError = Parameters<typeof tenantRefusal>[1]

/** The tenant id of a tenant segment, or Entra's refusal of one it names no tenant by. */
export function tenantId (tenant: string, error: TenantError): string {
  const id = tenantIdOf(tenant)
  if (id === undefined) throw tenantRefusal(tenant, error)
  return id
}

/** An onRequest hook: the tenant is checked before a token request's body is read, so a bad tenant is named whatever the body holds. */
export const knownTenant = (error: TenantError) => async (request: FastifyRequest<{ Params: TenantParams }>, reply: FastifyReply) => {
  tenantId(request.params.tenant, error)
}

/** The endpoints under an authority: Entra's metadata ones name a tenant it cannot find `invalid_tenant`, its oauth2 ones `invalid_request`. */
const errorAt = (endpoint: string): TenantError => (endpoint.toLowerCase() === 'oauth2' ? 'invalid_request' : 'invalid_tenant')
const ISSUER_PATH = /^\/([^/?#]+)\/(v2\.0|discovery|oauth2)(?:[/?#]|$)/i

/**
 * Entra's refusal of an issuer path whose tenant segment is longer than the router takes a
 * parameter (so no route was matched to say it): a tenant named so long is no tenant Entra has.
 */
export function overlongTenantRefusal (url: string): EntraError | undefined {
  const match = ISSUER_PATH.exec(url)
  if (match === null || GRAPH_VERSIONS.some((version) => version.toLowerCase() === match[1]?.toLowerCase())) return undefined
  return tenantRefusal(match[1] ?? '', errorAt(match[2] ?? ''))
}

/**
 * Entra's refusal of an issuer path that names no tenant, which no route takes: one whose tenant
 * was left empty (`//oauth2/v2.0/token`, from an unset tenant id; the router merges the slashes),
 * or an oauth2 path without one (`/oauth2/v2.0/token`), where Entra reads `oauth2` as the tenant,
 * as it reads `authorize` and `token` in the reports errors.ts cites. `url` as sent. Any other
 * path stays Graph's: `/v2.0/users` is an unknown version.
 */
export function tenantlessRefusal (url: string): EntraError | undefined {
  const match = /^(\/+)(v2\.0|discovery|oauth2)(?:[/?#]|$)/i.exec(url)
  if (match === null) return undefined
  const [, slashes = '', endpoint = ''] = match
  const error = errorAt(endpoint)
  if (slashes.length > 1) return tenantRefusal('', error)
  return error === 'invalid_request' ? tenantRefusal(endpoint, error) : undefined
}

/** A regular expression matching `text` in any case: `v1.0` is `[vV]1\.0`. */
const anyCase = (text: string) => [...text].map((char) => char.toLowerCase() === char.toUpperCase()
  ? char.replace(/[.*+?^${}()|[\]\\]/, '\\$&')
  : `[${char.toLowerCase()}${char.toUpperCase()}]`).join('')

/**
 * The tenant segment of the issuer's paths: anything but a Graph version, whose paths
 * (`/beta/discovery/v2.0/keys`) are Graph's router's to answer. The router matches paths
 * case-insensitively but tests a parameter's pattern on the segment as sent, hence anyCase.
 */
export const TENANT = `:tenant(^(?!(?:${GRAPH_VERSIONS.map(anyCase).join('|')})$).+$)`

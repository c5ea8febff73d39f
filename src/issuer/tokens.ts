/** Tokens shaped like the ones Entra issues, signed with jose: the v1 tokens it issues for Graph to apps, and what user-grants.ts builds on signedToken. */
import { randomUUID } from 'node:crypto'
import type { SigningKey } from '../state/signing-key.js'

export const GRAPH_RESOURCE = 'https://graph.microsoft.com'
/** The names Entra knows Graph by, as a scope's resource. */
export const GRAPH_RESOURCE_IDS = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, '00000003-0000-0000-c000-000000000000'])
/** What Entra's token endpoint answers for expires_in: an hour, less a second. */
export const TOKEN_LIFETIME_SECONDS = 3599

/** A JWT of `claims` signed with `key`, issued at `nowSeconds` (the tenant's clock) for `lifetimeSeconds`, with a unique `uti` as Entra's tokens carry. */
export async function signedToken (key: SigningKey, claims: Record<string, unknown>, nowSeconds: number, lifetimeSeconds: number): Promise<string> {
  const { SignJWT } = await import('jose')
  return await new SignJWT({ ...claims, uti: randomUUID().replaceAll('-', '') })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.jwk.kid })
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeSeconds)
    .sign(key.privateKey)
}

export interface AppTokenRequest {
  tenantId: string
  clientId: string
  roles: readonly string[]
  nowSeconds: number
}

export async function appToken (key: SigningKey, { tenantId, clientId, roles, nowSeconds }: AppTokenRequest): Promise<string> {
  const issuer = `https://sts.windows.net/${tenantId}/`
  return await signedToken(key, {
    aud: GRAPH_RESOURCE,
    iss: issuer,
    idp: issuer,
    tid: tenantId,
    appid: clientId,
    appidacr: '1',
    idtyp: 'app',
    oid: clientId,
    sub: clientId,
    roles: [...roles],
    ver: '1.0'
  }, nowSeconds, TOKEN_LIFETIME_SECONDS)
}

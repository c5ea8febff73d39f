/** Access tokens shaped like the v1 tokens Entra issues for Graph to apps, signed with jose. */
import { randomUUID } from 'node:crypto'
import type { SigningKey } from '../state/signing-key.js'

export const GRAPH_RESOURCE = 'https://graph.microsoft.com'
/** What Entra's token endpoint answers for expires_in: an hour, less a second. */
export const TOKEN_LIFETIME_SECONDS = 3599

export interface AppTokenRequest {
  tenantId: string
  clientId: string
  roles: readonly string[]
  nowSeconds: number
}

export async function appToken (key: SigningKey, { tenantId, clientId, roles, nowSeconds }: AppTokenRequest): Promise<string> {
  const { SignJWT } = await import('jose')
  const issuer = `https://sts.windows.net/${tenantId}/`
  return await new SignJWT({
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
    ver: '1.0',
    uti: randomUUID().replaceAll('-', '')
  })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.jwk.kid })
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds)
    .setExpirationTime(nowSeconds + TOKEN_LIFETIME_SECONDS)
    .sign(key.privateKey)
}

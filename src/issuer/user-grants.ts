/**
 * Delegated tokens: what Entra's token endpoint issues to an app acting for a signed-in user,
 * for the resource owner password grant (https://learn.microsoft.com/entra/identity-platform/v2-oauth-ropc),
 * the authorization code grant (…/v2-oauth2-auth-code-flow), with PKCE (RFC 7636), and the
 * refresh-token grant that renews either (…/v2-oauth2-auth-code-flow#refresh-the-access-token).
 * No user directory stands behind them: any user name and password sign in, as a stable user.
 */
import { createHash } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { FastifyRequest } from 'fastify'
import { requestOrigin } from '../graph/request-origin.js'
import { verifiedPayload } from '../graph/token-signature.js'
import type { SigningKey } from '../state/signing-key.js'
import {
  ambiguousDefaultScope, authorizationCodeRedeemed, codeVerifierMismatch, expiredAuthorizationCode, expiredRefreshToken, invalidAuthorizationCode,
  invalidRefreshToken, missingParameter, redirectUriMismatch, unknownResource, wrongClient
} from './errors.js'
import { GRAPH_RESOURCE, GRAPH_RESOURCE_IDS, TOKEN_LIFETIME_SECONDS, signedToken } from './tokens.js'

/** Entra's refresh tokens last 90 days (https://learn.microsoft.com/entra/identity-platform/refresh-tokens#token-lifetime). */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 24 * 3600
/** The OpenID Connect scopes, which ask for an id token, a refresh token and claims of it, not for Graph permissions. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access'])
/**
 * What a refresh token and an authorization code say they are, so that no other token the key
 * signed passes for one; their audience is the issuer itself, which no Graph route accepts.
 */
const REFRESH_TOKEN_USE = 'graph-mock-refresh'
const AUTHORIZATION_CODE_USE = 'graph-mock-code'
/** Entra's codes expire after about ten minutes (…/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token). */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 600

/** What a delegated token request asks for: Graph's permissions by name, or (undefined) every one the app has, by `.default`; and the OpenID scopes. */
export interface DelegatedScope {
  permissions: string[] | undefined
  oidc: string[]
}

/**
 * The scope parameter of a delegated request: space-separated; a Graph permission with or
 * without Graph's resource id in front (a scope naming no resource is Graph's,
 * https://learn.microsoft.com/entra/identity-platform/scopes-oidc),
 * `<Graph>/.default`, or an OpenID scope.
 */
export function delegatedScope (scope: string, tenant: string): DelegatedScope {
  const permissions: string[] = []
  const oidc: string[] = []
  let asksDefault = false
  for (const item of scope.split(' ').filter((part) => part !== '')) {
    if (OIDC_SCOPES.has(item.toLowerCase())) {
      oidc.push(item.toLowerCase())
      continue
    }
    const slash = item.lastIndexOf('/')
    const resource = slash === -1 ? GRAPH_RESOURCE : item.slice(0, slash)
    if (!GRAPH_RESOURCE_IDS.has(resource)) throw unknownResource(resource, tenant)
    const name = item.slice(slash + 1)
    if (name === '.default') asksDefault = true
    else permissions.push(name)
  }
  // A scope of spaces alone asks for nothing, and counts as none sent, wherever a user's scope is read.
  if (!asksDefault && permissions.length === 0 && oidc.length === 0) throw missingParameter('scope')
  if (asksDefault && permissions.length > 0) throw ambiguousDefaultScope(scope)
  return { permissions: asksDefault ? undefined : [...new Set(permissions)], oidc: [...new Set(oidc)] }
}

/** The issuer Entra names in a tenant's v2.0 metadata and id tokens: this host, as the request reached it. */
export function issuerOf (request: FastifyRequest, tenantId: string): string {
  return `${requestOrigin(request)}/${tenantId}/v2.0`
}

/** A user signed in by name: the name as given, and an object id that is the same for that name in that tenant at every run. */
const SignedInUserSchema = Type.Object({ upn: Type.String(), oid: Type.String() })
export type SignedInUser = Static<typeof SignedInUserSchema>

export function signedInUser (tenantId: string, username: string): SignedInUser {
  const hex = createHash('sha256').update(`${tenantId}\n${username.toLowerCase()}`).digest('hex')
  // Shaped as a version-8 UUID (RFC 9562 §5.8), the kind made from one's own hash.
  const oid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`
  return { upn: username, oid }
}

/** Everything a delegated grant's tokens are made of, and what a refresh token carries on to the next one. */
const UserGrantSchema = Type.Object({
  tenantId: Type.String(),
  clientId: Type.String(),
  user: SignedInUserSchema,
  /** The Graph permissions the access token's `scp` holds. */
  permissions: Type.Array(Type.String()),
  oidc: Type.Array(Type.String()),
  /** Whether the permissions came by `.default`, which the answer's scope then names too. */
  byDefault: Type.Optional(Type.Boolean())
})
export type UserGrant = Static<typeof UserGrantSchema>
const isUserGrant = TypeCompiler.Compile(UserGrantSchema)

/** The grant of a user signing in by name for a client, with the permissions asked for, or by `.default` the client's own. */
export function userGrant (tenantId: string, clientId: string, username: string, { permissions, oidc }: DelegatedScope, clientPermissions: readonly string[]): UserGrant {
  return { tenantId, clientId, user: signedInUser(tenantId, username), permissions: permissions ?? [...clientPermissions], oidc, byDefault: permissions === undefined }
}

export interface UserTokens {
  scope: string
  access_token: string
  id_token?: string
  refresh_token?: string
  client_info?: string
}

/**
 * The tokens of a delegated grant: a v1 Graph access token bearing `scp`, as Entra issues for
 * Graph; an id token when `openid` is asked for; a refresh token when `offline_access` is; and
 * client_info, which MSAL asks for (client_info=1) to name the account it caches the tokens under.
 */
export interface Issued {
  issuer: string
  nowSeconds: number
  clientInfo: boolean
  /** The authorization request's nonce, which the id token then carries (OpenID Connect Core §3.1.3.7). */
  nonce?: string | undefined
}

export async function userTokens (key: SigningKey, grant: UserGrant, { issuer, nowSeconds, clientInfo, nonce }: Issued): Promise<UserTokens> {
  const { tenantId, clientId, user, permissions, oidc } = grant
  const sts = `https://sts.windows.net/${tenantId}/`
  const name = user.upn.split('@')[0] ?? user.upn
  const access = await signedToken(key, {
    aud: GRAPH_RESOURCE,
    iss: sts,
    idp: sts,
    tid: tenantId,
    appid: clientId,
    appidacr: '0',
    amr: ['pwd'],
    idtyp: 'user',
    name,
    oid: user.oid,
    sub: user.oid,
    upn: user.upn,
    unique_name: user.upn,
    // As Entra's do, scp names the OpenID scopes granted beside Graph's, but not offline_access, which is no permission.
    scp: [...permissions, ...oidc.filter((item) => item !== 'offline_access')].join(' '),
    ver: '1.0'
  }, nowSeconds, TOKEN_LIFETIME_SECONDS)
  const tokens: UserTokens = {
    // Entra names `.default` too when it was asked for: MSAL caches the token under these scopes, and finds it again by the ones it asked.
    scope: [...permissions.map((permission) => `${GRAPH_RESOURCE}/${permission}`), ...(grant.byDefault === true ? [`${GRAPH_RESOURCE}/.default`] : []), ...oidc].join(' '),
    access_token: access
  }
  if (oidc.includes('openid')) {
    tokens.id_token = await signedToken(key, { aud: clientId, iss: issuer, tid: tenantId, oid: user.oid, sub: user.oid, preferred_username: user.upn, name, ver: '2.0', ...(nonce === undefined ? {} : { nonce }) }, nowSeconds, TOKEN_LIFETIME_SECONDS)
  }
  if (oidc.includes('offline_access')) {
    tokens.refresh_token = await signedToken(key, { use: REFRESH_TOKEN_USE, aud: issuer, iss: issuer, grant }, nowSeconds, REFRESH_TOKEN_LIFETIME_SECONDS)
  }
  if (clientInfo) tokens.client_info = Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url')
  return tokens
}

/** The payload of a token this issuer signed for `use`; undefined for anything else. */
async function ownPayload (key: SigningKey, token: string, use: string): Promise<Readonly<Record<string, unknown>> | undefined> {
  const payload = await verifiedPayload(key, token).catch(() => undefined)
  return payload?.['use'] === use ? payload : undefined
}

/** The grant a refresh token this issuer made carries on, for the client it was issued to, before it expires by the tenant's clock. */
export async function refreshedGrant (key: SigningKey, refreshToken: string, { tenantId, clientId, nowSeconds }: { tenantId: string, clientId: string, nowSeconds: number }): Promise<UserGrant> {
  const payload = await ownPayload(key, refreshToken, REFRESH_TOKEN_USE)
  const grant = payload?.['grant']
  // A grant is its tenant's: redeemed at another tenant's endpoint, it would mix two tenants in one token.
  if (payload === undefined || !isUserGrant.Check(grant) || grant.tenantId !== tenantId) throw invalidRefreshToken()
  if (grant.clientId !== clientId) throw wrongClient('refresh token')
  if (typeof payload['exp'] !== 'number' || nowSeconds > payload['exp']) throw expiredRefreshToken()
  return grant
}

/** What an authorization request asked for, beside the grant: where the code goes back to, PKCE's challenge and the nonce. */
const CodeRequestSchema = Type.Object({
  redirectUri: Type.String(),
  codeChallenge: Type.Optional(Type.String()),
  codeChallengeMethod: Type.Optional(Type.Union([Type.Literal('S256'), Type.Literal('plain')])),
  nonce: Type.Optional(Type.String())
})
export type CodeRequest = Static<typeof CodeRequestSchema>
const isCodeRequest = TypeCompiler.Compile(CodeRequestSchema)

/** An authorization code: the grant and the request it answers, signed, for AUTHORIZATION_CODE_LIFETIME_SECONDS. */
export async function authorizationCode (key: SigningKey, grant: UserGrant, codeRequest: CodeRequest, { issuer, nowSeconds }: { issuer: string, nowSeconds: number }): Promise<string> {
  return await signedToken(key, { use: AUTHORIZATION_CODE_USE, aud: issuer, iss: issuer, grant, request: codeRequest }, nowSeconds, AUTHORIZATION_CODE_LIFETIME_SECONDS)
}

/** What redeeming a code needs beside it. */
export interface Redemption {
  tenantId: string
  clientId: string
  redirectUri: string | undefined
  codeVerifier: string | undefined
  nowSeconds: number
  /** Marks the code redeemed, by its id and expiry (seconds); false when it was before (SignIns.redeem). */
  redeem: (codeId: string, expiresAt: number) => boolean
}

/** The grant and nonce of an authorization code this issuer made, for the client, redirect URI and PKCE verifier of its request, once. */
export async function redeemedCode (key: SigningKey, code: string, { tenantId, clientId, redirectUri, codeVerifier, nowSeconds, redeem }: Redemption): Promise<{ grant: UserGrant, nonce: string | undefined }> {
  const payload = await ownPayload(key, code, AUTHORIZATION_CODE_USE)
  const grant = payload?.['grant']
  const request = payload?.['request']
  const { uti, exp } = payload ?? {}
  if (payload === undefined || !isUserGrant.Check(grant) || !isCodeRequest.Check(request) || typeof uti !== 'string' || typeof exp !== 'number' || grant.tenantId !== tenantId) throw invalidAuthorizationCode()
  if (grant.clientId !== clientId) throw wrongClient('authorization code')
  if (nowSeconds > exp) throw expiredAuthorizationCode()
  if (redirectUri !== request.redirectUri) throw redirectUriMismatch()
  if (request.codeChallenge !== undefined && (codeVerifier === undefined || pkceChallenge(codeVerifier, request.codeChallengeMethod) !== request.codeChallenge)) throw codeVerifierMismatch()
  if (!redeem(uti, exp)) throw authorizationCodeRedeemed()
  return { grant, nonce: request.nonce }
}

/** RFC 7636 §4.2: S256 is the verifier's SHA-256, in base64url; plain (the default) the verifier itself. */
function pkceChallenge (verifier: string, method: CodeRequest['codeChallengeMethod']): string {
  return method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier
}

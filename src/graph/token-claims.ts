/** Decodes a JWT bearer token without verifying it, and checks its claims the way Graph's front door does. */
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { RecentTextValues } from '../recent-values.js'
import { deepFreeze } from '../state/store.js'
import { TENANT_ID_PATTERN } from '../state/tenants.js'
import { MESSAGES, intuneForbidden, invalidAuthenticationToken } from './errors.js'

const GRAPH_AUDIENCES = new Set(['https://graph.microsoft.com', 'https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000'])
/** The tenant of personal Microsoft accounts, which Intune does not serve. */
export const PERSONAL_ACCOUNT_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad'
/** Microsoft.IdentityModel's default clock skew. */
const CLOCK_SKEW_SECONDS = 300

const JwtHeaderSchema = Type.Object({ alg: Type.String() })

/** The claims graph-mock reads; others are allowed and ignored. */
export const TokenClaimsSchema = Type.Object({
  exp: Type.Optional(Type.Number()),
  nbf: Type.Optional(Type.Number()),
  aud: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  /** The tenant, which Entra names by GUID: the request's, in a state of its own. */
  tid: Type.Optional(Type.String({ pattern: TENANT_ID_PATTERN })),
  scp: Type.Optional(Type.String()),
  /** The signed-in user of a delegated token, whom `/me` names. */
  oid: Type.Optional(Type.String()),
  /** The signed-in user's principal name, which `/me` also knows the user by. */
  upn: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.String())),
  /** The app the token was issued to: `appid` in v1 tokens, `azp` in v2 ones. */
  appid: Type.Optional(Type.String()),
  azp: Type.Optional(Type.String())
})
export type TokenClaims = Static<typeof TokenClaimsSchema>

const isJwtHeader = TypeCompiler.Compile(JwtHeaderSchema)
const isTokenClaims = TypeCompiler.Compile(TokenClaimsSchema)
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/

function decodeSegment (segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * The claims of the tokens decoded last, by token. An app sends one token for its whole hour,
 * and decoding it (two base64 segments, their JSON, two schema checks) cost about 4 µs of every
 * request, a tenth of a PATCH. Kept before any check, so anyone may fill it: bounded in tokens,
 * and tokens longer than any Entra issues (1.5 to 3 KiB) are decoded each time instead.
 */
export const KEPT_CLAIMS = 100
export const KEPT_TOKEN_CHARS = 8 * 1024
const keptClaims = new RecentTextValues<TokenClaims>(KEPT_CLAIMS)

/**
 * The claims of a token in JWS compact form whose header names an `alg`; undefined for an
 * opaque token, which graph-mock accepts as is. A JWT whose payload cannot be read is refused.
 */
export function decodeClaims (token: string): TokenClaims | undefined {
  const kept = keptClaims.get(token)
  if (kept !== undefined) return kept
  if (!COMPACT_JWS.test(token)) return undefined
  const [header = '', payload = ''] = token.split('.')
  if (!isJwtHeader.Check(decodeSegment(header))) return undefined
  const claims = decodeSegment(payload)
  if (!isTokenClaims.Check(claims)) throw invalidAuthenticationToken(MESSAGES.compactToken)
  // Shared by every request bearing the token, so frozen through and through.
  return token.length > KEPT_TOKEN_CHARS ? claims : keptClaims.keep(token, deepFreeze(claims))
}

export interface ClaimsCheck {
  permissions: readonly string[]
  requestId: string
  url: string
  nowSeconds: number
}

/** Throws the GraphError Graph answers for the first claim that fails. */
export function checkClaims (claims: TokenClaims, { permissions, requestId, url, nowSeconds }: ClaimsCheck): void {
  if (claims.exp === undefined) throw invalidAuthenticationToken(MESSAGES.tokenNoExpiry)
  if (nowSeconds > claims.exp + CLOCK_SKEW_SECONDS) throw invalidAuthenticationToken(MESSAGES.tokenExpired)
  if (claims.nbf !== undefined && nowSeconds < claims.nbf - CLOCK_SKEW_SECONDS) throw invalidAuthenticationToken(MESSAGES.tokenNotYetValid)

  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!audiences.some((aud) => aud !== undefined && GRAPH_AUDIENCES.has(aud))) throw invalidAuthenticationToken(MESSAGES.invalidAudience)

  if (claims.tid === PERSONAL_ACCOUNT_TENANT) {
    throw intuneForbidden('Personal Microsoft accounts are not supported.', requestId, url)
  }
  // A delegated token carries `scp`; an app-only token carries `roles`.
  const granted = claims.scp !== undefined ? claims.scp.split(' ') : (claims.roles ?? [])
  if (permissions.length > 0 && !permissions.some((permission) => granted.includes(permission))) {
    throw intuneForbidden(`Application is not authorized to perform this operation. Application must have one of the following scopes: ${permissions.join(', ')}`, requestId, url)
  }
}

/** The bearer-token check of every Graph route: Graph's 401 and Intune's 403. */
import type { FastifyRequest } from 'fastify'
import { MESSAGES, invalidAuthenticationToken } from './errors.js'
import type { GraphRouteConfig } from './route-config.js'
import type { SigningKeySource } from '../state/signing-key.js'
import { verifiedPayload } from './token-signature.js'
import { checkClaims } from './token-claims.js'

const BEARER_SCHEME = /^bearer +/i
/** RFC 6750's b64token, what a bearer token may hold; only an opaque one is walked by it. */
const B64TOKEN = /^[\w.~+/-]+=*$/

/**
 * The token of a `Bearer` Authorization header; undefined when there is none, it is empty, or
 * the scheme differs. Only the scheme is matched by a regular expression: a token of 1 to 3 KiB
 * walked by one cost every request about half a microsecond.
 */
export function bearerToken (authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined
  const text = authorization.trim()
  const scheme = BEARER_SCHEME.exec(text)
  if (scheme === null) return undefined
  const token = text.slice(scheme[0].length)
  // What follows the spaces begins the token; a header value holds no line breaks, so it runs to the end.
  return token === '' || /^\s/.test(token) ? undefined : token
}

/**
 * AUTH_MODE: `claims` accepts opaque tokens and checks a JWT's claims without its signature;
 * `signed` requires a JWT signed by graph-mock's own key, then checks its claims; `off` checks nothing.
 */
export const AUTH_MODES = ['claims', 'signed', 'off'] as const
export type AuthMode = typeof AUTH_MODES[number]

/** Throws (or rejects with) the GraphError Graph would answer when the request, bearing `token`, may not call `route` (undefined: a route of no Graph config). */
export type Authenticate = (request: FastifyRequest, token: string | undefined, route: GraphRouteConfig | undefined) => void | Promise<void>

function claimsCheck (request: FastifyRequest, permissions: readonly string[]) {
  return { permissions, requestId: request.id, url: request.url, nowSeconds: Math.floor(request.state.clock.now() / 1000) }
}

/** The check of `mode`, of the claims the front door decoded; routes without Graph config are open in every mode. */
export function authenticator (mode: AuthMode, key: SigningKeySource): Authenticate {
  // Nothing is checked, though `/me` still reads its user from the token.
  if (mode === 'off') return () => {}
  return (request, token, route) => {
    if (route === undefined) return
    if (token === undefined) throw invalidAuthenticationToken(MESSAGES.emptyToken)
    if (request.tokenRefusal !== undefined) throw request.tokenRefusal
    const claims = request.tokenClaims
    if (mode === 'claims') {
      if (claims !== undefined) checkClaims(claims, claimsCheck(request, route.permissions))
      // An opaque token is accepted as it is, if it is one: a header naming two (`Bearer a, Bearer a`,
      // an SDK with two auth providers) would otherwise pass, its JWT unread and its tenant not the token's.
      else if (!B64TOKEN.test(token)) throw invalidAuthenticationToken(MESSAGES.compactToken)
      return
    }
    if (claims === undefined) throw invalidAuthenticationToken(MESSAGES.compactToken)
    // A key that cannot be loaded is graph-mock's failure, not the token's: it is not turned into a 401.
    return key().then((signing) => verifiedPayload(signing, token).then(
      () => checkClaims(claims, claimsCheck(request, route.permissions)),
      () => { throw invalidAuthenticationToken(MESSAGES.invalidSignature) }
    ))
  }
}

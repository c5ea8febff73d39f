/** The bearer-token check of every Graph route: Graph's 401 and Intune's 403. */
import type { FastifyRequest } from 'fastify'
import { MESSAGES, invalidAuthenticationToken } from './errors.js'
import { checkClaims, decodeClaims } from './token-claims.js'
import './route-config.js'

const BEARER = /^bearer +(\S.*)$/i

/** The token of a `Bearer` Authorization header; undefined when there is none, it is empty, or the scheme differs. */
export function bearerToken (authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : BEARER.exec(authorization.trim())?.[1]
}

/** Throws the GraphError Graph would answer when the request may not call its route; routes without Graph config are open. */
export function authenticate (request: FastifyRequest): void {
  const route = request.routeOptions.config.graph
  if (route === undefined) return
  const token = bearerToken(request.headers.authorization)
  if (token === undefined) throw invalidAuthenticationToken(MESSAGES.emptyToken)
  const claims = decodeClaims(token)
  if (claims === undefined) return
  checkClaims(claims, {
    permissions: route.permissions,
    requestId: request.id,
    url: request.url,
    nowSeconds: Math.floor(Date.now() / 1000)
  })
}

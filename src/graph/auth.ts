/** The bearer-token check of every Graph route: Graph's 401 and Intune's 403, before the body is read. */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { MESSAGES, invalidAuthenticationToken } from './errors.js'
import { checkClaims, decodeClaims } from './token-claims.js'
import './route-config.js'

const BEARER = /^bearer +(\S.*)$/i

/** The token of a `Bearer` Authorization header; undefined when there is none, it is empty, or the scheme differs. */
export function bearerToken (authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : BEARER.exec(authorization.trim())?.[1]
}

const graphAuth: FastifyPluginAsync = async (app) => {
  // onRequest, not preHandler: like Graph, an unauthenticated caller learns nothing about its body.
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.config.graph
    if (route === undefined) return done()
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) return done(invalidAuthenticationToken(MESSAGES.emptyToken))
    try {
      const claims = decodeClaims(token)
      if (claims !== undefined) {
        checkClaims(claims, {
          permissions: route.permissions,
          requestId: request.id,
          url: request.url,
          nowSeconds: Math.floor(Date.now() / 1000)
        })
      }
      done()
    } catch (error) {
      done(error as Error)
    }
  })
}

export default fp(graphAuth, { name: 'graph-auth' })

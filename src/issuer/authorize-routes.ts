/**
 * The authorization endpoint of the authorization code flow
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code),
 * signing a user in without a person at a browser: a request naming the user by `login_hint` is
 * answered at once with its code; one naming nobody gets a sign-in page whose form names one.
 * Every user is let in and consents to every scope asked for.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { clientRequestId, headerText } from '../graph/headers.js'
import { shownInput } from '../shown-input.js'
import type { SigningKeySource } from '../state/signing-key.js'
import type { Tenants } from '../state/tenants.js'
import { claimedState } from '../graph/tenant-claims.js'
import { EntraError, entraErrorBody, invalidCodeChallengeSize, invalidRedirectUri, invalidRequest, loginRequired, missingParameter, unknownApplication, unsupportedResponseType } from './errors.js'
import { hiddenInputs, html, page, signInFields } from './html.js'
import { TENANT, TenantParamsSchema, knownTenant, tenantId } from './tenant-segment.js'
import { FORM } from './form.js'
import { GRAPH_RESOURCE_IDS } from './tokens.js'
import { authorizationCode, delegatedScope, issuerOf, userGrant, type CodeRequest } from './user-grants.js'

interface AuthorizeRoutesOptions {
  key: SigningKeySource
  tenants: Tenants
}

const AuthorizeParamsSchema = Type.Object({
  client_id: Type.Optional(Type.String()),
  response_type: Type.Optional(Type.String()),
  redirect_uri: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  nonce: Type.Optional(Type.String()),
  code_challenge: Type.Optional(Type.String()),
  code_challenge_method: Type.Optional(Type.String()),
  response_mode: Type.Optional(Type.String()),
  prompt: Type.Optional(Type.String()),
  login_hint: Type.Optional(Type.String()),
  /** Sent by graph-mock's own sign-in page. */
  username: Type.Optional(Type.String())
})
type AuthorizeParams = Static<typeof AuthorizeParamsSchema>

const RESPONSE_MODES = new Set(['query', 'fragment', 'form_post'])
const tags = ['token issuer']

/** Where codes and errors go back to: an absolute http(s) URL without a fragment, as a web app or a loopback listener (MSAL's interactive flow) has. */
function redirectTarget (redirectUri: string): URL {
  let target: URL
  try {
    target = new URL(redirectUri)
  } catch {
    throw invalidRedirectUri(redirectUri)
  }
  // RFC 6749 §3.1.2 forbids a fragment in a redirection endpoint's URI.
  if ((target.protocol !== 'https:' && target.protocol !== 'http:') || redirectUri.includes('#')) throw invalidRedirectUri(redirectUri)
  return target
}

/** The answer, a code or an error, sent back as the response mode says: in the query (the code flow's default), in the fragment, or as a form the browser posts. */
function sendBack (reply: FastifyReply, target: URL, mode: string, fields: Record<string, string | undefined>) {
  const values = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)
  if (mode === 'form_post') {
    return reply.type('text/html; charset=utf-8').send(`<!DOCTYPE html><html><body onload="document.forms[0].submit()"><form method="post" action="${html(target.href)}">${hiddenInputs(values)}<noscript><button>Continue</button></noscript></form></body></html>`)
  }
  const url = new URL(target)
  if (mode === 'fragment') url.hash = new URLSearchParams(values).toString()
  else for (const [name, value] of values) url.searchParams.set(name, value)
  return reply.redirect(url.href, 302)
}

/** A page that signs a user in by name, posting the request back with it: what a person, or a test's HTTP client, fills in. */
function signInPage (reply: FastifyReply, action: string, params: AuthorizeParams) {
  const kept = Object.entries(params).filter((entry): entry is [string, string] => entry[0] !== 'username' && entry[0] !== 'login_hint' && typeof entry[1] === 'string')
  return reply.type('text/html; charset=utf-8').send(page('Sign in to graph-mock', `<form method="post" action="${html(action)}">${hiddenInputs(kept)}${signInFields(params.login_hint)}`))
}

const authorizeRoutes: FastifyPluginAsyncTypebox<AuthorizeRoutesOptions> = async (app, { key, tenants }) => {
  async function authorize (request: FastifyRequest, reply: FastifyReply, tenantSegment: string, params: AuthorizeParams) {
    const tenant = tenantId(tenantSegment, 'invalid_request')
    const { client_id: clientId, redirect_uri: redirectUri } = params
    // Without a client or a place to send answers to, nothing can be sent back: Entra answers itself.
    if (clientId === undefined || clientId === '') throw missingParameter('client_id')
    if (GRAPH_RESOURCE_IDS.has(clientId)) throw unknownApplication(clientId, tenantSegment)
    if (redirectUri === undefined || redirectUri === '') throw missingParameter('redirect_uri')
    const target = redirectTarget(redirectUri)
    const mode = params.response_mode ?? 'query'
    try {
      if (!RESPONSE_MODES.has(mode)) throw invalidRequest(`The response_mode '${shownInput(mode)}' is not supported; it is one of query, fragment or form_post.`)
      if (params.response_type !== 'code') throw unsupportedResponseType(params.response_type ?? '')
      if (params.scope === undefined || params.scope === '') throw missingParameter('scope')
      const scope = delegatedScope(params.scope, tenantSegment)
      const method = params.code_challenge_method ?? (params.code_challenge === undefined ? undefined : 'plain')
      if (method !== undefined && method !== 'S256' && method !== 'plain') throw invalidRequest(`The code_challenge_method '${shownInput(method)}' is not supported; it is S256 or plain (RFC 7636 section 4.3).`)
      if (method !== undefined && params.code_challenge === undefined) throw missingParameter('code_challenge')
      if (params.code_challenge !== undefined && (params.code_challenge.length < 43 || params.code_challenge.length > 128)) throw invalidCodeChallengeSize()
      const username = params.username !== undefined && params.username !== '' ? params.username : params.login_hint
      if (username === undefined || username === '') {
        if (params.prompt === 'none') throw loginRequired()
        // The action is built from the tenant alone: the request's own path may begin with `//`, which a browser reads as another host.
        return signInPage(reply, `/${encodeURIComponent(tenantSegment)}/oauth2/v2.0/authorize`, params)
      }
      const { clients, clock } = claimedState(tenants, request, tenant)
      const grant = userGrant(tenant, clientId, username, scope, clients.get(clientId).roles)
      const codeRequest: CodeRequest = { redirectUri, codeChallenge: params.code_challenge, codeChallengeMethod: method, nonce: params.nonce }
      const code = await authorizationCode(await key(), grant, codeRequest, { issuer: issuerOf(request, tenant), nowSeconds: Math.floor(clock.now() / 1000) })
      return sendBack(reply, target, mode, { code, state: params.state })
    } catch (error) {
      if (!(error instanceof EntraError)) throw error
      const body = entraErrorBody(error, headerText(clientRequestId(request)))
      return sendBack(reply, target, RESPONSE_MODES.has(mode) ? mode : 'query', { error: body.error, error_description: body.error_description, state: params.state })
    }
  }

  /** GET /{tenant}/oauth2/v2.0/authorize: where MSAL's getAuthCodeUrl sends the browser. */
  app.get(`/${TENANT}/oauth2/v2.0/authorize`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Authorization request (code flow)', params: TenantParamsSchema, querystring: AuthorizeParamsSchema }
  }, async (request, reply) => await authorize(request, reply, request.params.tenant, request.query))

  /** POST /{tenant}/oauth2/v2.0/authorize: the same request as a form, as the sign-in page posts it. */
  app.post(`/${TENANT}/oauth2/v2.0/authorize`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Authorization request (code flow), as a form', consumes: FORM, params: TenantParamsSchema, querystring: AuthorizeParamsSchema, body: AuthorizeParamsSchema }
  }, async (request, reply) => await authorize(request, reply, request.params.tenant, { ...request.query, ...request.body }))

  const LogoutParamsSchema = Type.Object({ post_logout_redirect_uri: Type.Optional(Type.String()), state: Type.Optional(Type.String()) })
  /**
   * GET /{tenant}/oauth2/v2.0/logout, the metadata's end_session_endpoint: graph-mock keeps no
   * browser session, so signing out is only the way back to `post_logout_redirect_uri`, with its state.
   */
  app.get(`/${TENANT}/oauth2/v2.0/logout`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Sign-out (end session)', params: TenantParamsSchema, querystring: LogoutParamsSchema }
  }, async (request, reply) => {
    const { post_logout_redirect_uri: back, state } = request.query
    if (back === undefined || back === '') return reply.type('text/html; charset=utf-8').send(page('Signed out', '<p>You have signed out. You can close this page.</p>'))
    return sendBack(reply, redirectTarget(back), 'query', { state })
  })
}

export default authorizeRoutes

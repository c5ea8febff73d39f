/**
 * An offline stand-in for Microsoft Entra's token service, enough for MSAL and @azure/identity:
 * OpenID metadata, the signing keys, instance discovery, and tokens for Graph: an app's by client
 * credentials (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow),
 * a user's by password, authorization code (authorize-routes.ts), device code (device-code-routes.ts)
 * and refresh token (user-grants.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { allowOrigin, answerPreflight, isPreflight } from '../graph/cors.js'
import { clientRequestId, headerText } from '../graph/headers.js'
import '../graph/request-outcome.js'
import { requestOrigin } from '../graph/request-origin.js'
import { framingRefusal } from '../graph/request-framing.js'
import { TenantLimitError, type Tenants } from '../state/tenants.js'
import { claimedState, releaseRefusedClaims } from '../graph/tenant-claims.js'
import {
  EntraError, EntraErrorBodySchema, authorizationPending, duplicatedParameter, unknownApplication, endpointNotServed, postOnly, clientIdMismatch, confidentialClientSecretMissing, entraErrorBody, expiredDeviceCode, invalidDeviceCode, wrongClient, fromFastifyError, invalidClientSecret, invalidScope,
  malformedBasicCredentials, missingClientSecret, invalidRequest, missingParameter, multipleClientAuthentications,
  unknownResource, unsupportedGrantType
} from './errors.js'
import type { SigningKeySource } from '../state/signing-key.js'
import { GRAPH_RESOURCE_IDS, TOKEN_LIFETIME_SECONDS, appToken } from './tokens.js'
import { TENANT, TenantParamsSchema, knownTenant, tenantId } from './tenant-segment.js'
import { FORM } from './form.js'
import authorizeRoutes from './authorize-routes.js'
import deviceCodeRoutes from './device-code-routes.js'
import { delegatedScope, issuerOf, redeemedCode, refreshedGrant, userGrant, userTokens } from './user-grants.js'

export interface IssuerOptions {
  key: SigningKeySource
  /** Each tenant's registered apps: a token is asked for in a tenant, whose registrations decide its roles. */
  tenants: Tenants
}

const TokenFormSchema = Type.Object({
  grant_type: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  refresh_token: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  redirect_uri: Type.Optional(Type.String()),
  code_verifier: Type.Optional(Type.String()),
  device_code: Type.Optional(Type.String()),
  client_info: Type.Optional(Type.String())
}, { description: 'application/x-www-form-urlencoded' })
type TokenForm = Static<typeof TokenFormSchema>
const TokenResponseSchema = Type.Object({
  token_type: Type.Literal('Bearer'),
  scope: Type.Optional(Type.String()),
  expires_in: Type.Integer(),
  ext_expires_in: Type.Integer(),
  access_token: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  id_token: Type.Optional(Type.String()),
  client_info: Type.Optional(Type.String())
})
const tags = ['token issuer']

/** The Basic scheme, in any case (RFC 9110 §11.1), with or without the credentials after it. */
const BASIC_SCHEME = /^basic(?: +|$)/i
/** Base64 as RFC 7617 §2 sends it (RFC 4648 §4, padded); Buffer alone would skip any other character. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** A value of application/x-www-form-urlencoded (RFC 6749 Appendix B): `+` is a space, then percent-decoding. */
function formDecoded (text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    throw malformedBasicCredentials()
  }
}

/**
 * The client credentials of an `Authorization: Basic` header, each form-urlencoded before the
 * base64 as RFC 6749 §2.3.1 asks and as Entra reads them (Azure/api-management-developer-portal#1432);
 * undefined when the request sends no Basic header, as another scheme authenticates no client here.
 */
function basicCredentials (authorization: string | undefined): { clientId: string, clientSecret: string } | undefined {
  const text = authorization?.trim() ?? ''
  const scheme = BASIC_SCHEME.exec(text)
  if (scheme === null) return undefined
  const encoded = text.slice(scheme[0].length)
  if (encoded === '' || !BASE64.test(encoded)) throw malformedBasicCredentials()
  let decoded: string
  try {
    decoded = UTF8.decode(Buffer.from(encoded, 'base64'))
  } catch {
    throw malformedBasicCredentials()
  }
  const colon = decoded.indexOf(':')
  // The client id is required, and an encoded one holds no colon: the first one ends it.
  if (colon <= 0) throw malformedBasicCredentials()
  return { clientId: formDecoded(decoded.slice(0, colon)), clientSecret: formDecoded(decoded.slice(colon + 1)) }
}

/**
 * The client and secret a token request authenticates with: the body's (client_secret_post), or
 * the Basic header's when the body names none, refusing a request that uses both (RFC 6749 §2.3).
 * An empty parameter counts as none sent (RFC 6749 §3.2, for the token endpoint).
 */
function clientCredentials (form: TokenForm, authorization: string | undefined): { clientId: string | undefined, clientSecret: string | undefined } {
  const bodyId = form.client_id === '' ? undefined : form.client_id
  const bodySecret = form.client_secret === '' ? undefined : form.client_secret
  const basic = basicCredentials(authorization)
  if (basic === undefined) return { clientId: bodyId, clientSecret: bodySecret }
  if (bodySecret !== undefined) throw multipleClientAuthentications()
  if (bodyId !== undefined && bodyId !== basic.clientId) throw clientIdMismatch(bodyId, basic.clientId)
  return basic
}

/** The resource a client-credentials scope names: `<resource>/.default`, nothing else. */
function resourceOf (scope: string, tenant: string): string {
  if (!scope.endsWith('/.default')) throw invalidScope(scope)
  const resource = scope.slice(0, -'/.default'.length)
  if (!GRAPH_RESOURCE_IDS.has(resource)) throw unknownResource(resource, tenant)
  return resource
}

/** The device code grant by RFC 8628's name, as Entra's docs send it, and by the one MSAL sends (msal-common's GrantType.DEVICE_CODE_GRANT). */
const DEVICE_CODE_GRANTS = new Set(['urn:ietf:params:oauth:grant-type:device_code', 'device_code'])
/** The grants the token endpoint serves, each with the parameters it must be sent, in the order a missing one is named. */
const REQUIRED_PARAMETERS = new Map<string, ReadonlyArray<keyof TokenForm>>([
  ['client_credentials', ['scope']],
  ['password', ['scope', 'username', 'password']],
  ['authorization_code', ['code', 'redirect_uri']],
  ['refresh_token', ['refresh_token']],
  ...[...DEVICE_CODE_GRANTS].map((grant) => [grant, ['device_code']] as const)
])

/** The first name given twice, at its second time; one pass, as a form may hold some 100,000 names within the body limit. */
function firstRepeated (names: Iterable<string>): string | undefined {
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) return name
    seen.add(name)
  }
  return undefined
}

/** Entra's JSON answer for anything the issuer refuses, or fails at. */
export function sendEntraError (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const failure = error instanceof EntraError ? error : error instanceof TenantLimitError ? invalidRequest(error.message) : fromFastifyError(error)
  if (failure.statusCode >= 500) request.log.error({ err: error }, 'token request failed')
  const body = entraErrorBody(failure, headerText(clientRequestId(request)))
  // For the request's one log line, which then says why it was refused.
  request.refusal = { code: body.error, message: body.error_description }
  // RFC 6749 §5.2: a client that authenticated by the Authorization header is refused with a 401 challenging its scheme.
  if (failure.statusCode === 401 && BASIC_SCHEME.test(request.headers.authorization?.trim() ?? '')) reply.header('www-authenticate', 'Basic')
  // MSAL sends its correlation id as client-request-id, which Graph's convention already reads.
  return reply.code(failure.statusCode).send(body)
}

const issuerRoutes: FastifyPluginAsyncTypebox<IssuerOptions> = async (app, { key, tenants }) => {
  releaseRefusedClaims(app, tenants)
  // Entra's token endpoint reads forms alone: a JSON body, even one holding every parameter, is answered
  // AADSTS900144 for 'grant_type' (stackoverflow.com/q/76152009, 2023), so no parser of the parent context reads it
  // (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow sends forms only).
  app.removeAllContentTypeParsers()
  // MSAL posts forms; URLSearchParams reads them, in this context only: Graph routes take JSON alone.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields = new URLSearchParams(String(body))
    // Entra refuses a parameter sent twice rather than pick one (AADSTS9000411).
    const repeated = firstRepeated(fields.keys())
    if (repeated === undefined) done(null, Object.fromEntries(fields))
    else done(duplicatedParameter(repeated), undefined)
  })
  app.addHook('onSend', (request, reply, payload, done) => {
    allowOrigin(request, reply)
    done(null, payload)
  })
  // The issuer's metadata names this host: a Host that names none is refused, in Entra's shape.
  app.addHook('onRequest', (request, _reply, done) => {
    const framing = framingRefusal(request)
    done(framing === undefined ? undefined : new EntraError(framing.statusCode, 'invalid_request', undefined, framing.message))
  })
  app.addHook('preValidation', (request, _reply, done) => {
    // A query parameter sent twice, which the query parser reads as a list, is refused as a form's is.
    const repeated = Object.entries(request.query as Record<string, unknown>).find(([, value]) => Array.isArray(value))?.[0]
    if (repeated !== undefined) return done(duplicatedParameter(repeated))
    // A request without a body reads as an empty form, so its first missing parameter is named, not the body's absence.
    if (request.method === 'POST') request.body ??= {}
    done()
  })
  // Entra reads no other body: it then finds no grant_type in the form, and says so.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => { done(null, {}) })
  app.setErrorHandler(sendEntraError)

  /** GET /{tenant}/v2.0/.well-known/openid-configuration: where MSAL finds the token endpoint and keys. */
  app.get(`/${TENANT}/v2.0/.well-known/openid-configuration`, {
    onRequest: knownTenant('invalid_tenant'),
    schema: { tags, summary: 'OpenID Connect metadata', params: TenantParamsSchema, response: { 200: Type.Record(Type.String(), Type.Unknown()), 400: EntraErrorBodySchema } }
  }, async (request) => {
    const base = `${requestOrigin(request)}/${request.params.tenant}`
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      // Only what /authorize serves: the code flow.
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerOf(request, tenantId(request.params.tenant, 'invalid_tenant')),
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
      msgraph_host: 'graph.microsoft.com'
    }
  })

  /** GET /{tenant}/discovery/v2.0/keys: the public key tokens are signed with. */
  app.get(`/${TENANT}/discovery/v2.0/keys`, {
    onRequest: knownTenant('invalid_tenant'),
    schema: { tags, summary: 'JSON Web Key Set of the token signing key', params: TenantParamsSchema, response: { 200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }), 400: EntraErrorBodySchema } }
  }, async () => ({ keys: [(await key()).jwk] }))

  /** GET /{tenant}/discovery/instance: MSAL's instance discovery, naming this host as its own cloud. */
  app.get(`/${TENANT}/discovery/instance`, {
    onRequest: knownTenant('invalid_tenant'),
    schema: { tags, summary: 'Instance discovery', params: TenantParamsSchema, response: { 200: Type.Record(Type.String(), Type.Unknown()), 400: EntraErrorBodySchema } }
  }, async (request) => ({
    tenant_discovery_endpoint: `${requestOrigin(request)}/${request.params.tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: request.host, preferred_cache: request.host, aliases: [request.host] }]
  }))

  /** POST /{tenant}/oauth2/v2.0/token: a Graph token for client_credentials (an app's), password or refresh_token (a user's). */
  app.post(`/${TENANT}/oauth2/v2.0/token`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Token', consumes: FORM, params: TenantParamsSchema, body: TokenFormSchema, response: { 200: TokenResponseSchema, 400: EntraErrorBodySchema, 401: EntraErrorBodySchema } }
  }, async (request) => {
    const form = request.body ?? {}
    const { grant_type: grantType, scope } = form
    if (grantType === undefined) throw missingParameter('grant_type')
    const required = REQUIRED_PARAMETERS.get(grantType)
    if (required === undefined) throw unsupportedGrantType(grantType)
    const { clientId, clientSecret } = clientCredentials(form, request.headers.authorization)
    if (clientId === undefined) throw missingParameter('client_id')
    if (GRAPH_RESOURCE_IDS.has(clientId)) throw unknownApplication(clientId, request.params.tenant)
    const missing = required.find((name) => form[name] === undefined || form[name] === '')
    if (missing !== undefined) throw missingParameter(missing)
    if (grantType === 'client_credentials') {
      if (clientSecret === undefined || clientSecret === '') throw missingClientSecret()
      resourceOf(scope ?? '', request.params.tenant)
    }
    const tenant = tenantId(request.params.tenant, 'invalid_request')
    const { clients, signIns, clock } = claimedState(tenants, request, tenant)
    const client = clients.get(clientId)
    if (client.secret !== undefined && clientSecret !== undefined && client.secret !== clientSecret) throw invalidClientSecret(clientId)
    // A registered app with a secret is a confidential client, which must send it for a user's grant too; a public client sends none.
    if (client.secret !== undefined && clientSecret === undefined) throw confidentialClientSecretMissing()
    const nowSeconds = Math.floor(clock.now() / 1000)
    const signingKey = await key()
    const lifetime = { token_type: 'Bearer' as const, expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS }
    if (grantType === 'client_credentials') {
      return { ...lifetime, access_token: await appToken(signingKey, { tenantId: tenant, clientId, roles: client.roles, nowSeconds }) }
    }
    const issued = { issuer: issuerOf(request, tenant), nowSeconds, clientInfo: form.client_info === '1' }
    if (grantType === 'authorization_code') {
      const redemption = { tenantId: tenant, clientId, redirectUri: form.redirect_uri, codeVerifier: form.code_verifier, nowSeconds, redeem: signIns.redeem }
      const { grant, nonce } = await redeemedCode(signingKey, form.code ?? '', redemption)
      return { ...lifetime, ...await userTokens(signingKey, grant, { ...issued, nonce }) }
    }
    if (DEVICE_CODE_GRANTS.has(grantType)) {
      const code = signIns.takeDeviceCode(form.device_code ?? '', clientId, clock.now())
      if (code.state === 'unknown') throw invalidDeviceCode()
      if (code.state === 'expired') throw expiredDeviceCode()
      if (code.state === 'otherClient') throw wrongClient('device code')
      if (code.state === 'pending') throw authorizationPending()
      const grant = userGrant(tenant, clientId, code.username, delegatedScope(code.request.scope, request.params.tenant), client.roles)
      return { ...lifetime, ...await userTokens(signingKey, grant, issued) }
    }
    if (grantType === 'refresh_token') {
      const refreshed = await refreshedGrant(signingKey, form.refresh_token ?? '', { tenantId: tenant, clientId, nowSeconds })
      // MSAL asks a refresh for the scopes it wants now, and caches the answer under the scopes granted.
      const grant = scope === undefined || scope.trim() === '' ? refreshed : userGrant(tenant, clientId, refreshed.user.upn, delegatedScope(scope, request.params.tenant), client.roles)
      return { ...lifetime, ...await userTokens(signingKey, grant, issued) }
    }
    const grant = userGrant(tenant, clientId, form.username ?? '', delegatedScope(scope ?? '', request.params.tenant), client.roles)
    return { ...lifetime, ...await userTokens(signingKey, grant, issued) }
  })

  // Entra's POST-only endpoints answer a GET with AADSTS900561; any other path under oauth2/ is one
  // graph-mock does not serve (the v1.0 endpoints, logout), answered in Entra's shape, not Graph's.
  for (const endpoint of ['token', 'devicecode']) {
    app.get(`/${TENANT}/oauth2/v2.0/${endpoint}`, { schema: { hide: true, params: TenantParamsSchema } }, async () => { throw postOnly('GET') })
  }
  app.all(`/${TENANT}/oauth2/*`, { schema: { hide: true, params: Type.Object({ tenant: Type.String(), '*': Type.String() }) } }, async (request, reply) => {
    // A single-page app's browser asks before it posts to the token endpoint.
    if (isPreflight(request)) return answerPreflight(request, reply)
    throw endpointNotServed(request.url.split('?')[0] ?? '')
  })
  app.register(authorizeRoutes, { key, tenants })
  app.register(deviceCodeRoutes, { tenants })
}

export default issuerRoutes

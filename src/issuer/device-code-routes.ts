/**
 * The device code flow (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code,
 * RFC 8628), as DeviceCodeCredential runs it: the app asks for a device code and shows its user
 * code and verification page; the user signs in there, a person at a browser or a test posting
 * the form; meanwhile the app polls the token endpoint (user-grants.ts turns the code into tokens).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { requestOrigin } from '../graph/request-origin.js'
import type { Tenants } from '../state/tenants.js'
import { claimedState } from '../graph/tenant-claims.js'
import { EntraErrorBodySchema, missingParameter } from './errors.js'
import { TENANT, TenantParamsSchema, knownTenant, tenantId } from './tenant-segment.js'
import { FORM } from './form.js'
import { delegatedScope } from './user-grants.js'
import { html, page, signInFields } from './html.js'

/** Entra's device codes last 15 minutes. */
export const DEVICE_CODE_LIFETIME_SECONDS = 900
/** Entra answers 5 (RFC 8628's default); a second keeps a suite from waiting longer than it must, as MSAL waits this long after each pending poll. */
export const DEVICE_CODE_INTERVAL_SECONDS = 1

const DeviceCodeFormSchema = Type.Object({
  client_id: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String())
}, { description: 'application/x-www-form-urlencoded' })
const DeviceCodeResponseSchema = Type.Object({
  user_code: Type.String(),
  device_code: Type.String(),
  verification_uri: Type.String(),
  expires_in: Type.Integer(),
  interval: Type.Integer(),
  message: Type.String()
})
const SignInFormSchema = Type.Object({
  user_code: Type.Optional(Type.String()),
  username: Type.Optional(Type.String())
})
const tags = ['token issuer']

/** The page a user signs a device code in on, in the tenant the code was asked for. */
const verificationUri = (request: FastifyRequest, tenantSegment: string) => `${requestOrigin(request)}/${encodeURIComponent(tenantSegment)}/oauth2/deviceauth`

const deviceCodeRoutes: FastifyPluginAsyncTypebox<{ tenants: Tenants }> = async (app, { tenants }) => {
  /** POST /{tenant}/oauth2/v2.0/devicecode: a device code, and the user code its user is to enter. */
  app.post(`/${TENANT}/oauth2/v2.0/devicecode`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Device code', consumes: FORM, params: TenantParamsSchema, body: DeviceCodeFormSchema, response: { 200: DeviceCodeResponseSchema, 400: EntraErrorBodySchema } }
  }, async (request) => {
    const { client_id: clientId, scope } = request.body ?? {}
    if (clientId === undefined || clientId === '') throw missingParameter('client_id')
    if (scope === undefined || scope === '') throw missingParameter('scope')
    delegatedScope(scope, request.params.tenant)
    const { signIns, clock } = claimedState(tenants, request, tenantId(request.params.tenant, 'invalid_request'))
    const { deviceCode, userCode } = signIns.startDeviceCode({ clientId, scope }, clock.now() + DEVICE_CODE_LIFETIME_SECONDS * 1000)
    const uri = verificationUri(request, request.params.tenant)
    return {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: uri,
      expires_in: DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_CODE_INTERVAL_SECONDS,
      message: `To sign in, use a web browser to open the page ${uri} and enter the code ${userCode} to authenticate.`
    }
  })

  const signInForm = (userCode = '') => page('Sign in a device to graph-mock', '<form method="post">' +
    `<label>Code <input name="user_code" value="${html(userCode)}"></label> ${signInFields()}`)

  /** GET /{tenant}/oauth2/deviceauth: the verification page (Entra's is also at /common/oauth2/deviceauth). */
  app.get(`/${TENANT}/oauth2/deviceauth`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Device code sign-in page', params: TenantParamsSchema, querystring: SignInFormSchema }
  }, async (request, reply) => reply.type('text/html; charset=utf-8').send(signInForm(request.query.user_code)))

  /** POST /{tenant}/oauth2/deviceauth: the user signs the device code in; its client's next poll gets the tokens. */
  app.post(`/${TENANT}/oauth2/deviceauth`, {
    onRequest: knownTenant('invalid_request'),
    schema: { tags, summary: 'Device code sign-in', consumes: FORM, params: TenantParamsSchema, body: SignInFormSchema }
  }, async (request, reply) => {
    const { user_code: userCode = '', username = '' } = request.body ?? {}
    reply.type('text/html; charset=utf-8')
    if (username === '') return reply.code(400).send(signInForm(userCode))
    const { signIns, clock } = claimedState(tenants, request, tenantId(request.params.tenant, 'invalid_request'))
    if (!signIns.approveDeviceCode(userCode, username, clock.now())) {
      return reply.code(400).send(page('Code not found', `<p>No device is waiting for the code ${html(userCode)}: it was mistyped, has expired, or was used already.</p>`))
    }
    return reply.send(page('Signed in', `<p>${html(username)} is signed in on the device. You can close this page.</p>`))
  })
}

export default deviceCodeRoutes

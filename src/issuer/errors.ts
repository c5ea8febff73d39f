/**
 * Entra's token-endpoint errors, in the shape MSAL parses
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
import { randomUUID } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyError } from 'fastify'
import { shownInput } from '../shown-input.js'

export const EntraErrorBodySchema = Type.Object({
  error: Type.String(),
  error_description: Type.String(),
  error_codes: Type.Array(Type.Integer()),
  timestamp: Type.String(),
  trace_id: Type.String(),
  correlation_id: Type.String(),
  error_uri: Type.String()
}, { description: 'Microsoft Entra error' })
export type EntraErrorBody = Static<typeof EntraErrorBodySchema>

export class EntraError extends Error {
  /** `aadsts` is undefined where no source shows Entra's code for the refusal: graph-mock then claims none. */
  constructor (readonly statusCode: number, readonly error: string, readonly aadsts: number | undefined, message: string) {
    super(message)
    this.name = 'EntraError'
  }
}

export function entraErrorBody (failure: EntraError, correlationId: string, now = new Date()): EntraErrorBody {
  const traceId = randomUUID()
  const timestamp = `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`
  const { aadsts } = failure
  return {
    error: failure.error,
    error_description: `${aadsts === undefined ? '' : `AADSTS${aadsts}: `}${failure.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: aadsts === undefined ? [] : [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error${aadsts === undefined ? '' : `?code=${aadsts}`}`
  }
}

export const missingParameter = (name: string) =>
  new EntraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`)

// Every value a client sent is quoted through shownInput, so a 1 MB scope is not echoed back whole.
export const unsupportedGrantType = (grantType: string) =>
  new EntraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${shownInput(grantType)}'. graph-mock issues tokens for client_credentials, password, authorization_code, the device code grant and refresh_token.`)

export const missingClientSecret = () =>
  new EntraError(400, 'invalid_request', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")

/** A registered app with a secret is a confidential client: a grant for its user needs the secret too. */
export const confidentialClientSecretMissing = () =>
  new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")

// The codes of the refresh-token refusals are those of https://learn.microsoft.com/entra/identity-platform/reference-error-codes.
export const invalidRefreshToken = () =>
  new EntraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token was not issued by this authority.')

export const wrongClient = (grant: 'refresh token' | 'authorization code' | 'device code') =>
  new EntraError(400, 'invalid_grant', 70000, `The provided grant is invalid: the ${grant} was issued to another client.`)

/** Graph's own ids name no client: tokens for such a client would pass for Graph's. */
export const unknownApplication = (clientId: string, tenant: string) =>
  new EntraError(400, 'unauthorized_client', 700016, `Application with identifier '${shownInput(clientId)}' was not found in the directory '${shownInput(tenant)}'.`)

export const duplicatedParameter = (name: string) =>
  new EntraError(400, 'invalid_request', 9000411, `The request is not properly formatted. The parameter '${shownInput(name)}' is duplicated.`)

export const postOnly = (method: string) =>
  new EntraError(400, 'invalid_request', 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${shownInput(method)} request.`)

/** A path of Entra's that graph-mock does not serve; no AADSTS code is Entra's for it. */
export const endpointNotServed = (path: string) =>
  new EntraError(404, 'invalid_request', undefined, `graph-mock does not serve ${shownInput(path)}. Its issuer serves the v2.0 token, authorize and devicecode endpoints, deviceauth, the OpenID metadata and the keys.`)

export const authorizationPending = () =>
  new EntraError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.')

export const expiredDeviceCode = () =>
  new EntraError(400, 'expired_token', 70019, 'Verification code expired.')

export const invalidDeviceCode = () =>
  new EntraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the device code was not issued by this authority, or was used already.')

export const invalidRedirectUri = (redirectUri: string) =>
  new EntraError(400, 'invalid_request', 50011, `The redirect URI '${shownInput(redirectUri)}' specified in the request does not match the redirect URIs configured for the application. graph-mock takes any absolute http or https URI without a fragment.`)

/** A request parameter of a value Entra does not take; no source shows one AADSTS code for all of them. */
export const invalidRequest = (message: string) => new EntraError(400, 'invalid_request', undefined, message)

/** Entra's InvalidCodeChallengeMethodInvalidSize (reference-error-codes.md): RFC 7636 4.2 makes a challenge 43 to 128 characters. */
export const invalidCodeChallengeSize = () => new EntraError(400, 'invalid_request', 501491, 'Invalid size of Code_Challenge parameter.')

/** RFC 6749 §4.1.2.1; no source shows Entra's AADSTS code for a response_type it does not know. */
export const unsupportedResponseType = (responseType: string) =>
  new EntraError(400, 'unsupported_response_type', undefined, `The response_type '${shownInput(responseType)}' is not supported: graph-mock serves the authorization code flow, response_type=code.`)

export const loginRequired = () =>
  new EntraError(400, 'login_required', 50058, 'A silent sign-in request was sent but no user is signed in. Name the user with login_hint.')

export const invalidAuthorizationCode = () =>
  new EntraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the authorization code was not issued by this authority.')

export const expiredAuthorizationCode = () =>
  new EntraError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.')

export const authorizationCodeRedeemed = () =>
  new EntraError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.')

export const codeVerifierMismatch = () =>
  new EntraError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.')

/** RFC 6749 §4.1.3: the redirect_uri of the token request must be the authorization request's; no source shows Entra's code for it. */
export const redirectUriMismatch = () =>
  new EntraError(400, 'invalid_grant', undefined, 'The redirect_uri differs from the one the authorization code was issued for (RFC 6749 section 4.1.3).')

export const expiredRefreshToken = () =>
  new EntraError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.')

export const ambiguousDefaultScope = (scope: string) =>
  new EntraError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${shownInput(scope)} is not valid: /.default cannot be combined with other scopes of the same resource.`)

export const invalidClientSecret = (clientId: string) =>
  new EntraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${shownInput(clientId)}'.`)

/**
 * RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request",
 * refused as §5.2's invalid_request. No source shows Entra's AADSTS code for it.
 */
export const multipleClientAuthentications = () =>
  new EntraError(400, 'invalid_request', undefined, "The client authenticated both by an 'Authorization: Basic' header and by 'client_secret' in the request body. A request may use one client authentication method only (RFC 6749 section 2.3).")

/** A body client_id naming another client than the Basic header: two clients claimed, so again more than one authentication (RFC 6749 §2.3). */
export const clientIdMismatch = (bodyClientId: string, headerClientId: string) =>
  new EntraError(400, 'invalid_request', undefined, `The request body's client_id '${shownInput(bodyClientId)}' differs from the client '${shownInput(headerClientId)}' of the 'Authorization: Basic' header.`)

/**
 * An `Authorization: Basic` header that holds no client credentials: RFC 6749 §5.2's invalid_client,
 * with the 401 of a wrong secret. No source shows Entra's AADSTS code for it.
 */
export const malformedBasicCredentials = () =>
  new EntraError(401, 'invalid_client', undefined, "The 'Authorization: Basic' header must hold the base64 of client_id:client_secret, each form-urlencoded first (RFC 6749 section 2.3.1).")

export const invalidScope = (scope: string) =>
  new EntraError(400, 'invalid_scope', 1002012, `The provided value for scope ${shownInput(scope)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`)

export const unknownResource = (resource: string, tenant: string) =>
  new EntraError(400, 'invalid_resource', 500011, `The resource principal named ${shownInput(resource)} was not found in the tenant named ${shownInput(tenant)}. graph-mock issues tokens for Microsoft Graph only.`)

/**
 * Entra's answer for a tenant segment that names no tenant (graph-mock takes every GUID and
 * domain name, so only a malformed one). Its OpenID metadata says AADSTS90002 `invalid_tenant`,
 * in the wording it has used since 2022 (Azure/azure-cli#22145,
 * microsoftgraph/windowsupdates-webapplication-sample#6, james-gould/azure-keyvault-emulator#324;
 * those reports do not show the status, graph-mock answers 400). Its oauth2 endpoints say
 * AADSTS900023 `invalid_request`, 400, for a name that is no DNS name: `undefined`, `authorize`,
 * `token`, `{{tenantid}}` (KelvinTegelaar/CIPP#5274, microsoft/aspire#4253,
 * microsoft/Analysis-Services#194, microsoft/Intune-Data-Warehouse#15, microsoftgraph/microsoft-graph-docs#13158).
 */
export const tenantRefusal = (tenant: string, error: 'invalid_tenant' | 'invalid_request') => error === 'invalid_tenant'
  ? new EntraError(400, error, 90002, `Tenant '${shownInput(tenant)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`)
  : new EntraError(400, error, 900023, `Specified tenant identifier '${shownInput(tenant)}' is neither a valid DNS name, nor a valid external domain.`)

/**
 * Fastify's own refusals (bad body, wrong media type) as Entra's invalid_request, their message
 * capped as client input is, since a validation message may quote what was sent; anything else is a bug.
 */
export function fromFastifyError (error: unknown): EntraError {
  const { statusCode, message } = error as FastifyError
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) return new EntraError(statusCode, 'invalid_request', 900144, shownInput(String(message)))
  return new EntraError(500, 'server_error', 90033, 'graph-mock failed to answer this token request.')
}

/**
 * A helpdesk app acting for a signed-in user, as Remote Help's technicians do, signing in with
 * @azure/identity against graph-mock's issuer: by UsernamePasswordCredential (MSAL's resource
 * owner password grant), with SIGN_IN=code as a web app does, by AuthorizationCodeCredential
 * with the code its redirect URI received from the authorization endpoint, or with SIGN_IN=device
 * as a command-line tool does, by DeviceCodeCredential, whose prompt the user answers on the
 * verification page (here the app posts that page's form itself); then Graph beta's SDK
 * lists the user's own devices through the users package's
 * `/me/managedDevices` request builder template (microsoftgraph/msgraph-beta-sdk-typescript,
 * packages/msgraph-beta-sdk-users/me/managedDevices/index.ts). Prints one JSON object: the
 * devices read, and the claims of the tokens the credential got when asked twice.
 */
import { AuthorizationCodeCredential, DeviceCodeCredential, UsernamePasswordCredential, type DeviceCodeInfo, type TokenCredential } from '@azure/identity'
import { HttpMethod, RequestInformation, type Parsable, type ParsableFactory } from '@microsoft/kiota-abstractions'
import { createManagedDeviceCollectionResponseFromDiscriminatorValue, type ManagedDeviceCollectionResponse } from '@microsoft/msgraph-beta-sdk/models/index.js'
import { COLLECTION_QUERY, COLLECTION_QUERY_MAPPER, ERROR_MAPPINGS, SCOPES, betaAdapter, env } from './beta-sdk.js'

const MY_MANAGED_DEVICES = `{+baseurl}/me/managedDevices${COLLECTION_QUERY}`

const REDIRECT_URI = 'https://localhost:3000/auth/callback'
const options = { authorityHost: env('AUTHORITY_HOST'), disableInstanceDiscovery: true }

/** The code a browser would carry to the redirect URI: the authorization request names the user by login_hint, so no page is shown. */
async function authorizationCode (): Promise<string> {
  const query = new URLSearchParams({ client_id: env('CLIENT_ID'), response_type: 'code', redirect_uri: REDIRECT_URI, scope: `${SCOPES.join(' ')} openid profile offline_access`, login_hint: env('USERNAME'), state: 'app-state' })
  const res = await fetch(`${env('AUTHORITY_HOST')}/${env('TENANT_ID')}/oauth2/v2.0/authorize?${query.toString()}`, { redirect: 'manual' })
  const location = new URL(res.headers.get('location') ?? '')
  if (location.searchParams.get('state') !== 'app-state') throw new Error(`the state did not come back: ${location.href}`)
  return location.searchParams.get('code') ?? ''
}

/** What the user does with the prompt: opens the verification page and signs the code in. */
async function signInDevice ({ verificationUri, userCode }: DeviceCodeInfo): Promise<void> {
  const res = await fetch(verificationUri, { method: 'POST', body: new URLSearchParams({ user_code: userCode, username: env('USERNAME'), password: env('PASSWORD') }) })
  if (!res.ok) throw new Error(`the verification page answered ${res.status}`)
}

const signIn = process.env['SIGN_IN']
const credential: TokenCredential = signIn === 'code'
  ? new AuthorizationCodeCredential(env('TENANT_ID'), env('CLIENT_ID'), env('CLIENT_SECRET'), await authorizationCode(), REDIRECT_URI, options)
  : signIn === 'device'
    ? new DeviceCodeCredential({ ...options, tenantId: env('TENANT_ID'), clientId: env('CLIENT_ID'), userPromptCallback: signInDevice })
    : new UsernamePasswordCredential(env('TENANT_ID'), env('CLIENT_ID'), env('USERNAME'), env('PASSWORD'), options)
const adapter = betaAdapter(credential)

const info = new RequestInformation(HttpMethod.GET, MY_MANAGED_DEVICES, { baseurl: adapter.baseUrl })
info.configure({ queryParameters: { select: ['id', 'userPrincipalName'] } }, COLLECTION_QUERY_MAPPER)
info.headers.tryAdd('Accept', 'application/json')
const page = await adapter.send<ManagedDeviceCollectionResponse>(info, createManagedDeviceCollectionResponseFromDiscriminatorValue as ParsableFactory<ManagedDeviceCollectionResponse & Parsable>, ERROR_MAPPINGS)

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
// As Kiota asks (enableCae), so that the same MSAL app, and its cache, answers.
const tokenText = async () => (await credential.getToken(SCOPES, { enableCae: true }))?.token ?? ''
const [first, second] = [await tokenText(), await tokenText()]
console.log(JSON.stringify({
  devices: (page?.value ?? []).map((device) => ({ id: device.id, userPrincipalName: device.userPrincipalName })),
  claims: claimsOf(first),
  claimsAgain: claimsOf(second),
  sameTokenAgain: first === second
}))

/**
 * A helpdesk app acting for a signed-in user, as Remote Help's technicians do: @azure/identity's
 * UsernamePasswordCredential (MSAL's resource owner password grant) against graph-mock's issuer,
 * and Graph beta's SDK listing the user's own devices through the users package's
 * `/me/managedDevices` request builder template (microsoftgraph/msgraph-beta-sdk-typescript,
 * packages/msgraph-beta-sdk-users/me/managedDevices/index.ts). Prints one JSON object: the
 * devices read, and the claims of the tokens the credential got when asked twice.
 */
import { UsernamePasswordCredential } from '@azure/identity'
import { HttpMethod, RequestInformation, type Parsable, type ParsableFactory } from '@microsoft/kiota-abstractions'
import { createManagedDeviceCollectionResponseFromDiscriminatorValue, type ManagedDeviceCollectionResponse } from '@microsoft/msgraph-beta-sdk/models/index.js'
import { COLLECTION_QUERY, COLLECTION_QUERY_MAPPER, ERROR_MAPPINGS, SCOPES, betaAdapter, env } from './beta-sdk.js'

const MY_MANAGED_DEVICES = `{+baseurl}/me/managedDevices${COLLECTION_QUERY}`

const credential = new UsernamePasswordCredential(env('TENANT_ID'), env('CLIENT_ID'), env('USERNAME'), env('PASSWORD'), {
  authorityHost: env('AUTHORITY_HOST'),
  disableInstanceDiscovery: true
})
const adapter = betaAdapter(credential)

const info = new RequestInformation(HttpMethod.GET, MY_MANAGED_DEVICES, { baseurl: adapter.baseUrl })
info.configure({ queryParameters: { select: ['id', 'userPrincipalName'] } }, COLLECTION_QUERY_MAPPER)
info.headers.tryAdd('Accept', 'application/json')
const page = await adapter.send<ManagedDeviceCollectionResponse>(info, createManagedDeviceCollectionResponseFromDiscriminatorValue as ParsableFactory<ManagedDeviceCollectionResponse & Parsable>, ERROR_MAPPINGS)

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
const [first, second] = [await credential.getToken(SCOPES), await credential.getToken(SCOPES)]
console.log(JSON.stringify({
  devices: (page?.value ?? []).map((device) => ({ id: device.id, userPrincipalName: device.userPrincipalName })),
  claims: claimsOf(first.token),
  claimsAgain: claimsOf(second.token)
}))

// node --test: Graph beta's official SDK (Kiota) over HTTPS, trusting graph.ca in this process only.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ClientSecretCredential } from '@azure/identity'
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions'
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure'
import { FetchRequestAdapter, KiotaClientFactory } from '@microsoft/kiota-http-fetchlibrary'
import { JsonParseNodeFactory } from '@microsoft/kiota-serialization-json'
import { createManagedDeviceCollectionResponseFromDiscriminatorValue, createManagedDeviceFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/index.js'
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js'
import { Agent } from 'undici'
import { startGraphMock } from 'graph-mock'

let graph, dispatcher, adapter
before(async () => {
  graph = await startGraphMock({ httpsPort: 0, authMode: 'signed' })
  const credential = new ClientSecretCredential(graph.tenantId, 'remote-help-app', 'any secret', {
    authorityHost: graph.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: graph.ca }
  })
  const allowedHosts = new Set([new URL(graph.httpsUrl).hostname])
  const auth = new AzureIdentityAuthenticationProvider(credential, ['https://graph.microsoft.com/.default'], undefined, allowedHosts)
  // Kiota's custom fetch: Node's own, through an undici Agent that trusts graph.ca (Node exports no Agent).
  dispatcher = new Agent({ connect: { ca: graph.ca } })
  const httpClient = KiotaClientFactory.create((url, init) => fetch(url, { ...init, dispatcher }))
  adapter = new FetchRequestAdapter(auth, new JsonParseNodeFactory(), undefined, httpClient)
  adapter.baseUrl = `${graph.httpsUrl}/beta`
})
after(async () => { await graph.close(); await dispatcher.close() })

// The npm package has no deviceManagement request builders: build their requests from the URL
// templates of microsoftgraph/msgraph-beta-sdk-typescript, mapping every error to ODataError.
const DEVICES = '{+baseurl}/deviceManagement/managedDevices{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}'
const DEVICE = '{+baseurl}/deviceManagement/managedDevices/{managedDevice%2Did}{?%24expand,%24select}'
const REMOTE_ASSISTANCE = '{+baseurl}/deviceManagement/managedDevices/{managedDevice%2Did}/requestRemoteAssistance'
const ERRORS = { XXX: createODataErrorFromDiscriminatorValue }
const request = (method, template, pathParameters = {}, queryParameters = {}) => {
  const info = new RequestInformation(method, template, { baseurl: adapter.baseUrl, ...pathParameters })
  Object.assign(info.queryParameters, queryParameters)
  info.headers.tryAdd('Accept', 'application/json')
  return info
}

test('a Remote Help app on the beta SDK starts a session and reads Graph\'s 404', async () => {
  const list = request(HttpMethod.GET, DEVICES, {}, { '%24top': 2 })
  const page = await adapter.send(list, createManagedDeviceCollectionResponseFromDiscriminatorValue, ERRORS)
  assert.equal(page.value.length, 2)
  const id = page.value[0].id

  await adapter.sendNoResponseContent(request(HttpMethod.POST, REMOTE_ASSISTANCE, { 'managedDevice%2Did': id }), ERRORS)

  const unknown = request(HttpMethod.GET, DEVICE, { 'managedDevice%2Did': '00000000-0000-0000-0000-000000000000' })
  await assert.rejects(adapter.send(unknown, createManagedDeviceFromDiscriminatorValue, ERRORS), (error) => {
    assert.equal(error.responseStatusCode, 404)
    assert.equal(error.errorEscaped.code, 'ResourceNotFound') // Graph's "error", renamed by the generator
    return true
  })
})

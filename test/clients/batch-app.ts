/**
 * An app that batches its Graph calls with both official JavaScript batching APIs, configured
 * only by environment, over HTTPS with tokens from @azure/identity:
 * - @microsoft/microsoft-graph-client v3: BatchRequestContent posted with
 *   `client.api('/$batch').post(content)` (the client's base is `${GRAPH_BASE_URL}/beta`), read back
 *   with BatchResponseContent. A chain (Graph takes "fully sequential or fully parallel" only, so
 *   each item depends on the one before): GET device A, PATCH A, GET B, GET C, GET MISSING_ID, GET D.
 *   Then a parallel batch of B twice: once built as the v3 docs build it (`${base}/beta/…`, whose
 *   version v3.0.7 keeps in the item url) and once on `${base}` alone. Then a lone GET of A.
 * - @microsoft/msgraph-sdk-core: BatchRequestContentCollection on the beta SDK's request adapter,
 *   one GET per id of DEVICE_IDS (25 of them), which it posts in batches of 20.
 * Prints one JSON object: each v3 answer's status, Content-Type and body text as the SDK's
 * Response gives them; the lone GET; the core collection's status codes, or what it threw.
 */
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions'
import { BatchRequestContent, BatchResponseContent, Client, type BatchRequestStep, type BatchResponseBody } from '@microsoft/microsoft-graph-client'
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js'
import { BatchRequestContentCollection } from '@microsoft/msgraph-sdk-core'
import { ERROR_MAPPINGS, ITEM_QUERY, SCOPES, betaAdapter, credential, env } from './beta-sdk.js'

const base = env('GRAPH_BASE_URL')
const deviceIds = env('DEVICE_IDS').split(',')
const device = (index: number) => {
  const id = deviceIds[index]
  if (id === undefined) throw new Error(`DEVICE_IDS holds no device ${index}`)
  return id
}

/** One item's answer as v3's BatchResponseContent gives it: a fetch Response. */
interface ItemAnswer { status: number, contentType: string | null, text: string }

async function answers (content: BatchResponseContent): Promise<Record<string, ItemAnswer>> {
  const read: Record<string, ItemAnswer> = {}
  for (const [id, response] of content.getResponses()) {
    read[id] = { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() }
  }
  return read
}

async function graphClientBatches () {
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: SCOPES }),
    baseUrl: `${base}/`,
    customHosts: new Set([new URL(base).hostname]),
    defaultVersion: 'beta'
  })
  // Built on the base without the version: v3.0.7 strips only scheme and host, and the item url must be relative to the batch's version.
  const managedDevice = (id: string) => `${base}/deviceManagement/managedDevices/${id}`
  const steps: Array<Omit<BatchRequestStep, 'dependsOn'>> = [
    { id: 'get-a', request: new Request(managedDevice(device(0))) },
    {
      id: 'patch-a',
      request: new Request(managedDevice(device(0)), {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ managedDeviceName: env('NEW_NAME') })
      })
    },
    { id: 'get-b', request: new Request(managedDevice(device(1))) },
    { id: 'get-c', request: new Request(managedDevice(device(2))) },
    { id: 'get-missing', request: new Request(managedDevice(env('MISSING_ID'))) },
    { id: 'after-missing', request: new Request(managedDevice(device(3))) }
  ]
  const chain = new BatchRequestContent(steps.map((step, index) => {
    const previous = steps[index - 1]
    return previous === undefined ? step : { ...step, dependsOn: [previous.id] }
  }))
  const chained = await answers(new BatchResponseContent(await client.api('/$batch').post(await chain.getContent()) as BatchResponseBody))

  const docsWay = new BatchRequestContent([
    { id: 'docs-way', request: new Request(`${base}/beta/deviceManagement/managedDevices/${device(1)}`) },
    { id: 'no-version', request: new Request(managedDevice(device(1))) }
  ])
  const versioned = await answers(new BatchResponseContent(await client.api('/$batch').post(await docsWay.getContent()) as BatchResponseBody))

  const afterwards = await client.api(`/deviceManagement/managedDevices/${device(0)}`).get() as Record<string, unknown>
  return { chained, versioned, afterwards }
}

async function sdkCoreBatches () {
  const adapter = betaAdapter()
  // The item builder's URL template (msgraph-beta-sdk-typescript, deviceManagement/managedDevices/item/index.ts), with its mapping of every status to ODataError.
  const template = `{+baseurl}/deviceManagement/managedDevices/{managedDevice%2Did}${ITEM_QUERY}`
  const collection = new BatchRequestContentCollection(adapter, ERROR_MAPPINGS, 20)
  deviceIds.forEach((id, index) => {
    const info = new RequestInformation(HttpMethod.GET, template, { baseurl: adapter.baseUrl, 'managedDevice%2Did': id })
    info.headers.tryAdd('Accept', 'application/json')
    collection.addBatchRequest(info, String(index + 1))
  })
  try {
    const responses = await collection.postAsync()
    if (responses === undefined) throw new Error('the SDK read no batch answer')
    // Statuses only: this SDK reads each item's body as a base64 byte array, so Graph's JSON bodies come back undefined.
    return { statuses: Object.fromEntries(await responses.getResponsesStatusCodes()) }
  } catch (thrown) {
    const error = thrown as Error & { responseStatusCode?: number }
    return { error: { name: error.name, message: error.message, responseStatusCode: error.responseStatusCode } }
  }
}

process.stdout.write(JSON.stringify({ graphClient: await graphClientBatches(), sdkCore: await sdkCoreBatches() }))

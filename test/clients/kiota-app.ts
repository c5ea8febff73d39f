/**
 * An app on the Kiota stack, as the beta SDK leaves it for this path: a raw RequestInformation
 * through FetchRequestAdapter, Graph's errors mapped to ODataError as the generated SDKs do, a
 * token from @azure/identity, configured only by environment.
 * The end-to-end test runs it with NODE_EXTRA_CA_CERTS naming graph-mock's CA.
 */
import { ClientSecretCredential } from '@azure/identity'
import { HttpMethod, RequestInformation, type ApiError, type Parsable, type ParsableFactory } from '@microsoft/kiota-abstractions'
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure'
import { FetchRequestAdapter } from '@microsoft/kiota-http-fetchlibrary'
import { JsonParseNodeFactory } from '@microsoft/kiota-serialization-json'

const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is not set`)
  return value
}

/** Graph's error body, as the generated msgraph SDKs model it (ODataError with its MainError). */
interface MainError extends Parsable { code?: string | null, message?: string | null }
interface ODataError extends Parsable, Partial<ApiError> { error?: MainError | null }

const createMainError: ParsableFactory<MainError> = () => (value = {}) => ({
  code: (node) => { value.code = node.getStringValue() },
  message: (node) => { value.message = node.getStringValue() }
})
const createODataError: ParsableFactory<ODataError> = () => (value = {}) => ({
  error: (node) => { value.error = node.getObjectValue(createMainError) }
})
const ERROR_MAPPING = { XXX: createODataError }

function adapter (clientId: string): FetchRequestAdapter {
  const credential = new ClientSecretCredential(env('TENANT_ID'), clientId, env('CLIENT_SECRET'), {
    authorityHost: env('AUTHORITY_HOST'),
    disableInstanceDiscovery: true
  })
  // Kiota sends the token only to the hosts named here; 1.0.0-preview.109 compares host names without port.
  const allowedHosts = new Set([new URL(env('GRAPH_BASE_URL')).hostname])
  const requestAdapter = new FetchRequestAdapter(
    new AzureIdentityAuthenticationProvider(credential, ['https://graph.microsoft.com/.default'], undefined, allowedHosts),
    new JsonParseNodeFactory()
  )
  requestAdapter.baseUrl = `${env('GRAPH_BASE_URL')}/beta`
  return requestAdapter
}

function request (method: HttpMethod, id: string, body?: unknown): RequestInformation {
  const info = new RequestInformation(method, '{+baseurl}/RequestRemoteHelpSessionAccessResponse/{id}', { id })
  info.headers.add('Accept', 'application/json')
  if (body !== undefined) info.setStreamContent(new TextEncoder().encode(JSON.stringify(body)).buffer, 'application/json')
  return info
}

async function send (requestAdapter: FetchRequestAdapter, info: RequestInformation): Promise<unknown> {
  const bytes = await requestAdapter.sendPrimitive<ArrayBuffer>(info, 'ArrayBuffer', ERROR_MAPPING)
  return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes))
}

/** What a failed call surfaced as: the mapped ODataError's Graph code, the status and the request-id header. */
async function failure (call: Promise<unknown>) {
  try {
    await call
    return { thrown: false }
  } catch (thrown) {
    const error = thrown as ODataError
    if (error.error?.code === undefined) return { thrown: true, type: (thrown as Error).name, message: (thrown as Error).message }
    return { thrown: true, type: 'ODataError', statusCode: error.responseStatusCode, code: error.error.code, requestId: error.responseHeaders?.['request-id']?.[0] }
  }
}

const id = env('SESSION_ID')
const app = adapter(env('CLIENT_ID'))
const results = {
  patched: await send(app, request(HttpMethod.PATCH, id, { sessionType: env('SESSION_TYPE') })),
  fetched: await send(app, request(HttpMethod.GET, id)),
  notFound: await failure(send(app, request(HttpMethod.GET, 'no-such-id'))),
  forbidden: await failure(send(adapter(env('UNPRIVILEGED_CLIENT_ID')), request(HttpMethod.PATCH, id, { sessionType: 'viewScreen' })))
}
process.stdout.write(JSON.stringify(results))

/**
 * An app as production code writes it: @azure/identity for the token and the official Graph
 * client for the calls, configured only by environment. The end-to-end test runs it in its own
 * process with NODE_EXTRA_CA_CERTS naming graph-mock's CA, and reads what it prints.
 */
import { ClientSecretCredential } from '@azure/identity'
import { Client, GraphError } from '@microsoft/microsoft-graph-client'
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js'

const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is not set`)
  return value
}

function graphClient (clientId: string, clientSecret: string): Client {
  const credential = new ClientSecretCredential(env('TENANT_ID'), clientId, clientSecret, {
    authorityHost: env('AUTHORITY_HOST'),
    disableInstanceDiscovery: true
  })
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
    baseUrl: `${env('GRAPH_BASE_URL')}/`,
    customHosts: new Set([new URL(env('GRAPH_BASE_URL')).hostname]),
    defaultVersion: 'beta'
  })
}

/** What a failed call surfaced as: the SDK's error type and what it read from Graph's body. */
async function failure (call: Promise<unknown>) {
  try {
    await call
    return { thrown: false }
  } catch (error) {
    if (!(error instanceof GraphError)) return { thrown: true, type: (error as Error).name, message: (error as Error).message }
    return { thrown: true, type: 'GraphError', statusCode: error.statusCode, code: error.code, requestId: error.requestId }
  }
}

const path = `/RequestRemoteHelpSessionAccessResponse/${env('SESSION_ID')}`
const app = graphClient(env('CLIENT_ID'), env('CLIENT_SECRET'))
const results = {
  patched: await app.api(path).patch({ sessionType: env('SESSION_TYPE') }),
  fetched: await app.api(path).get(),
  notFound: await failure(app.api('/RequestRemoteHelpSessionAccessResponse/no-such-id').get()),
  forbidden: await failure(graphClient(env('UNPRIVILEGED_CLIENT_ID'), env('CLIENT_SECRET')).api(path).patch({ sessionType: 'viewScreen' }))
}
process.stdout.write(JSON.stringify(results))

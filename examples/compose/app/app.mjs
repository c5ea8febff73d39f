// The app under test: a small service that grants Remote Help sessions through Microsoft Graph,
// written as production code is. It knows graph-mock only through its environment.
import { createServer } from 'node:http'
import { ClientSecretCredential } from '@azure/identity'
import { Client, GraphError } from '@microsoft/microsoft-graph-client'
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js'

const graphBaseUrl = process.env.GRAPH_BASE_URL ?? 'https://graph.microsoft.com'
const credential = new ClientSecretCredential(process.env.AZURE_TENANT_ID, process.env.AZURE_CLIENT_ID, process.env.AZURE_CLIENT_SECRET, {
  authorityHost: process.env.AZURE_AUTHORITY_HOST,
  disableInstanceDiscovery: process.env.AZURE_AUTHORITY_HOST !== undefined
})
// The SDK's retry middleware already waits out a 429's Retry-After before trying again.
const graph = Client.initWithMiddleware({
  authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
  baseUrl: `${graphBaseUrl}/`,
  customHosts: new Set([new URL(graphBaseUrl).hostname]),
  defaultVersion: 'beta'
})

async function grant (sessionId, sessionType) {
  try {
    const session = await graph.api(`/RequestRemoteHelpSessionAccessResponse/${encodeURIComponent(sessionId)}`).patch({ sessionType })
    return [200, { sessionId, sessionType: session.sessionType }]
  } catch (error) {
    if (!(error instanceof GraphError)) throw error
    if (error.statusCode === 404) return [404, { error: 'no such session' }]
    if (error.statusCode === 403) return [502, { error: 'this app may not grant sessions', graphRequestId: error.requestId }]
    return [502, { error: `Graph answered ${error.statusCode} ${error.code}` }]
  }
}

// POST /sessions/{id}/grant  {"sessionType": "elevation"}
createServer(async (req, res) => {
  const match = /^\/sessions\/([^/]+)\/grant$/.exec(req.url ?? '')
  if (req.method !== 'POST' || match === null) {
    res.writeHead(404).end()
    return
  }
  let body = ''
  for await (const chunk of req) body += chunk
  try {
    const [status, answer] = await grant(decodeURIComponent(match[1]), JSON.parse(body).sessionType)
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
  } catch (error) {
    console.error(error)
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unexpected failure' }))
  }
}).listen(Number(process.env.PORT ?? 3000), () => console.log('app listening'))

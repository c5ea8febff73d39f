/**
 * What every app of test/clients on Graph beta's TypeScript SDK sets up the same way: its
 * settings, a token from @azure/identity against graph-mock's issuer, the GraphBetaRequestAdapter,
 * and the pieces of the request builders' code (URL templates, query mappers, error mappings)
 * taken from microsoftgraph/msgraph-beta-sdk-typescript, whose deviceManagement package is not on npm.
 */
import { ClientSecretCredential, type TokenCredential } from '@azure/identity'
import type { ErrorMappings, Parsable, ParsableFactory } from '@microsoft/kiota-abstractions'
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure'
import { GraphBetaRequestAdapter } from '@microsoft/msgraph-beta-sdk'
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js'

export const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is not set`)
  return value
}

export const SCOPES = ['https://graph.microsoft.com/.default']

export const credential = new ClientSecretCredential(env('TENANT_ID'), env('CLIENT_ID'), env('CLIENT_SECRET'), {
  authorityHost: env('AUTHORITY_HOST'),
  disableInstanceDiscovery: true
})

/** The adapter on `${GRAPH_BASE_URL}/beta`; Kiota sends the token only to allowed hosts, compared without port, so a nextLink naming another gets none. */
export function betaAdapter (tokenCredential: TokenCredential = credential): GraphBetaRequestAdapter {
  const allowedHosts = new Set([new URL(env('GRAPH_BASE_URL')).hostname])
  const adapter = new GraphBetaRequestAdapter(new AzureIdentityAuthenticationProvider(tokenCredential, SCOPES, undefined, allowedHosts))
  adapter.baseUrl = `${env('GRAPH_BASE_URL')}/beta`
  return adapter
}

// The builders' query parameter mappers: the names an app passes, as the URL templates spell them.
export const COLLECTION_QUERY = '{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}'
export const ITEM_QUERY = '{?%24expand,%24select}'
export const COLLECTION_QUERY_MAPPER: Record<string, string> = {
  count: '%24count', expand: '%24expand', filter: '%24filter', orderby: '%24orderby', search: '%24search', select: '%24select', skip: '%24skip', top: '%24top'
}
export const ITEM_QUERY_MAPPER: Record<string, string> = { expand: '%24expand', select: '%24select' }

/** Every builder maps every status to ODataError. */
export const ERROR_MAPPINGS: ErrorMappings = { XXX: createODataErrorFromDiscriminatorValue as ParsableFactory<Parsable> }

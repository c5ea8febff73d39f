/**
 * An app on Graph beta's official TypeScript SDK that renames a remote assistance partner in a
 * loop, leaving Graph's throttling to the SDK: Kiota's RetryHandler, which the beta adapter's
 * middleware holds, waits the Retry-After of a 429 and sends the request again. Each PATCH is
 * built as RemoteAssistancePartnerItemRequestBuilder's toPatchRequestInformation builds it, with
 * RetryHandlerOptions of the handler's own defaults (3 retries, 3 s without Retry-After) whose
 * shouldRetry notes each answer it is asked about. Configured only by environment: PARTNER_ID;
 * GO_NAME, the displayName it polls the partner for before it starts; ROUNDS, how many PATCHes.
 * Prints one JSON object: the polls it made and, for each round, the name it read back, what the
 * retry handler saw, and how long the call took.
 */
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions'
import { RetryHandlerOptions } from '@microsoft/kiota-http-fetchlibrary'
import {
  createRemoteAssistancePartnerFromDiscriminatorValue,
  serializeRemoteAssistancePartner,
  type RemoteAssistancePartner
} from '@microsoft/msgraph-beta-sdk/models/index.js'
import type { ODataError } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js'
import { ERROR_MAPPINGS, ITEM_QUERY, ITEM_QUERY_MAPPER, betaAdapter, env } from './beta-sdk.js'

// From microsoftgraph/msgraph-beta-sdk-typescript, packages/msgraph-beta-sdk-deviceManagement/deviceManagement/remoteAssistancePartners/item/index.ts.
const PARTNER = `{+baseurl}/deviceManagement/remoteAssistancePartners/{remoteAssistancePartner%2Did}${ITEM_QUERY}`
const POLL_MS = 20
const POLL_LIMIT_MS = 30_000

const partnerId = env('PARTNER_ID')
const goName = env('GO_NAME')
const rounds = Number(env('ROUNDS'))
const adapter = betaAdapter()

/** What RetryHandler asked shouldRetry about: an answer it may retry, before it waits. */
interface RetrySeen { attempt: number, status: number, retryAfter: string | null }

function partnerRequest (method: HttpMethod): RequestInformation {
  const info = new RequestInformation(method, PARTNER, { baseurl: adapter.baseUrl, 'remoteAssistancePartner%2Did': partnerId })
  info.configure(undefined, method === HttpMethod.GET ? ITEM_QUERY_MAPPER : undefined)
  info.headers.tryAdd('Accept', 'application/json')
  return info
}

const getPartner = () =>
  adapter.send<RemoteAssistancePartner>(partnerRequest(HttpMethod.GET), createRemoteAssistancePartnerFromDiscriminatorValue, ERROR_MAPPINGS)

/** The builder's patch(body, requestConfiguration) with its options, here the retry handler's. */
function patchPartner (body: RemoteAssistancePartner, seen: RetrySeen[]) {
  const info = partnerRequest(HttpMethod.PATCH)
  info.setContentFromParsable(adapter, 'application/json', body, serializeRemoteAssistancePartner)
  info.addRequestOptions([new RetryHandlerOptions({
    shouldRetry: (_delay, attempt, _url, _init, response) => {
      seen.push({ attempt, status: response.status, retryAfter: response.headers.get('retry-after') })
      return true
    }
  })])
  return adapter.send<RemoteAssistancePartner>(info, createRemoteAssistancePartnerFromDiscriminatorValue, ERROR_MAPPINGS)
}

// Waits for the go-ahead the suite gives by renaming the partner.
let polls = 0
const pollingSince = Date.now()
for (;;) {
  polls++
  if ((await getPartner())?.displayName === goName) break
  if (Date.now() - pollingSince > POLL_LIMIT_MS) throw new Error(`the partner was not named ${goName} within ${POLL_LIMIT_MS} ms`)
  await new Promise((resolve) => setTimeout(resolve, POLL_MS))
}

const results = []
for (let round = 0; round < rounds; round++) {
  const seen: RetrySeen[] = []
  const startedAt = Date.now()
  const displayName = `Renamed by the throttled app, round ${round}`
  try {
    const answer = await patchPartner({ displayName }, seen)
    results.push({ round, sent: displayName, read: answer?.displayName, seen, ms: Date.now() - startedAt })
  } catch (thrown) {
    const error = thrown as ODataError
    results.push({ round, sent: displayName, seen, ms: Date.now() - startedAt, error: { status: error.responseStatusCode, code: error.errorEscaped?.code, message: error.message } })
  }
}
process.stdout.write(JSON.stringify({ polls, rounds: results }))

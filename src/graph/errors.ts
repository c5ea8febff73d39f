/** The Graph error catalogue, the GraphError every failure path throws, and the error envelope it becomes. */
import { Type, type Static } from '@sinclair/typebox'
import { shownInput } from '../shown-input.js'

/** Graph's error body, as the official SDKs parse it (https://learn.microsoft.com/graph/errors). */
export const GraphErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    innerError: Type.Object({
      message: Type.Optional(Type.String()),
      // Throttling responses repeat the status here, as Graph's throttling docs show.
      code: Type.Optional(Type.String()),
      status: Type.Optional(Type.String()),
      date: Type.String(),
      'request-id': Type.String(),
      'client-request-id': Type.String()
    })
  })
}, { description: 'Microsoft Graph error envelope' })
export type GraphErrorBody = Static<typeof GraphErrorBodySchema>

export const MESSAGES = {
  unreadableJson: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  emptyPayload: 'Empty Payload. JSON content expected.',
  emptyToken: 'Access token is empty.',
  compactToken: 'CompactToken parsing failed with error code: 80049217',
  tokenExpired: 'Lifetime validation failed, the token is expired.',
  tokenNotYetValid: 'Lifetime validation failed, the token is not yet valid.',
  tokenNoExpiry: 'Lifetime validation failed, the token is missing an expiration time.',
  invalidAudience: 'Access token validation failure. Invalid audience.',
  invalidSignature: 'Access token validation failure. The signature is not that of a key graph-mock issues tokens with.'
} as const

/** What Graph adds to innerError beside the date and ids, for some errors. */
export type InnerErrorDetails = Pick<GraphErrorBody['error']['innerError'], 'message' | 'code' | 'status'>

export interface GraphErrorOptions {
  inner?: InnerErrorDetails
  headers?: Record<string, string>
}

/** A failure that leaves the server as a Graph error response; route code throws these and nothing else. */
export class GraphError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly inner: InnerErrorDetails
  readonly headers: Record<string, string>

  constructor (statusCode: number, code: string, message: string, options: GraphErrorOptions = {}) {
    super(message)
    this.name = 'GraphError'
    this.statusCode = statusCode
    this.code = code
    this.inner = options.inner ?? {}
    this.headers = options.headers ?? {}
  }
}

export const badRequest = (message: string) => new GraphError(400, 'BadRequest', message)

export const modelValidationFailure = (message: string) =>
  // Graph repeats the message as innerError.message for model validation failures.
  new GraphError(400, 'ModelValidationFailure', message, { inner: { message } })

/** A request target, path or query string, that does not percent-decode (`%FF`, not UTF-8; `%zz`): graph-mock's own words. */
export const undecodableUri = () => badRequest('The request URI is not valid: a percent-encoded sequence cannot be decoded.')

// graph-mock's own: "A server that receives a request message with a transfer coding it does not
// understand SHOULD respond with 501 (Not Implemented)" (RFC 9112, 6.1). Node reads only chunked.
export const unknownTransferCoding = (value: string) =>
  new GraphError(501, 'NotImplemented', `The Transfer-Encoding ${shownInput(JSON.stringify(value))} holds a coding graph-mock cannot undo: send the body chunked alone, and name its compression in Content-Encoding.`)

// graph-mock's own: RFC 9112 3.2 has a server answer 400 to a Host "with an invalid field value".
export const invalidHost = (host: string) => badRequest(`The Host header ${shownInput(JSON.stringify(host))} is no host name or address with an optional port (RFC 9110, 7.2).`)

export const resourceNotFound = (message: string) => new GraphError(404, 'ResourceNotFound', message)

export const entityNotFound = (id: string) =>
  resourceNotFound(`Resource '${shownInput(id)}' does not exist or one of its queried reference-property objects are not present.`)

export const unknownSegment = (segment: string) =>
  badRequest(`Resource not found for the segment '${shownInput(segment)}'.`)

export const invalidVersion = (segment: string) => resourceNotFound(`Invalid version: ${shownInput(segment)}`)

/** Graph's answer to `/me` without a signed-in user: an app-only token names none. */
export const meNeedsDelegatedToken = () => badRequest('/me request is only valid with delegated authentication flow.')

export const methodNotAllowed = (method: string, allowed: readonly string[]) =>
  new GraphError(405, 'BadRequest', `The HTTP method '${shownInput(method)}' is not allowed on this resource. Allowed: ${allowed.join(', ')}.`, {
    headers: { allow: allowed.join(', ') }
  })

/** The setting behind each of the store's limits, which a user raises when a suite needs more. */
export const STORE_LIMIT_SETTINGS = { records: 'MOCK_STORE_LIMIT', size: 'MOCK_STORE_LIMIT_MB', total: 'MOCK_STORE_TOTAL_LIMIT_MB' } as const

/** graph-mock's own limits, not Graph's: they keep a runaway or hostile client from filling the mock's memory. */
export function storeLimitReached ({ entitySet, limit, value }: { entitySet: string, limit: keyof typeof STORE_LIMIT_SETTINGS, value: number }): GraphError {
  const setting = STORE_LIMIT_SETTINGS[limit]
  const reached = limit === 'records'
    ? `${entitySet} would hold more than ${value} records, the most graph-mock's ${setting} allows.`
    : `The stored records${limit === 'total' ? ' of every tenant' : ''} would take more than ${Math.round(value / 1024 / 1024)} MiB of JSON, the most graph-mock's ${setting} allows.`
  return badRequest(`${reached} Delete some, reset the store (POST /_mock/reset?only=store), or raise ${setting}.`)
}

/** RFC 9110 §15.5.16: a content coding the server does not know is 415; Kiota's CompressionHandler then sends the body again as it is. */
export const unsupportedContentEncoding = (encoding: string, known: readonly string[]) =>
  new GraphError(415, 'UnsupportedMediaType', `The Content-Encoding '${shownInput(encoding)}' is not supported; a body may come as it is or in ${known.join(', ')}.`)

/** The service's metadata document, which @odata.context links name: graph-mock describes its routes in OpenAPI instead. */
export const metadataNotServed = () =>
  new GraphError(501, 'NotImplemented', "graph-mock does not serve Graph's $metadata document (CSDL). GET /_mock/openapi.json describes every route it serves, with their schemas.")

export const payloadTooLarge = (limitBytes: number) =>
  new GraphError(413, 'RequestEntityTooLarge', `The request body exceeds the maximum size of ${limitBytes} bytes.`)

const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { 'retry-after': String(seconds) }

/** Graph's throttling answer, body as in https://learn.microsoft.com/graph/throttling#sample-response. */
export const tooManyRequests = (retryAfterSeconds: number | undefined) =>
  new GraphError(429, 'TooManyRequests', 'Please retry again later.', {
    inner: { code: '429', message: 'Please retry after', status: '429' },
    headers: retryAfter(retryAfterSeconds)
  })

export const serviceNotAvailable = (retryAfterSeconds: number | undefined) =>
  new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Try again after the delay given in Retry-After.', {
    headers: retryAfter(retryAfterSeconds)
  })

export const gatewayTimeout = (retryAfterSeconds?: number) =>
  new GraphError(504, 'GatewayTimeout', 'The server, while acting as a proxy, did not receive a timely response from the upstream server it needed to access in attempting to complete the request.', {
    headers: retryAfter(retryAfterSeconds)
  })

/** Graph's challenge on every 401, naming Entra's authorize endpoint and Graph's own app id. */
export const WWW_AUTHENTICATE = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'

export const invalidAuthenticationToken = (message: string) =>
  new GraphError(401, 'InvalidAuthenticationToken', message, { headers: { 'www-authenticate': WWW_AUTHENTICATE } })

/**
 * Intune's 403: its message is itself a JSON document, as Intune's front end returns it through Graph
 * (see the Forbidden bodies quoted in microsoftgraph/msgraph-sdk-powershell issues).
 */
export function intuneForbidden (reason: string, requestId: string, url: string): GraphError {
  const intuneMessage = {
    _version: 3,
    Message: `${reason} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${requestId} - Url: ${shownInput(url)}`,
    CustomApiErrorPhrase: '',
    RetryAfter: null,
    ErrorSourceService: '',
    HttpHeaders: '{}'
  }
  return new GraphError(403, 'Forbidden', JSON.stringify(intuneMessage, null, 2).replaceAll('\n', '\r\n'))
}

export const generalException = (retryAfterSeconds?: number) =>
  new GraphError(500, 'generalException', 'An unspecified error has occurred.', { headers: retryAfter(retryAfterSeconds) })

/** Graph's answer for each transient failure a fault rule can inject. */
export function transientError (status: 429 | 500 | 503 | 504, retryAfterSeconds: number | undefined): GraphError {
  switch (status) {
    case 429: return tooManyRequests(retryAfterSeconds)
    case 500: return generalException(retryAfterSeconds)
    case 503: return serviceNotAvailable(retryAfterSeconds)
    case 504: return gatewayTimeout(retryAfterSeconds)
  }
}

/** Graph's date in innerError: UTC, seconds precision, no fraction and no zone designator. */
export function innerErrorDate (now: Date = new Date()): string {
  return now.toISOString().slice(0, 19)
}

export function graphErrorBody (error: GraphError, requestId: string, clientRequestId: string): GraphErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        ...error.inner,
        date: innerErrorDate(),
        'request-id': requestId,
        'client-request-id': clientRequestId
      }
    }
  }
}

/** The reply of a route that answers 204, for its schema and the OpenAPI document. */
export const NO_CONTENT = { type: 'null', description: 'No content' } as const

/** The error replies every Graph route declares, so each is serialised by the same schema. */
export const GRAPH_ERROR_RESPONSES = {
  400: GraphErrorBodySchema,
  401: GraphErrorBodySchema,
  403: GraphErrorBodySchema,
  404: GraphErrorBodySchema,
  405: GraphErrorBodySchema,
  413: GraphErrorBodySchema,
  429: GraphErrorBodySchema,
  500: GraphErrorBodySchema,
  503: GraphErrorBodySchema,
  504: GraphErrorBodySchema
}

/**
 * A malformed JSON batch, refused whole with the messages live Graph gives (quoted in SDK issue
 * threads: microsoftgraph/msgraph-sdk-dotnet#2628 and #1038, msgraph-sdk-java#559 and #2109,
 * microsoft-graph-docs#16280); those marked graph-mock's own have no published live answer.
 */
export const BATCH_ERRORS = {
  invalidPayload: () => badRequest('Invalid batch payload format.'),
  tooMany: () => badRequest('Number of requests inside batch exceed the limit.'),
  duplicateId: (id: string) => badRequest(`Request Id ${shownInput(id)} has to be unique in a batch.`),
  writeWithoutBody: (id: string) => badRequest(`Write request id : ${shownInput(id)} does not contain Content-Type header or body.`),
  // Live Graph's message is cut off in both reports after "Invalid dependency for request Id".
  invalidDependency: (id: string) => badRequest(`Invalid dependency for request Id ${shownInput(id)}: a request may depend only on requests before it in the batch.`),
  mixedDependencies: () => badRequest('Batch should be either fully sequential or fully parallel.'),
  // graph-mock's own.
  unsupportedMethod: (id: string, method: string) => badRequest(`Request id ${shownInput(id)} uses the method '${shownInput(method)}'; a batch takes GET, POST, PUT, PATCH and DELETE.`),
  invalidHeader: (id: string, name: string) => badRequest(`Request id ${shownInput(id)}: the header '${shownInput(name)}' holds a character an HTTP header cannot carry.`),
  notRelative: (id: string) => badRequest(`Request id ${shownInput(id)}: the url must be relative to the batch's version, such as /deviceManagement/managedDevices, and name no other batch.`),
  // The status is the docs' ("fails with status code 424 (Failed Dependency)"); the body is graph-mock's.
  failedDependency: (dependency: string) => new GraphError(424, 'FailedDependency', `The request depends on request ${shownInput(dependency)}, which failed.`)
}

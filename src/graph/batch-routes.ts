/**
 * POST /{version}/$batch: JSON batching (concepts/json-batching.md). Each item is sent through
 * the whole app, as if alone (routing, the batch's token and each item's permission check,
 * validation, fault rules, the store, Graph's headers and errors), in the batch's order, which
 * honours `dependsOn` since Graph takes a dependency only on an earlier item. A malformed batch
 * is refused whole, before any item runs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { validateHeaderName, validateHeaderValue } from 'node:http'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { BATCH_ERRORS, GRAPH_ERROR_RESPONSES, graphErrorBody, type GraphError } from './errors.js'
import { closingRefusal } from './graceful-close.js'
import { sendAsBatchItem, type BatchItemCarrier } from './batch-items.js'
import { ODATA_JSON } from './headers.js'
import { requestOrigin } from './request-origin.js'
import type { GraphVersion } from './resource.js'
import { GRAPH_VERSIONS } from './routing.js'

/** "A JSON batch request can contain at most 20 individual requests" (json-batching.md). */
export const BATCH_LIMIT = 20
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
const WRITES = new Set(['POST', 'PUT', 'PATCH'])
/** The item answer's headers, named as Graph names them there; the others (ids, dates, transport) stay on the batch's own answer. */
const ANSWER_HEADERS: Record<string, string> = {
  'content-type': 'Content-Type',
  'odata-version': 'OData-Version',
  location: 'Location',
  'retry-after': 'Retry-After',
  'preference-applied': 'Preference-Applied',
  allow: 'Allow',
  'www-authenticate': 'WWW-Authenticate'
}
/** An answer's headers as an item answer shows them: those of ANSWER_HEADERS, named as Graph names them there. */
function shownHeaders (headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const shown: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const as = ANSWER_HEADERS[name]
    if (as !== undefined && value !== undefined) shown[as] = String(value)
  }
  return shown
}
/** Item headers the batch itself decides: its token, its host, and the framing of each item's body. */
const BATCH_OWNED_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'expect'])

const BatchItemSchema = Type.Object({
  id: Type.String({ description: 'The item\'s id, unique in the batch without regard to case; its answer carries it' }),
  method: Type.String({ description: 'GET, POST, PUT, PATCH or DELETE' }),
  url: Type.String({ description: 'Relative to the version, such as /deviceManagement/managedDevices?$top=5' }),
  headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'A body needs its Content-Type here' })),
  body: Type.Optional(Type.Unknown({ description: 'JSON, sent with the item' })),
  dependsOn: Type.Optional(Type.Array(Type.String(), { description: 'Ids of earlier items that must succeed first; then every item but the first has one' }))
})
type BatchItem = Static<typeof BatchItemSchema>

const BatchRequestSchema = Type.Object({
  requests: Type.Array(BatchItemSchema, { description: `At most ${BATCH_LIMIT}` })
}, { description: 'A JSON batch' })

const BatchAnswerSchema = Type.Object({
  id: Type.String(),
  status: Type.Integer(),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.Optional(Type.Unknown({ description: 'The JSON answer, or its text; absent for an answer without a body' }))
})
type BatchAnswer = Static<typeof BatchAnswerSchema>
/** An item's answer with its JSON body as the text the item was answered with, spliced into the batch's answer unparsed. */
type ItemAnswer = Omit<BatchAnswer, 'body'> & { json?: string }

const BatchResponseSchema = Type.Object({ responses: Type.Array(BatchAnswerSchema) }, { description: 'Every item\'s answer, in the batch\'s order' })

/** Refuses the batch whole, before any item runs, with Graph's message for what is wrong; answers each item's path. */
function checkBatch (items: readonly BatchItem[], version: GraphVersion): string[] {
  if (items.length === 0) throw BATCH_ERRORS.invalidPayload()
  if (items.length > BATCH_LIMIT) throw BATCH_ERRORS.tooMany()
  const earlier = new Set<string>()
  const paths: string[] = []
  for (const item of items) {
    const id = item.id.toLowerCase()
    if (id === '') throw BATCH_ERRORS.invalidPayload()
    if (earlier.has(id)) throw BATCH_ERRORS.duplicateId(item.id)
    if (!METHODS.has(item.method.toUpperCase())) throw BATCH_ERRORS.unsupportedMethod(item.id, item.method)
    // An empty url names nothing, as a missing one does; resolved, it would read the service document.
    if (item.url.trim() === '') throw BATCH_ERRORS.invalidPayload()
    const path = itemPath(item.url, version)
    if (path === undefined) throw BATCH_ERRORS.notRelative(item.id)
    paths.push(path)
    const badHeader = Object.entries(item.headers ?? {}).find(([name, value]) => !isHeader(name, value))
    if (badHeader !== undefined) throw BATCH_ERRORS.invalidHeader(item.id, badHeader[0])
    const hasType = Object.keys(item.headers ?? {}).some((name) => name.toLowerCase() === 'content-type')
    if ((item.body !== undefined && !hasType) || (WRITES.has(item.method.toUpperCase()) && item.body === undefined)) throw BATCH_ERRORS.writeWithoutBody(item.id)
    if ((item.dependsOn ?? []).some((dependency) => !earlier.has(dependency.toLowerCase()))) throw BATCH_ERRORS.invalidDependency(item.id)
    earlier.add(id)
  }
  // "Batch should be either fully sequential or fully parallel": every item but the first depends on one, or none does.
  const dependent = items.slice(1).filter((item) => (item.dependsOn ?? []).length > 0).length
  if (dependent > 0 && dependent < items.length - 1) throw BATCH_ERRORS.mixedDependencies()
  return paths
}

/**
 * Whether a lone request could carry the header: Node's HTTP parser refuses the rest. An item's
 * would otherwise run, and then fail as its answer echoed the header (client-request-id, Origin).
 */
function isHeader (name: string, value: string): boolean {
  try {
    validateHeaderName(name)
    validateHeaderValue(name, value)
    return true
  } catch {
    return false
  }
}

/**
 * The path an item's url names under the batch's version, or undefined when it is not one:
 * absolute, leaving the version (`..`), or another batch.
 */
function itemPath (url: string, version: GraphVersion): string | undefined {
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('//')) return undefined
  const base = `http://graph.invalid/${version}/`
  const resolved = new URL(url.replace(/^\/+/, ''), base)
  if (!resolved.href.startsWith(base)) return undefined
  const path = `${resolved.pathname}${resolved.search}`
  let segment: string
  try {
    segment = decodeURIComponent(resolved.pathname.split('/')[2] ?? '')
  } catch {
    return undefined
  }
  // `%24batch` is `$batch` too.
  return segment.toLowerCase() === '$batch' ? undefined : path
}

/** A media type's `charset` parameter, which a body sent as JSON in the batch no longer has. */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*("[^"]*"|[^;]*)/gi

/**
 * The item's own headers, lower-cased, without those the batch decides. A body given as JSON
 * (not as a string) is written out again as UTF-8 JSON, so what its headers said of its bytes
 * (a charset, a Content-Encoding) no longer holds of what the item is sent with.
 */
function itemHeaders (item: BatchItem): Record<string, string> {
  const rewritten = item.body !== undefined && typeof item.body !== 'string'
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(item.headers ?? {})) {
    const lower = name.toLowerCase()
    if (BATCH_OWNED_HEADERS.has(lower) || (rewritten && lower === 'content-encoding')) continue
    headers[lower] = rewritten && lower === 'content-type' ? value.replace(CHARSET_PARAMETER, '') : value
  }
  return headers
}

const batchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Sends one item through the whole app (inject dispatches from the root), as a lone request with the batch's token would be sent. */
  async function answerOf (request: FastifyRequest, item: BatchItem, path: string, notices: Array<() => void>): Promise<ItemAnswer> {
    const { body } = item
    const { authorization } = request.headers
    const carried: BatchItemCarrier = { batchRequestId: request.id, origin: requestOrigin(request), state: request.state, notices }
    const response = await sendAsBatchItem(carried, async () => await app.inject({
      method: item.method.toUpperCase() as 'GET',
      url: path,
      headers: {
        // The batch's client, unless the item names its own: inject would say `lightMyRequest`.
        'user-agent': request.headers['user-agent'],
        ...itemHeaders(item),
        ...(authorization === undefined ? {} : { authorization }),
        host: request.host
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) })
    }))
    const headers = shownHeaders(response.headers)
    const answer: ItemAnswer = { id: item.id, status: response.statusCode, headers }
    const payload = carried.payload ?? response.payload
    if (payload === '') return answer
    // graph-mock's own JSON, whole: parsing it to write it again would cost most of a batch of reads.
    answer.json = /^application\/json/i.test(headers['Content-Type'] ?? '') ? payload : JSON.stringify(payload)
    return answer
  }

  /** The answer of an item that is not sent: the 424 of one whose dependency failed, the 503 of one the shutdown met. */
  function unsent (request: FastifyRequest, item: BatchItem, error: GraphError): ItemAnswer {
    const headers = { 'Content-Type': 'application/json', ...shownHeaders(error.headers) }
    return { id: item.id, status: error.statusCode, headers, json: JSON.stringify(graphErrorBody(error, request.id, request.id)) }
  }

  /** Why an item is not sent, if it is not: a failed dependency, or the server closing, which no longer takes requests, injected ones too. */
  function notSent (item: BatchItem, statuses: ReadonlyMap<string, number>): GraphError | undefined {
    const failed = (item.dependsOn ?? []).find((dependency) => (statuses.get(dependency.toLowerCase()) ?? 0) >= 400)
    if (failed !== undefined) return BATCH_ERRORS.failedDependency(failed)
    return app.shutdown.closing ? closingRefusal() : undefined
  }

  /** The batch's answer, `{"responses": [...]}`, its items' JSON bodies spliced in as they came. */
  function batchAnswer (answers: readonly ItemAnswer[]): string {
    const items = answers.map(({ json, ...answer }) => (json === undefined ? JSON.stringify(answer) : `${JSON.stringify(answer).slice(0, -1)},"body":${json}}`))
    return `{"responses":[${items.join(',')}]}`
  }

  for (const version of GRAPH_VERSIONS) {
    app.post(`/${version}/$batch`, {
      config: { graph: { qualifiedName: 'microsoft.graph.batch', permissions: [] } },
      // A body that is not a batch gets Graph's own message, not the schema's.
      attachValidation: true,
      schema: {
        tags: ['batch'],
        summary: `Up to ${BATCH_LIMIT} Graph requests in one, each answered as if sent alone`,
        body: BatchRequestSchema,
        response: { 200: BatchResponseSchema, ...GRAPH_ERROR_RESPONSES }
      }
    }, async (request, reply) => {
      if (request.validationError !== undefined) throw BATCH_ERRORS.invalidPayload()
      const { requests } = request.body
      const paths = checkBatch(requests, version)
      const statuses = new Map<string, number>()
      const answers: ItemAnswer[] = []
      const notices: Array<() => void> = []
      for (const [index, item] of requests.entries()) {
        const refusal = notSent(item, statuses)
        const answer = refusal === undefined ? await answerOf(request, item, paths[index] ?? '', notices) : unsent(request, item, refusal)
        statuses.set(item.id.toLowerCase(), answer.status)
        answers.push(answer)
      }
      // The items' answers reach the client now: so do their Retry-Afters.
      for (const notice of notices) notice()
      // Already JSON: the content type says so, and Fastify sends the text as it is.
      return (reply as FastifyReply).type(ODATA_JSON).send(batchAnswer(answers))
    })
  }
}

export default batchRoutes

import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { fixtureRules } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { AUTH, GUID, INNER_ERROR_DATE, JSON_AUTH, appClaims, buildTestApp, stateOf, unsignedJwt } from '../helper.js'

const SET = 'deviceManagement.managedDevices'
/** Item urls are relative to the batch's version. */
const DEVICES = '/deviceManagement/managedDevices'
const BATCH_URL = '/beta/$batch'
const STORE_URL = `/_mock/store/${SET}`
const JSON_TYPE = { 'content-type': 'application/json' }

const fixtures = await loadFixtures(new URL('../../fixtures', import.meta.url).pathname, fixtureRules())
/** Three bundled devices: enough to read, change and delete different ones in one batch. */
const SEEDED = Object.entries(fixtures[SET] ?? {}).slice(0, 3)
const [ID_A = '', ID_B = '', ID_C = ''] = SEEDED.map(([id]) => id)
const SEEDED_RECORDS = Object.fromEntries(SEEDED)
const SEED = { [SET]: SEEDED_RECORDS }

type StoredDevices = Record<string, Record<string, unknown>>

interface BatchItem {
  id: string
  method: string
  url: string
  headers?: Record<string, string>
  body?: unknown
  dependsOn?: string[]
}

interface ItemAnswer {
  id: string
  status: number
  headers: Record<string, string>
  body?: unknown
}

interface JournalEntry {
  method: string
  path: string
  query: Record<string, unknown>
  body: unknown
  status: number
  requestId: string
  batchRequestId: string | null
  headers: Record<string, string>
}

interface GraphErrorBody {
  error: { code: string, message: string, innerError: { date: string, 'request-id': string, 'client-request-id': string } }
}

type App = ReturnType<typeof buildTestApp>['app']

function deviceApp (t: TestContext) {
  return buildTestApp(t, stateOf(SEED)).app
}

const rename = (id: string, deviceId: string, deviceName: string): BatchItem =>
  ({ id, method: 'PATCH', url: `${DEVICES}/${deviceId}`, headers: JSON_TYPE, body: { deviceName } })

const sendBatch = (app: App, payload: unknown, headers: Record<string, string> = JSON_AUTH) =>
  app.inject({ method: 'POST', url: BATCH_URL, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })

const answersOf = (res: LightMyRequestResponse) => res.json<{ responses: ItemAnswer[] }>().responses

/** The item sent on its own, as a client would send it without a batch. */
const sendAlone = (app: App, item: BatchItem, authorization: string = AUTH.authorization) =>
  app.inject({
    method: item.method as 'GET',
    url: `/beta${item.url}`,
    headers: { ...item.headers, authorization },
    ...(item.body === undefined ? {} : { payload: JSON.stringify(item.body) })
  })

async function storeOf (app: App): Promise<StoredDevices> {
  const res = await app.inject({ url: STORE_URL })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<StoredDevices>()
}

async function journalOf (app: App, query = ''): Promise<JournalEntry[]> {
  const res = await app.inject({ url: `/_mock/requests${query}` })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<{ entries: JournalEntry[] }>().entries
}

/**
 * An answer without what differs between two sendings of one request: innerError's ids and date,
 * the service root's host, and the Activity ID an Intune 403's message quotes.
 */
function comparable (body: unknown, inInnerError = false): unknown {
  if (Array.isArray(body)) return body.map((value) => comparable(value))
  if (typeof body === 'string') return body.replace(/Activity ID: [0-9a-f-]{36}/g, 'Activity ID: …')
  if (body === null || typeof body !== 'object') return body
  return Object.fromEntries(Object.entries(body)
    .filter(([key]) => !(inInnerError && ['date', 'request-id', 'client-request-id'].includes(key)))
    .map(([key, value]) => [key, key === '@odata.context' && typeof value === 'string' ? value.replace(/^https?:\/\/[^/]+/, '') : comparable(value, key === 'innerError')]))
}

/** Graph's names for the headers an item answer carries. */
const ITEM_HEADERS = ['Content-Type', 'OData-Version', 'Location', 'Retry-After', 'Preference-Applied', 'Allow', 'WWW-Authenticate']

function assertAnsweredAsAlone (answer: ItemAnswer, alone: LightMyRequestResponse): void {
  const label = `item ${answer.id}`
  assert.equal(answer.status, alone.statusCode, label)
  if (alone.body === '') assert.equal(answer.body, undefined, label)
  else assert.deepEqual(comparable(answer.body), comparable(alone.json()), label)
  for (const name of ITEM_HEADERS) {
    const value = alone.headers[name.toLowerCase()]
    assert.equal(answer.headers[name], value === undefined ? undefined : String(value), `${label}: ${name}`)
  }
}

// ---------------------------------------------------------------------------------------------
// 1. A malformed batch is refused whole, before any item runs.

const WRITE_URL = { url: `${DEVICES}/${ID_A}`, headers: JSON_TYPE }
const INVALID_DEPENDENCY = (id: string) => `Invalid dependency for request Id ${id}: a request may depend only on requests before it in the batch.`
const NOT_RELATIVE = "Request id 1: the url must be relative to the batch's version, such as /deviceManagement/managedDevices, and name no other batch."

const REFUSALS: Array<{ name: string, payload: unknown, message: string }> = [
  // Not a batch's shape: the app's JSON parser answers before the batch route, with Graph's message for any unreadable body.
  { name: 'a body that is not JSON', payload: '{"requests": [', message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' },
  { name: 'no requests', payload: { request: [rename('1', ID_A, 'X')] }, message: 'Invalid batch payload format.' },
  { name: 'requests not an array', payload: { requests: { 1: rename('1', ID_A, 'X') } }, message: 'Invalid batch payload format.' },
  { name: 'an item without an id', payload: { requests: [{ method: 'GET', url: DEVICES }] }, message: 'Invalid batch payload format.' },
  { name: 'no request', payload: { requests: [] }, message: 'Invalid batch payload format.' },
  {
    name: '21 requests',
    payload: { requests: Array.from({ length: 21 }, (_, index) => rename(String(index + 1), ID_A, `X${index}`)) },
    message: 'Number of requests inside batch exceed the limit.'
  },
  { name: 'an empty url', payload: { requests: [{ id: '1', method: 'GET', url: '' }] }, message: 'Invalid batch payload format.' },
  { name: 'a url of spaces', payload: { requests: [{ id: '1', method: 'GET', url: '   ' }] }, message: 'Invalid batch payload format.' },
  { name: 'an empty id', payload: { requests: [rename('1', ID_A, 'X'), rename('', ID_B, 'Y')] }, message: 'Invalid batch payload format.' },
  { name: 'a duplicate id', payload: { requests: [rename('1', ID_A, 'X'), rename('1', ID_B, 'Y')] }, message: 'Request Id 1 has to be unique in a batch.' },
  {
    name: 'ids differing only in case',
    payload: { requests: [rename('AAMkAGY=', ID_A, 'X'), rename('aamkagy=', ID_B, 'Y')] },
    message: 'Request Id aamkagy= has to be unique in a batch.'
  },
  { name: 'a POST without body', payload: { requests: [rename('1', ID_A, 'X'), { id: '2', method: 'POST', url: DEVICES, headers: JSON_TYPE }] }, message: 'Write request id : 2 does not contain Content-Type header or body.' },
  { name: 'a PATCH without body', payload: { requests: [{ id: '1', method: 'PATCH', ...WRITE_URL }] }, message: 'Write request id : 1 does not contain Content-Type header or body.' },
  {
    name: 'a body without Content-Type',
    payload: { requests: [{ id: '1', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: { accept: 'application/json' }, body: { deviceName: 'X' } }] },
    message: 'Write request id : 1 does not contain Content-Type header or body.'
  },
  {
    name: 'a dependency on an unknown id',
    payload: { requests: [rename('1', ID_A, 'X'), { ...rename('2', ID_B, 'Y'), dependsOn: ['7'] }] },
    message: INVALID_DEPENDENCY('2')
  },
  {
    name: 'a dependency on a later item',
    payload: { requests: [{ ...rename('1', ID_A, 'X'), dependsOn: ['2'] }, rename('2', ID_B, 'Y')] },
    message: INVALID_DEPENDENCY('1')
  },
  {
    name: 'a dependency on itself',
    payload: { requests: [rename('1', ID_A, 'X'), { ...rename('2', ID_B, 'Y'), dependsOn: ['2'] }] },
    message: INVALID_DEPENDENCY('2')
  },
  {
    name: 'chained and free items mixed',
    payload: { requests: [rename('1', ID_A, 'X'), { ...rename('2', ID_B, 'Y'), dependsOn: ['1'] }, rename('3', ID_C, 'Z')] },
    message: 'Batch should be either fully sequential or fully parallel.'
  },
  {
    name: 'a method a batch does not take',
    payload: { requests: [{ id: '1', method: 'TRACE', url: `${DEVICES}/${ID_A}` }] },
    message: "Request id 1 uses the method 'TRACE'; a batch takes GET, POST, PUT, PATCH and DELETE."
  },
  { name: 'an absolute url', payload: { requests: [{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/beta/me' }] }, message: NOT_RELATIVE },
  { name: 'a url without scheme naming a host', payload: { requests: [{ id: '1', method: 'GET', url: '//graph.microsoft.com/beta/me' }] }, message: NOT_RELATIVE },
  // Each would show in the store had it run: a reset undoes the rename done before the table, a PUT empties the set.
  { name: 'a url leaving the version from the root', payload: { requests: [{ id: '1', method: 'POST', url: '/../_mock/reset', headers: JSON_TYPE, body: {} }] }, message: NOT_RELATIVE },
  { name: 'a relative url leaving the version', payload: { requests: [{ id: '1', method: 'PUT', url: `../_mock/store/${SET}`, headers: JSON_TYPE, body: {} }] }, message: NOT_RELATIVE },
  { name: 'a url leaving the version, percent-encoded', payload: { requests: [{ id: '1', method: 'POST', url: '%2e%2e/_mock/reset', headers: JSON_TYPE, body: {} }] }, message: NOT_RELATIVE },
  {
    name: 'a nested batch',
    payload: { requests: [{ id: '1', method: 'POST', url: '/$batch', headers: JSON_TYPE, body: { requests: [rename('1', ID_A, 'X')] } }] },
    message: NOT_RELATIVE
  },
  // A lone request could not carry either: Node's HTTP parser refuses them, and the answer's echo of client-request-id would throw.
  {
    name: 'a line break in a header value, on a write',
    payload: { requests: [{ ...rename('1', ID_A, 'Written'), headers: { ...JSON_TYPE, 'client-request-id': 'a\r\nSet-Cookie: x=1' } }] },
    message: "Request id 1: the header 'client-request-id' holds a character an HTTP header cannot carry."
  },
  {
    name: 'a character beyond U+00FF in a header value',
    payload: { requests: [rename('1', ID_A, 'Written'), { id: '2', method: 'GET', url: `${DEVICES}/${ID_B}`, headers: { origin: 'https://app.example/\u2603' } }] },
    message: "Request id 2: the header 'origin' holds a character an HTTP header cannot carry."
  },
  {
    name: 'a header name that is no token',
    payload: { requests: [{ id: '1', method: 'GET', url: `${DEVICES}/${ID_B}`, headers: { 'x bad': '1' } }] },
    message: "Request id 1: the header 'x bad' holds a character an HTTP header cannot carry."
  },
  {
    name: 'a refusal after a valid write',
    payload: { requests: [rename('1', ID_A, 'Written'), { id: '2', method: 'TRACE', url: `${DEVICES}/${ID_B}` }] },
    message: "Request id 2 uses the method 'TRACE'; a batch takes GET, POST, PUT, PATCH and DELETE."
  }
]

test('a malformed batch is refused whole with a 400 naming what is wrong; no item runs, nothing changes, only the batch is journaled', async (t) => {
  const app = deviceApp(t)
  // A change a reset through the batch would undo.
  assert.equal((await sendAlone(app, rename('0', ID_A, 'Before the batch'))).statusCode, 200)
  const before = await storeOf(app)
  for (const { name, payload, message } of REFUSALS) {
    assert.equal((await app.inject({ method: 'DELETE', url: '/_mock/requests' })).statusCode, 204)
    const res = await sendBatch(app, payload)
    assert.equal(res.statusCode, 400, `${name}: ${res.body}`)
    const { error } = res.json<GraphErrorBody>()
    assert.deepEqual([error.code, error.message], ['BadRequest', message], name)
    assert.equal(error.innerError['request-id'], res.headers['request-id'], name)
    assert.match(error.innerError.date, INNER_ERROR_DATE, name)
    assert.deepEqual(await storeOf(app), before, name)
    const journal = await journalOf(app)
    assert.deepEqual(journal.map(({ method, path, status, requestId }) => ({ method, path, status, requestId })),
      [{ method: 'POST', path: BATCH_URL, status: 400, requestId: res.headers['request-id'] }], name)
  }
})

const NESTED_ENCODED = { requests: [{ id: '1', method: 'POST', url: '/%24batch', headers: JSON_TYPE, body: { requests: [rename('1', ID_A, 'Nested')] } }] }

test('a nested batch whose $ is percent-encoded is refused whole like /$batch, and runs nothing', async (t) => {
  const app = deviceApp(t)
  const before = await storeOf(app)
  const res = await sendBatch(app, NESTED_ENCODED)
  assert.equal(res.statusCode, 400, res.body)
  assert.equal(res.json<GraphErrorBody>().error.message, NOT_RELATIVE)
  assert.deepEqual(await storeOf(app), before)
  assert.deepEqual((await journalOf(app)).filter(({ method }) => method === 'PATCH'), [])
})

test('both versions take a batch, each resolving item urls against its own version', async (t) => {
  const app = deviceApp(t)
  // managedDevices exist in beta only.
  const beta = answersOf(await sendBatch(app, { requests: [{ id: '1', method: 'GET', url: `${DEVICES}/${ID_A}?$select=id` }] }))
  assert.deepEqual(beta.map(({ status }) => status), [200])
  const res = await app.inject({ method: 'POST', url: '/v1.0/$batch', headers: JSON_AUTH, payload: { requests: [{ id: '1', method: 'GET', url: `${DEVICES}/${ID_A}?$select=id` }] } })
  assert.equal(res.statusCode, 200, res.body)
  const [answer] = answersOf(res)
  assert.ok(answer !== undefined)
  const alone = await app.inject({ url: `/v1.0${DEVICES}/${ID_A}?$select=id`, headers: AUTH })
  assert.notEqual(alone.statusCode, 200)
  assertAnsweredAsAlone(answer, alone)
})

// ---------------------------------------------------------------------------------------------
// 2. An item whose dependency failed answers 424 without running.

test('in a chain, an item whose dependency failed answers 424 with a Graph error and is not run, nor is what depends on it', async (t) => {
  const app = deviceApp(t)
  const res = await sendBatch(app, {
    requests: [
      { id: '1', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: JSON_TYPE, body: { notes: 'one' } },
      { id: '2', method: 'PATCH', url: `${DEVICES}/no-such-device`, headers: JSON_TYPE, body: { notes: 'two' }, dependsOn: ['1'] },
      { id: '3', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: JSON_TYPE, body: { notes: 'three' }, dependsOn: ['2'] },
      // A dependency is named without regard to case, and a 424 fails what depends on it in turn.
      { id: 'Four', method: 'DELETE', url: `${DEVICES}/${ID_B}`, dependsOn: ['3'] },
      { id: '5', method: 'DELETE', url: `${DEVICES}/${ID_C}`, dependsOn: ['FOUR'] }
    ]
  })
  assert.equal(res.statusCode, 200, res.body)
  const batchId = String(res.headers['request-id'])
  const answers = answersOf(res)
  assert.deepEqual(answers.map(({ id, status }) => [id, status]), [['1', 200], ['2', 404], ['3', 424], ['Four', 424], ['5', 424]])
  assert.equal((answers[1]?.body as GraphErrorBody).error.code, 'ResourceNotFound')
  for (const [answer, dependency] of [[answers[2], '2'], [answers[3], '3'], [answers[4], 'FOUR']] as const) {
    assert.ok(answer !== undefined)
    assert.equal(answer.headers['Content-Type'], 'application/json')
    const { error } = answer.body as GraphErrorBody
    assert.deepEqual([error.code, error.message], ['FailedDependency', `The request depends on request ${dependency}, which failed.`])
    assert.match(error.innerError.date, INNER_ERROR_DATE)
    assert.match(error.innerError['request-id'], GUID)
  }
  const store = await storeOf(app)
  assert.equal(store[ID_A]?.['notes'], 'one')
  assert.ok(store[ID_B] !== undefined && store[ID_C] !== undefined, 'the 424 items were not run')
  assert.deepEqual((await journalOf(app, `?batch=${batchId}`)).map(({ method, path, status }) => [method, path, status]), [
    ['PATCH', `/beta${DEVICES}/${ID_A}`, 200],
    ['PATCH', `/beta${DEVICES}/no-such-device`, 404]
  ])
})

test('a failing item without dependents does not stop the others of a parallel batch', async (t) => {
  const app = deviceApp(t)
  const res = await sendBatch(app, {
    requests: [
      rename('1', ID_A, 'First'),
      { id: '2', method: 'GET', url: `${DEVICES}/no-such-device` },
      { id: '3', method: 'PATCH', url: `${DEVICES}/${ID_B}`, headers: JSON_TYPE, body: { complianceState: 'bogus' } },
      rename('4', ID_B, 'Fourth'),
      { id: '5', method: 'DELETE', url: `${DEVICES}/${ID_C}` }
    ]
  })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(answersOf(res).map(({ id, status }) => [id, status]), [['1', 200], ['2', 404], ['3', 400], ['4', 200], ['5', 204]])
  const store = await storeOf(app)
  assert.deepEqual([store[ID_A]?.['deviceName'], store[ID_B]?.['deviceName'], store[ID_C]], ['First', 'Fourth', undefined])
})

// ---------------------------------------------------------------------------------------------
// 3. Each item is answered as if it had been sent alone.

/** Sends `items` as one batch to one app, and one by one, in the batch's order, to another seeded the same; both get `before` first. */
async function batchAndAlone (t: TestContext, items: BatchItem[], authorization: string, before: (app: App) => Promise<void> = async () => {}) {
  const batched = deviceApp(t)
  const lone = deviceApp(t)
  await before(batched)
  await before(lone)
  const res = await sendBatch(batched, { requests: items }, { ...JSON_TYPE, authorization })
  assert.equal(res.statusCode, 200, res.body)
  const answers = answersOf(res)
  assert.deepEqual(answers.map(({ id }) => id), items.map(({ id }) => id))
  const alone: LightMyRequestResponse[] = []
  for (const item of items) alone.push(await sendAlone(lone, item, authorization))
  answers.forEach((answer, index) => {
    const res = alone[index]
    assert.ok(res !== undefined)
    assertAnsweredAsAlone(answer, res)
  })
  assert.deepEqual(await storeOf(batched), await storeOf(lone))
  return { res, answers, batched }
}

test('reads, writes, a bad write, an unknown segment, a wrong method and a throttled item are each answered as if sent alone', async (t) => {
  const throttle = async (app: App) => {
    const res = await app.inject({ method: 'POST', url: '/_mock/faults', headers: JSON_TYPE, payload: { method: 'GET', path: `/beta${DEVICES}/${ID_B}`, status: 429, retryAfterSeconds: 7 } })
    assert.equal(res.statusCode, 201, res.body)
  }
  const items: BatchItem[] = [
    { id: 'get', method: 'GET', url: `${DEVICES}/${ID_A}?$select=id,deviceName,notes` },
    { id: 'patch', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: JSON_TYPE, body: { deviceName: 'Renamed', notes: 'checked' } },
    { id: 'reread', method: 'get', url: `${DEVICES}/${ID_A}?$select=id,deviceName,notes` },
    { id: 'bad', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: JSON_TYPE, body: { deviceName: 'Not this', complianceState: 'bogus' } },
    { id: 'segment', method: 'GET', url: '/deviceManagement/coManagedGadgets' },
    { id: 'method', method: 'PUT', url: DEVICES, headers: JSON_TYPE, body: {} },
    { id: 'throttled', method: 'GET', url: `${DEVICES}/${ID_B}` },
    { id: 'delete', method: 'DELETE', url: `${DEVICES}/${ID_C}` },
    { id: 'gone', method: 'GET', url: `${DEVICES}/${ID_C}` }
  ]
  const { res, answers, batched } = await batchAndAlone(t, items, AUTH.authorization, throttle)
  assert.equal(res.statusCode, 200)
  const byId = Object.fromEntries(answers.map((answer) => [answer.id, answer]))
  assert.deepEqual(answers.map(({ status }) => status), [200, 200, 200, 400, 400, 405, 429, 204, 404])
  assert.deepEqual(byId['reread']?.body, {
    '@odata.context': 'http://localhost:80/beta/$metadata#deviceManagement/managedDevices(id,deviceName,notes)/$entity',
    '@odata.type': '#microsoft.graph.managedDevice',
    id: ID_A,
    deviceName: 'Renamed',
    notes: 'checked'
  })
  assert.equal((byId['bad']?.body as GraphErrorBody).error.code, 'ModelValidationFailure')
  assert.equal((byId['segment']?.body as GraphErrorBody).error.message, "Resource not found for the segment 'coManagedGadgets'.")
  assert.equal(byId['method']?.headers['Allow'], 'GET, POST')
  assert.equal(byId['throttled']?.headers['Retry-After'], '7')
  assert.equal((byId['throttled']?.body as GraphErrorBody).error.code, 'TooManyRequests')
  assert.equal(byId['delete']?.body, undefined)
  // Item answers carry their ids in the body only, as Graph's do; the batch's own answer has its own.
  for (const answer of answers) assert.equal(answer.headers['request-id'] ?? answer.headers['Request-Id'], undefined)
  assert.equal((await storeOf(batched))[ID_A]?.['deviceName'], 'Renamed')
})

test('a body given as JSON is sent as JSON whatever charset or Content-Encoding the item\'s headers name for it', async (t) => {
  const app = deviceApp(t)
  const items: BatchItem[] = [
    { id: '1', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: { 'Content-Type': 'application/json; charset=utf-16le' }, body: { deviceName: 'Sixteen' } },
    { id: '2', method: 'PATCH', url: `${DEVICES}/${ID_B}`, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: { deviceName: 'Zipped' } }
  ]
  const answers = answersOf(await sendBatch(app, { requests: items }))
  assert.deepEqual(answers.map(({ id, status, body }) => [id, status, (body as { deviceName?: string }).deviceName]), [['1', 200, 'Sixteen'], ['2', 200, 'Zipped']])
})

test('an item is checked against the batch\'s token as if sent alone with it: a missing role is a 403 naming the permissions', async (t) => {
  const serviceConfigOnly = `Bearer ${unsignedJwt(appClaims({ roles: ['DeviceManagementServiceConfig.ReadWrite.All'] }))}`
  const items: BatchItem[] = [
    { id: '1', method: 'GET', url: `${DEVICES}/${ID_A}` },
    rename('2', ID_A, 'Refused'),
    { id: '3', method: 'GET', url: '/deviceManagement/coManagedGadgets' }
  ]
  const { answers, batched } = await batchAndAlone(t, items, serviceConfigOnly)
  assert.deepEqual(answers.map(({ status }) => status), [403, 403, 400])
  assert.match((answers[0]?.body as GraphErrorBody).error.message, /DeviceManagementManagedDevices\.Read\.All/)
  assert.equal((await storeOf(batched))[ID_A]?.['deviceName'], SEEDED_RECORDS[ID_A]?.['deviceName'])
})

// ---------------------------------------------------------------------------------------------
// 4. The journal links each item that ran to its batch.

test('each item that ran is journaled with its own method, path, body and status, and the batch\'s requestId; ?batch= lists exactly them', async (t) => {
  const app = deviceApp(t)
  assert.equal((await app.inject({ url: `/beta${DEVICES}/${ID_B}`, headers: AUTH })).statusCode, 200)
  const items: BatchItem[] = [
    { id: '1', method: 'GET', url: `${DEVICES}/${ID_A}?$select=id,notes` },
    { id: '2', method: 'PATCH', url: `${DEVICES}/${ID_A}`, headers: JSON_TYPE, body: { notes: 'journaled' } },
    { id: '3', method: 'DELETE', url: `${DEVICES}/no-such-device`, headers: { 'User-Agent': 'item-agent/2' } }
  ]
  const res = await sendBatch(app, { requests: items }, { ...JSON_AUTH, 'user-agent': 'my-app/1.0' })
  assert.equal(res.statusCode, 200, res.body)
  const batchId = String(res.headers['request-id'])
  const other = await sendBatch(app, { requests: [{ id: '1', method: 'GET', url: `${DEVICES}/${ID_C}` }] })
  assert.equal(other.statusCode, 200)
  const listed = await journalOf(app, `?batch=${batchId}`)
  assert.deepEqual(listed.map(({ method, path, query, body, status, batchRequestId }) => ({ method, path, query, body, status, batchRequestId })), [
    { method: 'GET', path: `/beta${DEVICES}/${ID_A}`, query: { $select: 'id,notes' }, body: null, status: 200, batchRequestId: batchId },
    { method: 'PATCH', path: `/beta${DEVICES}/${ID_A}`, query: {}, body: { notes: 'journaled' }, status: 200, batchRequestId: batchId },
    { method: 'DELETE', path: `/beta${DEVICES}/no-such-device`, query: {}, body: null, status: 404, batchRequestId: batchId }
  ])
  // Each item comes from the batch's client, unless it names its own.
  assert.deepEqual(listed.map(({ headers }) => headers['user-agent']), ['my-app/1.0', 'my-app/1.0', 'item-agent/2'])
  // Each item has its own request-id, the one in its answer's error.
  assert.equal(new Set([batchId, ...listed.map(({ requestId }) => requestId)]).size, 4)
  assert.equal(listed[2]?.requestId, (answersOf(res)[2]?.body as GraphErrorBody).error.innerError['request-id'])
  const all = await journalOf(app)
  assert.deepEqual(all.map(({ method, path, batchRequestId }) => [method, path, batchRequestId]), [
    ['GET', `/beta${DEVICES}/${ID_B}`, null],
    ...listed.map(({ method, path }) => [method, path, batchId]),
    ['POST', BATCH_URL, null],
    ['GET', `/beta${DEVICES}/${ID_C}`, String(other.headers['request-id'])],
    ['POST', BATCH_URL, null]
  ])
  assert.deepEqual(all.filter(({ path }) => path === BATCH_URL).map(({ requestId }) => requestId), [batchId, other.headers['request-id']])
  assert.deepEqual(await journalOf(app, '?batch=no-such-batch'), [])
})

// ---------------------------------------------------------------------------------------------
// 5. A batch of independent items leaves the store as the same requests sent one by one would.

const STRING_PROPERTIES = ['deviceName', 'notes', 'managedDeviceName'] as const
const seededIndex = fc.integer({ min: 0, max: SEEDED.length - 1 })
const text = fc.string({ maxLength: 12 })
/** One item, without its id: the requests a client mixes in a batch over a few devices. */
const itemRequest: fc.Arbitrary<Omit<BatchItem, 'id'>> = fc.oneof(
  seededIndex.map((index) => ({ method: 'GET', url: `${DEVICES}/${SEEDED[index]?.[0] ?? ''}` })),
  fc.tuple(seededIndex, fc.subarray([...STRING_PROPERTIES], { minLength: 1 }), text).map(([index, properties, value]) => ({
    method: 'PATCH',
    url: `${DEVICES}/${SEEDED[index]?.[0] ?? ''}`,
    headers: JSON_TYPE,
    body: Object.fromEntries(properties.map((property) => [property, `${property}:${value}`]))
  })),
  seededIndex.map((index) => ({ method: 'DELETE', url: `${DEVICES}/${SEEDED[index]?.[0] ?? ''}` })),
  fc.tuple(text, fc.constantFrom('compliant', 'noncompliant', 'unknown'), fc.constantFrom('Windows', 'iOS', 'Android')).map(([name, complianceState, operatingSystem]) => ({
    method: 'POST',
    url: DEVICES,
    headers: JSON_TYPE,
    body: { deviceName: `new:${name}`, complianceState, operatingSystem, managedDeviceOwnerType: 'company' }
  })),
  fc.constant({ method: 'GET', url: `${DEVICES}/no-such-device` }),
  seededIndex.map((index) => ({ method: 'PATCH', url: `${DEVICES}/${SEEDED[index]?.[0] ?? ''}`, headers: JSON_TYPE, body: { deviceName: 'invalid', complianceState: 'bogus' } }))
)

/** The store with the devices a run created keyed by their content: each app gives them its own ids. */
function comparableStore (store: StoredDevices): { seeded: StoredDevices, created: string[] } {
  const seeded: StoredDevices = {}
  const created: string[] = []
  for (const [id, record] of Object.entries(store)) {
    if (id in SEEDED_RECORDS) seeded[id] = record
    else created.push(JSON.stringify(record))
  }
  return { seeded, created: created.sort() }
}

test('a parallel batch leaves the store as its items sent alone in its order would, and each item gets the lone status', async (t) => {
  const batched = deviceApp(t)
  const lone = deviceApp(t)
  await fc.assert(fc.asyncProperty(fc.array(itemRequest, { minLength: 1, maxLength: 20 }), async (requests) => {
    for (const app of [batched, lone]) assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset?only=store' })).statusCode, 204)
    const items = requests.map((request, index) => ({ id: String(index + 1), ...request }))
    const res = await sendBatch(batched, { requests: items })
    assert.equal(res.statusCode, 200, res.body)
    const statuses: number[] = []
    for (const item of items) statuses.push((await sendAlone(lone, item)).statusCode)
    assert.deepEqual(answersOf(res).map(({ status }) => status), statuses)
    const [storeA, storeB] = [comparableStore(await storeOf(batched)), comparableStore(await storeOf(lone))]
    assert.deepEqual(storeA, storeB)
    assert.equal(storeA.created.length, items.filter(({ method }) => method === 'POST').length)
  }), { seed: 20261201, numRuns: 100 })
})

test('batches answered at once keep their items apart, and a request between them is no one\'s item', async (t) => {
  const app = deviceApp(t)
  const reads = (count: number) => ({ requests: Array.from({ length: count }, (_, index) => ({ id: String(index + 1), method: 'GET', url: `${DEVICES}/${ID_B}?$select=id` })) })
  const [first, second, alone] = await Promise.all([sendBatch(app, reads(7)), sendBatch(app, reads(5)), app.inject({ url: `/beta${DEVICES}/${ID_C}`, headers: AUTH })])
  assert.deepEqual([first.statusCode, second.statusCode, alone.statusCode], [200, 200, 200])
  const items = async (res: LightMyRequestResponse) => (await journalOf(app, `?batch=${String(res.headers['request-id'])}`)).length
  assert.deepEqual([await items(first), await items(second)], [7, 5])
  const [lone] = await journalOf(app, `?path=/beta${DEVICES}/${ID_C}`)
  assert.equal(lone?.batchRequestId, null)
  // Once no batch runs, a request is no item even though batches ran before it.
  await app.inject({ url: `/beta${DEVICES}/${ID_A}`, headers: AUTH })
  const [after] = await journalOf(app, `?path=/beta${DEVICES}/${ID_A}`)
  assert.equal(after?.batchRequestId, null)
})

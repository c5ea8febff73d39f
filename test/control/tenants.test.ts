/**
 * Tenants through the app: suites running at once, each in a tenant of its own, never see each
 * other's records, requests or fault rules; a suite that names no tenant works as before; $batch
 * items, page tokens and token clients keep to their tenant; listing, forgetting and the limit.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { DEFAULT_TENANT_ID } from '../../src/state/tenants.js'
import { storedSets } from '../../src/resources/index.js'
import {
  AUTH, COLLECTION_URL, DEFAULT_TOKEN_ROLES, ENTITY_SET, JSON_AUTH, KNOWN_ID, OTHER_ID, appClaims, buildListeningApp, buildTestApp,
  itemUrl, nowSeconds, seed, stateOf, unsignedJwt
} from '../helper.js'

const DEVICE_SET = 'deviceManagement.managedDevices'
const DEVICES = '/beta/deviceManagement/managedDevices'
const SKIPTOKEN_REFUSED = 'Unable to parse the skiptoken value. Skiptoken value should always be server generated.'
/** What a suite's app may do: the remote help responses and the devices. */
const ROLES = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementManagedDevices.ReadWrite.All']
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default'

type Fields = Record<string, unknown>
type App = ReturnType<typeof buildTestApp>['app']

async function listing (app: App) {
  const res = await app.inject('/_mock/tenants')
  assert.equal(res.statusCode, 200)
  return res.json<TenantListing>().tenants
}

/** Brings a tenant into use by a control call that changes it: an app registered there. */
const bringIntoUse = async (app: App, tid: string) => await app.inject({ method: 'PUT', url: `${control(tid)}/token-clients/app-1`, payload: { roles: [] } })

/** The ids of the tenants in use, the default tenant first. */
const inUse = async (app: App) => (await listing(app)).map((tenant) => tenant.tenantId)

interface Collection { value: Fields[], '@odata.nextLink'?: string }
interface JournalEntry { method: string, path: string, status: number, body: unknown, requestId: string, batchRequestId: string | null }
interface Journal { entries: JournalEntry[] }
interface FaultRule { id: string, fired: number, remaining: number }
interface TenantListing { tenants: Array<{ tenantId: string, lastUsedAt: string, records: Record<string, number> }> }
interface GraphErrorBody { error: { code: string, message: string } }
interface BatchAnswer { responses: Array<{ id: string, status: number, body?: unknown }> }

/** A JWT of an app in `tid` that may read and write both resources. */
const graphHeaders = (tid: string) => ({ authorization: `Bearer ${unsignedJwt(appClaims({ tid, roles: ROLES }))}`, 'content-type': 'application/json' })
const control = (tid: string) => `/_mock/tenants/${tid}`
/** The fixtures of the remote help responses, as /_mock/store lists them. */
const FIXTURES = seed()[ENTITY_SET] ?? {}
const aRecord = (sessionKey: string) => ({ sessionKey, sessionType: 'viewScreen', pubSubEncryptionKey: 'c2VjcmV0', pubSubEncryption: 'AES256' })
const sessionKeys = (collection: Collection) => collection.value.map((record) => record['sessionKey']).sort()
const journalOf = (journal: Journal) => journal.entries.map(({ method, path, status }) => `${method} ${path} ${status}`)

/** The payload of a JWT, which the issuer signs and graph-mock reads without checking. */
function payloadOf (token: string): { tid: string, roles: string[] } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { tid: string, roles: string[] }
}

/** A client of a listening graph-mock: status and parsed JSON (undefined without a body) of each call. */
function httpClient (port: number) {
  return async <T = Fields>(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await res.text()
    return { status: res.status, json: (text === '' ? undefined : JSON.parse(text)) as T }
  }
}
type Http = ReturnType<typeof httpClient>

/**
 * One suite in its own tenant: claims it, seeds a record, writes through Graph, adds a fault rule,
 * checks it sees only its own, resets itself midway and checks again. Pauses between steps, by
 * its own rhythm, so that the suites' steps interleave, and notes each step in `steps`.
 */
async function suite (http: Http, index: number, steps: number[]): Promise<string> {
  const tid = randomUUID()
  const name = `suite-${index}`
  const graph = graphHeaders(tid)
  const scope = control(tid)
  let step = 0
  const pause = async () => {
    steps.push(index)
    await sleep((index * 3 + step++ * 2) % 7)
  }

  assert.equal((await http('POST', `${scope}/reset`)).status, 204)
  await pause()
  const ownId = randomUUID()
  assert.equal((await http('PUT', `${scope}/store/${ENTITY_SET}/${ownId}`, {}, aRecord(`${name}-seeded`))).status, 201)
  await pause()
  const patched = await http('PATCH', itemUrl(KNOWN_ID), graph, { sessionKey: `${name}-patched` })
  assert.deepEqual([patched.status, patched.json['sessionKey']], [200, `${name}-patched`], name)
  await pause()
  const created = await http('POST', DEVICES, graph, { deviceName: `${name}-device` })
  assert.equal(created.status, 201, name)
  await pause()
  // A rule every suite's device reads would match, were the rules shared.
  const rule = await http<FaultRule>('POST', `${scope}/faults`, {}, { method: 'GET', path: DEVICES, status: 503, times: 2 })
  assert.equal(rule.status, 201)
  assert.deepEqual((await http<{ rules: FaultRule[] }>('GET', `${scope}/faults`)).json.rules.map((listed) => listed.id), [rule.json.id], name)
  await pause()
  const reads: number[] = []
  for (let read = 0; read < 3; read++) {
    const devices = await http<Collection>('GET', DEVICES, graph)
    reads.push(devices.status)
    if (devices.status === 200) assert.deepEqual(devices.json.value.map((device) => [device['id'], device['deviceName']]), [[created.json['id'], `${name}-device`]], name)
    await pause()
  }
  assert.deepEqual(reads, [503, 503, 200], `${name}: its own rule fires on its own reads, twice, and on no other suite's`)
  const responses = await http<Collection>('GET', COLLECTION_URL, graph)
  assert.deepEqual(sessionKeys(responses.json), ['key-2', `${name}-patched`, `${name}-seeded`], name)
  const before = await http<Journal>('GET', `${scope}/requests`)
  assert.deepEqual(journalOf(before.json), [
    `PATCH ${itemUrl(KNOWN_ID)} 200`, `POST ${DEVICES} 201`, `GET ${DEVICES} 503`, `GET ${DEVICES} 503`, `GET ${DEVICES} 200`, `GET ${COLLECTION_URL} 200`
  ], name)
  assert.deepEqual(before.json.entries.slice(0, 2).map((entry) => entry.body), [{ sessionKey: `${name}-patched` }, { deviceName: `${name}-device` }], name)
  await pause()

  // Midway, while the others go on: back to the fixtures, with an empty journal and no rules.
  assert.equal((await http('POST', `${scope}/reset`)).status, 204)
  assert.deepEqual((await http('GET', `${scope}/store/${ENTITY_SET}`)).json, FIXTURES, name)
  assert.deepEqual((await http('GET', `${scope}/store/${DEVICE_SET}`)).json, {}, name)
  assert.deepEqual((await http<Journal>('GET', `${scope}/requests`)).json.entries, [], name)
  assert.deepEqual((await http<{ rules: FaultRule[] }>('GET', `${scope}/faults`)).json.rules, [], name)
  await pause()

  assert.equal((await http('PATCH', itemUrl(OTHER_ID), graph, { sessionKey: `${name}-after` })).status, 200, name)
  await pause()
  const again = await http('POST', DEVICES, graph, { deviceName: `${name}-again` })
  assert.equal(again.status, 201, name)
  await pause()
  const devices = await http<Collection>('GET', DEVICES, graph)
  assert.deepEqual(devices.json.value.map((device) => [device['id'], device['deviceName']]), [[again.json['id'], `${name}-again`]], name)
  assert.deepEqual(sessionKeys((await http<Collection>('GET', COLLECTION_URL, graph)).json), ['key-1', `${name}-after`], name)
  const stored = (await http<Record<string, Fields>>('GET', `${scope}/store/${ENTITY_SET}`)).json
  assert.deepEqual(stored, { ...FIXTURES, [OTHER_ID]: { ...FIXTURES[OTHER_ID], sessionKey: `${name}-after` } }, name)
  const after = await http<Journal>('GET', `${scope}/requests`)
  assert.deepEqual(journalOf(after.json), [`PATCH ${itemUrl(OTHER_ID)} 200`, `POST ${DEVICES} 201`, `GET ${DEVICES} 200`, `GET ${COLLECTION_URL} 200`], name)
  assert.deepEqual(after.json.entries.slice(0, 2).map((entry) => entry.body), [{ sessionKey: `${name}-after` }, { deviceName: `${name}-again` }], name)
  steps.push(index)
  return tid
}

test('four suites at once, each in its own tenant, see only their own records, requests and fault rules; the default tenant is untouched', async (t) => {
  const { port } = await buildListeningApp(t)
  const http = httpClient(port)
  const defaultTenant = async () => ({
    responses: (await http('GET', `/_mock/store/${ENTITY_SET}`)).json,
    devices: (await http('GET', `/_mock/store/${DEVICE_SET}`)).json,
    journal: (await http<Journal>('GET', '/_mock/requests')).json.entries,
    faults: (await http<{ rules: FaultRule[] }>('GET', '/_mock/faults')).json.rules
  })
  const untouched = await defaultTenant()
  assert.deepEqual(untouched, { responses: FIXTURES, devices: {}, journal: [], faults: [] })

  const steps: number[] = []
  const tids = await Promise.all([0, 1, 2, 3].map(async (index) => await suite(http, index, steps)))

  // They overlapped: between its first step and its last, every suite saw steps of each other one.
  for (const index of [0, 1, 2, 3]) {
    const during = new Set(steps.slice(steps.indexOf(index), steps.lastIndexOf(index)))
    assert.deepEqual([...during].sort(), [0, 1, 2, 3], `suite ${index} ran alone for a while: ${steps.join('')}`)
  }
  assert.deepEqual(await defaultTenant(), untouched)
  const listed = (await http<TenantListing>('GET', '/_mock/tenants')).json.tenants.map((tenant) => tenant.tenantId)
  assert.deepEqual(listed.sort(), [DEFAULT_TENANT_ID, ...tids].sort())
  assert.equal((await http<{ tenants: number }>('GET', '/_mock/health')).json.tenants, 5)
})

test('a JWT naming a tenant brings it into use from the fixtures: its writes are its own, and an opaque token\'s the default tenant\'s', async (t) => {
  const { app } = buildTestApp(t)
  const [one, two] = [randomUUID(), randomUUID()]
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: graphHeaders(one), payload: { sessionKey: 'by-one' } })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: { sessionKey: 'by-opaque' } })).statusCode, 201)
  const storedKeys = async (scope: string) => Object.values((await app.inject(`${scope}/store/${ENTITY_SET}`)).json<Record<string, Fields>>()).map((record) => record['sessionKey']).sort()
  assert.deepEqual(await storedKeys('/_mock'), ['by-opaque', 'key-1', 'key-2'])
  assert.deepEqual(await storedKeys(control(one)), ['by-one', 'key-2'])
  // A tenant first named after the others wrote starts from the fixtures all the same.
  assert.deepEqual(sessionKeys((await app.inject({ url: COLLECTION_URL, headers: graphHeaders(two) })).json<Collection>()), ['key-1', 'key-2'])
  for (const scope of ['/_mock', control(one), control(two)]) assert.equal((await app.inject(`${scope}/requests`)).json<Journal>().entries.length, 1, scope)
  // A refused token names its tenant all the same: its suite finds the 401 in its own journal.
  const expired = randomUUID()
  const refused = await app.inject({ url: COLLECTION_URL, headers: { authorization: `Bearer ${unsignedJwt(appClaims({ tid: expired, roles: ROLES, exp: nowSeconds() - 3600 }))}` } })
  assert.equal(refused.statusCode, 401)
  assert.deepEqual(journalOf((await app.inject(`${control(expired)}/requests`)).json<Journal>()), [`GET ${COLLECTION_URL} 401`])
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, one, two, expired])
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 4)
})

test('with AUTH_MODE=off and no tenant in use, requests without a token or with a JWT of any tid read and write the default tenant', async (t) => {
  const { app } = buildTestApp(t, { ...stateOf(seed()), authMode: 'off' })
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { 'content-type': 'application/json' }, payload: { sessionKey: 'no-token' } })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: COLLECTION_URL, headers: graphHeaders(randomUUID()), payload: { sessionKey: 'by-jwt' } })).statusCode, 201)
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(OTHER_ID), headers: JSON_AUTH, payload: { sessionKey: 'by-opaque' } })).statusCode, 200)
  const stored = (await app.inject(`/_mock/store/${ENTITY_SET}`)).json<Record<string, Fields>>()
  assert.deepEqual(Object.values(stored).map((record) => record['sessionKey']).sort(), ['by-jwt', 'by-opaque', 'no-token'])
  assert.deepEqual(sessionKeys((await app.inject({ url: COLLECTION_URL })).json<Collection>()), ['by-jwt', 'by-opaque', 'no-token'])
  assert.equal((await app.inject('/_mock/requests')).json<Journal>().entries.length, 4)
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 1)
})

test('a tid\'s first request brings its tenant into use, in any case; once forgotten, its next request starts from the fixtures again', async (t) => {
  const { app } = buildTestApp(t)
  const tid = randomUUID()
  const headers = graphHeaders(tid.toUpperCase())
  const write = async (sessionKey: string) => (await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers, payload: { sessionKey } })).statusCode
  const keyIn = async (scope: string) => (await app.inject(`${scope}/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey']

  assert.equal(await write('first'), 200)
  assert.equal(await keyIn(control(tid)), 'first')
  assert.deepEqual(journalOf((await app.inject(`${control(tid)}/requests`)).json<Journal>()), [`PATCH ${itemUrl(KNOWN_ID)} 200`])

  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${tid}` })).statusCode, 204)
  assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers })).json<Fields>()['sessionKey'], 'key-1')
  assert.equal(await write('again'), 200)
  assert.equal(await keyIn(control(tid)), 'again')
  assert.deepEqual(journalOf((await app.inject(`${control(tid)}/requests`)).json<Journal>()), [`GET ${itemUrl(KNOWN_ID)} 200`, `PATCH ${itemUrl(KNOWN_ID)} 200`])
  // None of it touched the default tenant.
  assert.equal(await keyIn('/_mock'), 'key-1')
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])
})

test('a control read, reset or emptying of a tenant not in use sees it as it would start and leaves it unused; a write brings it into use', async (t) => {
  const { app } = buildTestApp(t)
  const tid = randomUUID()
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'default' } })).statusCode, 200)
  assert.deepEqual((await app.inject(`${control(tid)}/store/${ENTITY_SET}`)).json(), FIXTURES)
  assert.deepEqual((await app.inject(`${control(tid)}/requests`)).json<Journal>().entries, [])
  assert.deepEqual((await app.inject(`${control(tid)}/faults`)).json(), { rules: [] })
  assert.deepEqual((await app.inject(`${control(tid)}/token-clients`)).json(), {})
  assert.equal((await app.inject(`${control(tid)}/store/${ENTITY_SET}/${randomUUID()}`)).statusCode, 404)
  // A suite's after() resets its tenant or empties its journal and rules, whether or not the tenant is still in use.
  for (const emptied of ['requests', 'faults']) {
    assert.equal((await app.inject({ method: 'DELETE', url: `${control(tid)}/${emptied}` })).statusCode, 204, emptied)
  }
  for (const query of ['', '?only=journal,faults']) {
    assert.equal((await app.inject({ method: 'POST', url: `${control(tid)}/reset${query}` })).statusCode, 204, query)
  }
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID])
  assert.equal((await app.inject({ method: 'POST', url: `${control(tid)}/faults`, payload: { status: 503 } })).statusCode, 201)
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, tid])
  assert.equal((await app.inject(`${control(tid)}/faults`)).json<{ rules: FaultRule[] }>().rules.length, 1)
  // Emptying a tenant in use empties its own.
  assert.equal((await app.inject({ method: 'DELETE', url: `${control(tid)}/faults` })).statusCode, 204)
  assert.deepEqual((await app.inject(`${control(tid)}/faults`)).json(), { rules: [] })
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, tid])
  // Forgotten, it stays forgotten however often it is read.
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${tid}` })).statusCode, 204)
  assert.deepEqual((await app.inject(`${control(tid)}/faults`)).json(), { rules: [] })
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID])
})

test('a refused control call or token request of a tenant not in use leaves it unused; one that succeeds brings it into use', async (t) => {
  const { app } = buildTestApp(t)
  const tid = randomUUID()
  const token = (fields: Record<string, string>) => app.inject({ method: 'POST', url: `/${tid}/oauth2/v2.0/token`, headers: FORM, payload: new URLSearchParams(fields).toString() })
  const refusals = [
    await app.inject({ method: 'DELETE', url: `${control(tid)}/faults/no-such-rule` }),
    await app.inject({ method: 'DELETE', url: `${control(tid)}/store/${ENTITY_SET}/${randomUUID()}` }),
    await app.inject({ method: 'PUT', url: `${control(tid)}/store/${ENTITY_SET}/${randomUUID()}`, payload: { sessionKey: 5 } }),
    await token({ grant_type: 'refresh_token', client_id: 'app-1', refresh_token: 'not-one-of-ours' }),
    await app.inject({ method: 'POST', url: `/${tid}/oauth2/deviceauth`, headers: FORM, payload: 'user_code=NOSUCHCODE&username=adele' })
  ]
  assert.deepEqual(refusals.map((res) => res.statusCode), [404, 404, 400, 400, 400])
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID])
  assert.equal((await token({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's', scope: GRAPH_SCOPE })).statusCode, 200)
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, tid])
  // Once in use, a refusal keeps it.
  assert.equal((await app.inject({ method: 'DELETE', url: `${control(tid)}/faults/no-such-rule` })).statusCode, 404)
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, tid])
})

test('a JWT whose tid is no GUID is Graph\'s 401 and brings no tenant into use', async (t) => {
  const { app } = buildTestApp(t)
  for (const tid of ['contoso.onmicrosoft.com', 'common', '', 'x'.repeat(300)]) {
    const res = await app.inject({ url: COLLECTION_URL, headers: graphHeaders(tid) })
    assert.equal(res.statusCode, 401, tid)
    assert.equal(res.json<GraphErrorBody>().error.code, 'InvalidAuthenticationToken', tid)
  }
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID])
})

test('$batch items belong to the batch\'s tenant: its store, its journal and its fault rules', async (t) => {
  const { app } = buildTestApp(t)
  const tid = randomUUID()
  assert.equal((await app.inject({ method: 'POST', url: `${control(tid)}/reset` })).statusCode, 204)
  // The default tenant's rule fails PATCHes of KNOWN_ID; the tenant's fails reads of OTHER_ID.
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'PATCH', path: itemUrl(KNOWN_ID), status: 503, times: 5 } })).statusCode, 201)
  assert.equal((await app.inject({ method: 'POST', url: `${control(tid)}/faults`, payload: { method: 'GET', path: itemUrl(OTHER_ID), status: 429, times: 5 } })).statusCode, 201)
  const batch = {
    requests: [
      { id: '1', method: 'PATCH', url: `/${ENTITY_SET}/${KNOWN_ID}`, headers: { 'content-type': 'application/json' }, body: { sessionKey: 'batched' } },
      { id: '2', method: 'POST', url: `/${ENTITY_SET}`, headers: { 'content-type': 'application/json' }, body: { sessionKey: 'batch-created' } },
      { id: '3', method: 'GET', url: `/${ENTITY_SET}/${OTHER_ID}` }
    ]
  }
  const statuses = (res: { json: <T>() => T }) => res.json<BatchAnswer>().responses.map((answer) => [answer.id, answer.status])

  const inTenant = await app.inject({ method: 'POST', url: '/beta/$batch', headers: graphHeaders(tid), payload: batch })
  assert.equal(inTenant.statusCode, 200, inTenant.body)
  assert.deepEqual(statuses(inTenant), [['1', 200], ['2', 201], ['3', 429]])
  const tenantStore = (await app.inject(`${control(tid)}/store/${ENTITY_SET}`)).json<Record<string, Fields>>()
  assert.deepEqual(Object.values(tenantStore).map((record) => record['sessionKey']).sort(), ['batch-created', 'batched', 'key-2'])
  const batchId = String(inTenant.headers['request-id'])
  const journal = (await app.inject(`${control(tid)}/requests`)).json<Journal>()
  assert.deepEqual(journal.entries.map((entry) => [entry.method, entry.path, entry.status, entry.batchRequestId]), [
    ['PATCH', itemUrl(KNOWN_ID), 200, batchId],
    ['POST', COLLECTION_URL, 201, batchId],
    ['GET', itemUrl(OTHER_ID), 429, batchId],
    ['POST', '/beta/$batch', 200, null]
  ])
  assert.equal((await app.inject(`${control(tid)}/requests?batch=${batchId}`)).json<Journal>().entries.length, 3)
  // Nothing of it reached the default tenant, whose rule did not fire.
  assert.deepEqual((await app.inject(`/_mock/store/${ENTITY_SET}`)).json(), FIXTURES)
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])
  assert.deepEqual((await app.inject('/_mock/faults')).json<{ rules: FaultRule[] }>().rules.map((rule) => rule.fired), [0])
  assert.deepEqual((await app.inject(`${control(tid)}/faults`)).json<{ rules: FaultRule[] }>().rules.map((rule) => rule.fired), [1])

  // The same batch with an opaque token is the default tenant's, under the default tenant's rules.
  const inDefault = await app.inject({ method: 'POST', url: '/beta/$batch', headers: JSON_AUTH, payload: batch })
  assert.deepEqual(statuses(inDefault), [['1', 503], ['2', 201], ['3', 200]])
  assert.equal((await app.inject('/_mock/requests')).json<Journal>().entries.length, 4)
  assert.equal((await app.inject(`${control(tid)}/requests`)).json<Journal>().entries.length, 4)
  assert.equal((await app.inject(`${control(tid)}/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey'], 'batched')
})

test('a $skiptoken of one tenant is refused in another and in the default tenant, even where a cursor of the same number is open', async (t) => {
  const { app } = buildTestApp(t)
  const [a, b] = [randomUUID(), randomUUID()]
  for (const tid of [a, b]) assert.equal((await app.inject({ method: 'POST', url: `${control(tid)}/reset` })).statusCode, 204)
  /** The nextLink's path and query, after the first of the two records. */
  const firstPage = async (headers: Record<string, string>) => {
    const res = await app.inject({ url: `${COLLECTION_URL}?$top=1`, headers })
    assert.equal(res.statusCode, 200, res.body)
    const link = new URL(res.json<Collection>()['@odata.nextLink'] ?? '')
    return `${link.pathname}${link.search}`
  }
  const refused = async (url: string, headers: Record<string, string>, what: string) => {
    const res = await app.inject({ url, headers })
    assert.equal(res.statusCode, 400, what)
    assert.deepEqual([res.json<GraphErrorBody>().error.code, res.json<GraphErrorBody>().error.message], ['BadRequest', SKIPTOKEN_REFUSED], what)
  }
  // Each opens its first cursor, so each holds one of the same number.
  const [inA, inB, inDefault] = [await firstPage(graphHeaders(a)), await firstPage(graphHeaders(b)), await firstPage(AUTH)]
  await refused(inA, graphHeaders(b), 'A\'s token in B')
  await refused(inA, AUTH, 'A\'s token in the default tenant')
  await refused(inB, graphHeaders(a), 'B\'s token in A')
  await refused(inDefault, graphHeaders(a), 'the default tenant\'s token in A')
  // Each is still good in its own tenant.
  for (const [url, headers] of [[inA, graphHeaders(a)], [inB, graphHeaders(b)], [inDefault, AUTH]] as const) {
    const res = await app.inject({ url, headers })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(sessionKeys(res.json<Collection>()), ['key-2'])
  }
  // A tenant forgotten and used again has none of its old cursors.
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${a}` })).statusCode, 204)
  assert.equal((await app.inject({ method: 'POST', url: `${control(a)}/reset` })).statusCode, 204)
  await firstPage(graphHeaders(a))
  await refused(inA, graphHeaders(a), 'A\'s token from before it was forgotten')
})

test('an app registered in one tenant gets its roles and secret there alone; the issuer puts the tenant of its URL in tid', async (t) => {
  const { app } = buildTestApp(t)
  const [a, b] = [randomUUID(), randomUUID()]
  const token = async (tenant: string, secret = 's') => {
    const res = await app.inject({
      method: 'POST',
      url: `/${tenant}/oauth2/v2.0/token`,
      headers: FORM,
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: secret, scope: GRAPH_SCOPE }).toString()
    })
    return { status: res.statusCode, body: res.json<{ access_token?: string, error?: string }>() }
  }
  const claimsAt = async (tenant: string, secret = 's') => {
    const { status, body } = await token(tenant, secret)
    assert.equal(status, 200, JSON.stringify(body))
    const { tid, roles } = payloadOf(body.access_token ?? '')
    return { tid, roles }
  }
  const registered = await app.inject({ method: 'PUT', url: `${control(a)}/token-clients/app-1`, payload: { roles: ['DeviceManagementManagedDevices.Read.All'], secret: 's' } })
  assert.deepEqual([registered.statusCode, registered.json()], [200, { roles: ['DeviceManagementManagedDevices.Read.All'], secret: 's' }])

  assert.deepEqual(await claimsAt(a), { tid: a, roles: ['DeviceManagementManagedDevices.Read.All'] })
  assert.deepEqual(await claimsAt(a.toUpperCase()), { tid: a, roles: ['DeviceManagementManagedDevices.Read.All'] })
  const wrongSecret = await token(a, 'not-s')
  assert.deepEqual([wrongSecret.status, wrongSecret.body.error, wrongSecret.body.access_token], [401, 'invalid_client', undefined])
  // B comes into use as its issuer is asked, with no registrations of its own: any secret opens them.
  assert.deepEqual(await claimsAt(b, 'anything'), { tid: b, roles: DEFAULT_TOKEN_ROLES })
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, a, b])

  // A token from A's issuer works in A, with A's roles.
  const fromA = { authorization: `Bearer ${(await token(a)).body.access_token ?? ''}` }
  assert.equal((await app.inject({ url: DEVICES, headers: fromA })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: DEVICES, headers: { ...fromA, 'content-type': 'application/json' }, payload: {} })).statusCode, 403)
  assert.deepEqual(journalOf((await app.inject(`${control(a)}/requests`)).json<Journal>()), [`GET ${DEVICES} 200`, `POST ${DEVICES} 403`])
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])

  // The default tenant's registration applies to common and to domain names, not to A or B.
  assert.equal((await app.inject({ method: 'PUT', url: '/_mock/token-clients/app-1', payload: { roles: ['DeviceManagementServiceConfig.Read.All'] } })).statusCode, 200)
  assert.deepEqual(await claimsAt('common', 'anything'), { tid: DEFAULT_TENANT_ID, roles: ['DeviceManagementServiceConfig.Read.All'] })
  assert.deepEqual(await claimsAt('contoso.onmicrosoft.com', 'anything'), { tid: DEFAULT_TENANT_ID, roles: ['DeviceManagementServiceConfig.Read.All'] })
  assert.deepEqual(await claimsAt(b, 'anything'), { tid: b, roles: DEFAULT_TOKEN_ROLES })
  assert.deepEqual(await claimsAt(a), { tid: a, roles: ['DeviceManagementManagedDevices.Read.All'] })
  assert.deepEqual((await app.inject(`${control(b)}/token-clients`)).json(), {})
  assert.deepEqual(Object.keys((await app.inject(`${control(a)}/token-clients`)).json()), ['app-1'])
  // A reset of A forgets its registration.
  assert.equal((await app.inject({ method: 'POST', url: `${control(a)}/reset?only=clients` })).statusCode, 204)
  assert.deepEqual(await claimsAt(a, 'anything'), { tid: a, roles: DEFAULT_TOKEN_ROLES })
})

/** A clock the test moves by hand, in milliseconds. */
function clock (start = Date.parse('2026-01-01T00:00:00Z')) {
  let time = start
  return { now: () => time, advance: (ms: number) => { time += ms }, iso: (offsetMs = 0) => new Date(start + offsetMs).toISOString() }
}

const counts = (records: number, devices = 0) => ({ ...Object.fromEntries(storedSets().map((name) => [name, 0])), [ENTITY_SET]: records, [DEVICE_SET]: devices })

test('GET /_mock/tenants lists each tenant in use, lower-cased, with when it was last used and its records; health counts them', async (t) => {
  const time = clock()
  const { app } = buildTestApp(t, stateOf(seed(), undefined, { now: time.now }))
  const [a, b] = [randomUUID(), randomUUID()]
  time.advance(1000)
  assert.equal((await app.inject({ method: 'PUT', url: `${control(a.toUpperCase())}/store/${ENTITY_SET}/${randomUUID()}`, payload: aRecord('a') })).statusCode, 201)
  time.advance(1000)
  assert.equal((await app.inject({ method: 'DELETE', url: `${control(b)}/store/${ENTITY_SET}/${KNOWN_ID}` })).statusCode, 204)
  assert.equal((await app.inject(`${control(a)}/requests`)).statusCode, 200, 'the same tenant, in lower case')
  assert.deepEqual(await listing(app), [
    { tenantId: DEFAULT_TENANT_ID, lastUsedAt: time.iso(), records: counts(2) },
    { tenantId: a, lastUsedAt: time.iso(2000), records: counts(3) },
    { tenantId: b, lastUsedAt: time.iso(2000), records: counts(1) }
  ])
  // A Graph request of A's tid is a use of A.
  time.advance(5000)
  assert.equal((await app.inject({ url: COLLECTION_URL, headers: graphHeaders(a) })).statusCode, 200)
  assert.equal((await listing(app))[1]?.lastUsedAt, time.iso(7000))
  const health = (await app.inject('/_mock/health')).json<{ tenants: number, records: Record<string, number> }>()
  assert.deepEqual([health.tenants, health.records], [3, counts(2)])
})

test('DELETE /_mock/tenants/{tenantId} forgets that tenant alone, which then starts from the fixtures; one not in use is a 404', async (t) => {
  const { app } = buildTestApp(t)
  const [a, b] = [randomUUID(), randomUUID()]
  const ownRecords = new Map<string, string>()
  for (const tid of [a, b]) {
    const id = randomUUID()
    ownRecords.set(tid, id)
    assert.equal((await app.inject({ method: 'PUT', url: `${control(tid)}/store/${ENTITY_SET}/${id}`, payload: aRecord(tid) })).statusCode, 201)
    assert.equal((await app.inject({ method: 'POST', url: DEVICES, headers: graphHeaders(tid), payload: { deviceName: tid } })).statusCode, 201)
  }
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'default' } })).statusCode, 200)

  const forgotten = await app.inject({ method: 'DELETE', url: `/_mock/tenants/${a.toUpperCase()}` })
  assert.deepEqual([forgotten.statusCode, forgotten.body], [204, ''])
  assert.deepEqual((await listing(app)).map((tenant) => [tenant.tenantId, tenant.records]), [[DEFAULT_TENANT_ID, counts(2)], [b, counts(3, 1)]])
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 2)
  // B and the default tenant keep theirs.
  assert.equal((await app.inject(`${control(b)}/store/${ENTITY_SET}/${ownRecords.get(b) ?? ''}`)).json<Fields>()['sessionKey'], b)
  assert.equal((await app.inject(`${control(b)}/requests`)).json<Journal>().entries.length, 1)
  assert.equal((await app.inject(`/_mock/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey'], 'default')

  const again = await app.inject({ method: 'DELETE', url: `/_mock/tenants/${a}` })
  assert.equal(again.statusCode, 404)
  assert.deepEqual([again.json<GraphErrorBody>().error.code, again.json<GraphErrorBody>().error.message], ['ResourceNotFound', `No tenant '${a}' in use.`])
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${randomUUID()}` })).statusCode, 404)
  // A, used again by its tid, starts from the fixtures with an empty journal.
  assert.deepEqual(sessionKeys((await app.inject({ url: COLLECTION_URL, headers: graphHeaders(a) })).json<Collection>()), ['key-1', 'key-2'])
  assert.deepEqual((await app.inject(`${control(a)}/store/${ENTITY_SET}`)).json(), FIXTURES)
  assert.deepEqual((await app.inject(`${control(a)}/store/${DEVICE_SET}`)).json(), {})
  assert.deepEqual(journalOf((await app.inject(`${control(a)}/requests`)).json<Journal>()), [`GET ${COLLECTION_URL} 200`])
})

test('DELETE /_mock/tenants forgets every tenant and gives the default tenant back its fixtures', async (t) => {
  const { app } = buildTestApp(t)
  const [a, b] = [randomUUID(), randomUUID()]
  for (const tid of [a, b]) assert.equal((await app.inject({ method: 'POST', url: `${control(tid)}/faults`, payload: { status: 503 } })).statusCode, 201)
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'default' } })).statusCode, 200)
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 3)

  const res = await app.inject({ method: 'DELETE', url: '/_mock/tenants' })
  assert.deepEqual([res.statusCode, res.body], [204, ''])
  assert.deepEqual((await listing(app)).map((tenant) => [tenant.tenantId, tenant.records]), [[DEFAULT_TENANT_ID, counts(2)]])
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 1)
  assert.deepEqual((await app.inject(`/_mock/store/${ENTITY_SET}`)).json(), FIXTURES)
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])
  // A's fault rule went with A: its tid's next request, in A anew, is not faulted.
  assert.equal((await app.inject({ url: COLLECTION_URL, headers: graphHeaders(a) })).statusCode, 200)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${b}` })).statusCode, 404)
})

test('DELETE /_mock/tenants/{default tenant} gives it back its fixtures and keeps it listed first', async (t) => {
  const { app } = buildTestApp(t)
  const a = randomUUID()
  assert.equal((await bringIntoUse(app, a)).statusCode, 200)
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'default' } })).statusCode, 200)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${DEFAULT_TENANT_ID}` })).statusCode, 204)
  assert.deepEqual((await app.inject(`/_mock/store/${ENTITY_SET}`)).json(), FIXTURES)
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 2)
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, a])
})

test('each item of a $batch is a use of its tenant, so a long batch does not leave the tenant idle enough to be dropped', async (t) => {
  const time = clock()
  const { app } = buildTestApp(t, stateOf(seed(), undefined, { tenantLimit: 2, idleSeconds: 60, now: time.now }))
  const [a, b] = [randomUUID(), randomUUID()]
  assert.equal((await bringIntoUse(app, a)).statusCode, 200)
  await app.inject({ method: 'POST', url: `${control(a)}/faults`, payload: { method: 'GET', delayMs: 100, times: 1 } })
  const item = (id: string) => ({ id, method: 'GET', url: `/${ENTITY_SET}/${KNOWN_ID}` })
  const batch = app.inject({ method: 'POST', url: '/beta/$batch', headers: { ...graphHeaders(a), 'content-type': 'application/json' }, payload: { requests: [item('1'), item('2')] } })
  await sleep(30)
  // A minute passes while the first item is held; the second is a use of A then.
  time.advance(60_000)
  assert.deepEqual((await batch).json<{ responses: Array<{ status: number }> }>().responses.map(({ status }) => status), [200, 200])
  assert.equal((await bringIntoUse(app, b)).statusCode, 400)
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, a])
})

test('MOCK_TENANT_LIMIT: when full, a new tenant is Graph\'s 400 naming the setting until one has gone unused for idleSeconds, which then makes room', async (t) => {
  const time = clock()
  const { app } = buildTestApp(t, stateOf(seed(), undefined, { tenantLimit: 2, idleSeconds: 60, now: time.now }))
  const [a, b] = [randomUUID(), randomUUID()]
  const claim = async (tid: string) => await bringIntoUse(app, tid)
  const assertRefused = (res: Awaited<ReturnType<typeof claim>>) => {
    assert.equal(res.statusCode, 400)
    assert.equal(res.headers['content-type'], 'application/json')
    const { error } = res.json<GraphErrorBody>()
    assert.deepEqual([error.code, error.message], [
      'BadRequest',
      'graph-mock holds MOCK_TENANT_LIMIT=2 tenants (startGraphMock\'s tenantLimit) and none has been unused for MOCK_TENANT_IDLE_SECONDS=60 s (tenantIdleSeconds); raise the limit, or forget tenants with DELETE /_mock/tenants/{tenantId} (the control client\'s forgetTenant).'
    ])
  }
  assert.equal((await claim(a)).statusCode, 200)
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: graphHeaders(a), payload: { sessionKey: 'in-a' } })).statusCode, 200)
  time.advance(59_999)
  assertRefused(await claim(b))
  // Every control route that would bring B into use is refused alike, and changes nothing; a read needs no room.
  assert.deepEqual((await app.inject(`${control(b)}/requests`)).json<Journal>().entries, [])
  assertRefused(await app.inject({ method: 'PUT', url: `${control(b)}/store/${ENTITY_SET}/${randomUUID()}`, payload: aRecord('b') }))
  assertRefused(await app.inject({ method: 'POST', url: `${control(b)}/faults`, payload: { status: 503 } }))
  assertRefused(await app.inject({ method: 'PUT', url: `${control(b)}/token-clients/app-1`, payload: { roles: [] } }))
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, a])
  // So is a Graph request of B's tid, journaled in the default tenant, and the issuer's B, in Entra's shape.
  assertRefused(await app.inject({ url: COLLECTION_URL, headers: graphHeaders(b) }))
  assert.deepEqual(journalOf((await app.inject('/_mock/requests')).json<Journal>()), [`GET ${COLLECTION_URL} 400`])
  const issued = await app.inject({ method: 'POST', url: `/${b}/oauth2/v2.0/token`, headers: FORM, payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's', scope: GRAPH_SCOPE }).toString() })
  assert.deepEqual([issued.statusCode, issued.json<{ error: string }>().error, issued.json<{ error_description: string }>().error_description.split('\r\n')[0]], [
    400, 'invalid_request', 'graph-mock holds MOCK_TENANT_LIMIT=2 tenants (startGraphMock\'s tenantLimit) and none has been unused for MOCK_TENANT_IDLE_SECONDS=60 s (tenantIdleSeconds); raise the limit, or forget tenants with DELETE /_mock/tenants/{tenantId} (the control client\'s forgetTenant).'
  ])
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, a])
  // The default tenant itself is never refused.
  assert.equal((await app.inject({ url: COLLECTION_URL, headers: AUTH })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset?only=journal' })).statusCode, 204)

  // A Graph request of A's tid is a use of A, which must then go unused another 60 s.
  assert.equal((await app.inject({ url: COLLECTION_URL, headers: graphHeaders(a) })).statusCode, 200)
  time.advance(1)
  assertRefused(await claim(b))
  time.advance(59_998)
  assertRefused(await claim(b))
  time.advance(1)
  assert.equal((await claim(b)).statusCode, 200)
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID, b])
  // A was dropped with its change; its tid now finds no room, as B was used just now.
  assert.equal((await app.inject(`${control(b)}/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey'], 'key-1')
  assertRefused(await app.inject({ url: COLLECTION_URL, headers: graphHeaders(a) }))

  // Forgetting B makes room at once, and A starts again from the fixtures.
  assertRefused(await claim(a))
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${b}` })).statusCode, 204)
  assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: graphHeaders(a) })).json<Fields>()['sessionKey'], 'key-1')
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 2)
})

test('a tenant forgotten while one of its requests is delayed leaves the default tenant untouched', async (t) => {
  const { app } = buildTestApp(t)
  const a = randomUUID()
  assert.equal((await app.inject({ method: 'POST', url: `${control(a)}/faults`, payload: { method: 'PATCH', delayMs: 200 } })).statusCode, 201)
  const pending = app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: graphHeaders(a), payload: { sessionKey: 'from-a' } })
  await sleep(50)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${a}` })).statusCode, 204)
  await pending
  assert.deepEqual((await app.inject(`/_mock/store/${ENTITY_SET}`)).json(), FIXTURES)
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])
  // Nor did the request, finished in the state it began in, bring A back.
  assert.deepEqual(await inUse(app), [DEFAULT_TENANT_ID])
})

test('with AUTH_MODE=off every request is the default tenant\'s, even one whose token names a tenant in use', async (t) => {
  const { app } = buildTestApp(t, { ...stateOf(seed()), authMode: 'off' })
  const tid = randomUUID()
  assert.equal((await app.inject({ method: 'POST', url: `/_mock/tenants/${tid}/reset` })).statusCode, 204)
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: graphHeaders(tid), payload: { sessionKey: 'off-mode' } })).statusCode, 200)
  assert.equal((await app.inject(`/_mock/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey'], 'off-mode')
  assert.notEqual((await app.inject(`/_mock/tenants/${tid}/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey'], 'off-mode')
})

test('a batch\'s items keep the tenant the batch began in, even if it is forgotten while they run', async (t) => {
  const { app } = buildTestApp(t)
  const tid = randomUUID()
  await app.inject({ method: 'POST', url: `/_mock/tenants/${tid}/reset` })
  // The batch's first item is held, and the tenant forgotten meanwhile.
  await app.inject({ method: 'POST', url: `/_mock/tenants/${tid}/faults`, payload: { method: 'GET', delayMs: 200 } })
  const batch = app.inject({
    method: 'POST',
    url: '/beta/$batch',
    headers: graphHeaders(tid),
    payload: { requests: [{ id: '1', method: 'GET', url: `/${ENTITY_SET}/${KNOWN_ID}` }, { id: '2', method: 'PATCH', url: `/${ENTITY_SET}/${KNOWN_ID}`, headers: { 'Content-Type': 'application/json' }, body: { sessionKey: 'from-the-batch' } }] }
  })
  await sleep(50)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${tid}` })).statusCode, 204)
  assert.equal((await batch).statusCode, 200)
  assert.notEqual((await app.inject(`/_mock/store/${ENTITY_SET}/${KNOWN_ID}`)).json<Fields>()['sessionKey'], 'from-the-batch')
  assert.deepEqual((await app.inject('/_mock/requests')).json<Journal>().entries, [])
})

test('a tenant id in a control path is a GUID, as tokens name tenants; any other is Graph\'s 400 and no tenant', async (t) => {
  const { app } = buildTestApp(t)
  // 1,000 characters: longer than the router takes a parameter, refused before any route is matched.
  for (const id of ['contoso.onmicrosoft.com', 'common', '%20', 'a'.repeat(200), 'a'.repeat(1000)]) {
    const res = await app.inject({ method: 'POST', url: `/_mock/tenants/${id}/reset` })
    assert.equal(res.statusCode, 400, id)
    assert.match(res.json().error.message, /^A tenant is named by its id, a GUID, as tokens name it in tid:/)
  }
  assert.equal((await app.inject({ method: 'DELETE', url: '/_mock/tenants/common' })).statusCode, 400)
  // An id left empty (`${base}/_mock/tenants/${tenantId}` with none) forgets no tenant, rather than every one.
  assert.equal((await bringIntoUse(app, randomUUID())).statusCode, 200)
  for (const url of ['/_mock/tenants/', '/_mock/tenants//', '/_mock/tenants/?x=1']) {
    const res = await app.inject({ method: 'DELETE', url })
    assert.equal(res.statusCode, 400, url)
    assert.match(res.json().error.message, /^A tenant is named by its id, a GUID, as tokens name it in tid: '' is not one\./)
  }
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 2)
  assert.equal((await app.inject({ method: 'DELETE', url: '/_mock/tenants' })).statusCode, 204)
  assert.equal((await app.inject('/_mock/health')).json<{ tenants: number }>().tenants, 1)
})

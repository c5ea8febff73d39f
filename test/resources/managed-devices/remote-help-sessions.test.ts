import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { fixtureRules } from '../../../src/resources/index.js'
import { loadFixtures } from '../../../src/state/fixtures.js'
import { AUTH, JSON_AUTH, buildTestApp, stateOf } from '../../helper.js'

const seed = await loadFixtures(new URL('../../../fixtures', import.meta.url).pathname, fixtureRules())
const [[DEVICE = '', device = {}] = [], [OTHER_DEVICE = ''] = []] = Object.entries(seed['deviceManagement.managedDevices'] ?? {})
const item = (id: string) => `/beta/deviceManagement/managedDevices/${id}`

async function sessionApp (t: TestContext) {
  return buildTestApp(t, stateOf(seed))
}

test('a session runs as the retired SDKs drove it: create, request access, retrieve, end; then it is gone', async (t) => {
  const { app } = await sessionApp(t)
  const created = await app.inject({ method: 'POST', url: `${item(DEVICE)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: { sessionType: 'viewScreen' } })
  assert.equal(created.statusCode, 200)
  const { sessionKey } = created.json<{ sessionKey: string }>()
  assert.deepEqual(created.json(), { '@odata.type': '#microsoft.graph.createRemoteHelpSessionResponse', sessionKey })

  // v0.37 to v0.47 sent the qualified name.
  const access = await app.inject({ method: 'POST', url: `${item(DEVICE)}/microsoft.graph.requestRemoteHelpSessionAccess`, headers: JSON_AUTH, payload: { sessionKey, pubSubConnectionId: 'conn-1' } })
  assert.equal(access.statusCode, 200)
  assert.equal(access.json()['@odata.type'], '#microsoft.graph.requestRemoteHelpSessionAccessResponse')
  assert.equal(access.json().sessionKey, sessionKey)
  assert.equal(Buffer.from(access.json().pubSubEncryptionKey, 'base64').length, 32)

  for (const call of [`retrieveRemoteHelpSession(sessionKey='${sessionKey}')`, `microsoft.graph.retrieveRemoteHelpSession(sessionKey=%27${sessionKey}%27)`]) {
    const retrieved = await app.inject({ url: `${item(DEVICE)}/${call}`, headers: AUTH })
    assert.equal(retrieved.statusCode, 200, call)
    assert.equal(retrieved.json().sessionKey, sessionKey)
    assert.equal(retrieved.json().deviceName, device['deviceName'])
    assert.ok(Date.parse(retrieved.json().sessionExpirationDateTime) > Date.now())
  }

  const ended = await app.inject({ method: 'POST', url: `${item(DEVICE)}/endRemoteHelpSession`, headers: JSON_AUTH, payload: { sessionKey } })
  assert.deepEqual([ended.statusCode, ended.body], [204, ''])
  const after = await app.inject({ url: `${item(DEVICE)}/retrieveRemoteHelpSession(sessionKey='${sessionKey}')`, headers: AUTH })
  assert.equal(after.statusCode, 404)
  assert.match(after.json().error.message, /No open Remote Help session '.+' on device '.+': it was never created here, it has ended, or it expired\./)
})

test('a session belongs to its device; unknown devices, keys and parameters get Graph\'s errors', async (t) => {
  const { app } = await sessionApp(t)
  const { sessionKey } = (await app.inject({ method: 'POST', url: `${item(DEVICE)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json<{ sessionKey: string }>()
  const elsewhere = await app.inject({ method: 'POST', url: `${item(OTHER_DEVICE)}/endRemoteHelpSession`, headers: JSON_AUTH, payload: { sessionKey } })
  assert.equal(elsewhere.statusCode, 404)
  assert.equal((await app.inject({ method: 'POST', url: `${item('no-such-device')}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json().error.code, 'ResourceNotFound')
  for (const call of [`retrieveRemoteHelpSession(key='${sessionKey}')`, `retrieveRemoteHelpSession(sessionKey='${sessionKey}',sessionKey='other')`]) {
    const badParameter = await app.inject({ url: `${item(DEVICE)}/${call}`, headers: AUTH })
    assert.deepEqual([badParameter.statusCode, badParameter.json().error.message], [400, "The parameters of retrieveRemoteHelpSession must be sessionKey='…'."], call)
  }
  const missingKey = await app.inject({ method: 'POST', url: `${item(DEVICE)}/endRemoteHelpSession`, headers: JSON_AUTH, payload: {} })
  assert.deepEqual([missingKey.statusCode, missingKey.json().error.code], [400, 'ModelValidationFailure'])
  const unknown = await app.inject({ url: `${item(DEVICE)}/retrieveEverything()`, headers: AUTH })
  assert.deepEqual([unknown.statusCode, unknown.json().error.message], [400, "Resource not found for the segment 'retrieveEverything()'."])
  // Under a user too, where the device is that user's.
  const userPath = `/beta/users/${String(device['userId'])}/managedDevices/${DEVICE}`
  assert.equal((await app.inject({ url: `${userPath}/retrieveRemoteHelpSession(sessionKey='${sessionKey}')`, headers: AUTH })).statusCode, 200)
})

test('a function parameter may be a parameter alias the query string gives, as OData URL Conventions 5.1.1.13.1 allow', async (t) => {
  const { app } = await sessionApp(t)
  const { sessionKey } = (await app.inject({ method: 'POST', url: `${item(DEVICE)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json<{ sessionKey: string }>()
  const retrieve = (call: string, query: string) => app.inject({ url: `${item(DEVICE)}/${call}?${query}`, headers: AUTH })
  for (const [call, query] of [
    ['retrieveRemoteHelpSession(sessionKey=@k)', `@k='${sessionKey}'`],
    ['microsoft.graph.retrieveRemoteHelpSession(sessionKey=@key1)', `%40key1=%27${sessionKey}%27`],
    // ODataLib keeps the last value of an alias sent twice.
    ['retrieveRemoteHelpSession( sessionKey = @k )', `@k='other'&@k='${sessionKey}'`]
  ] as const) {
    const retrieved = await retrieve(call, query)
    assert.deepEqual([retrieved.statusCode, retrieved.json().sessionKey], [200, sessionKey], `${call}?${query}`)
  }
  const usage = "The parameters of retrieveRemoteHelpSession must be sessionKey='…'."
  for (const [query, message] of [
    // ODataLib reads a missing alias as null, and alias names in case.
    ['', `${usage} The parameter alias '@k' has no value in the query string, which OData reads as null.`],
    [`@K='${sessionKey}'`, `${usage} The parameter alias '@k' has no value in the query string, which OData reads as null.`],
    [`@k=${sessionKey}`, `${usage} The parameter alias '@k' is '${sessionKey}', not a string in OData's quotes.`],
    ['@k=null', `${usage} The parameter alias '@k' is 'null', not a string in OData's quotes.`],
    ["@k='%FF'", 'The request URI is not valid: a percent-encoded sequence cannot be decoded.']
  ] as const) {
    const refused = await retrieve('retrieveRemoteHelpSession(sessionKey=@k)', query)
    assert.deepEqual([refused.statusCode, refused.json().error.code, refused.json().error.message], [400, 'BadRequest', message], query)
  }
  const twice = await retrieve('retrieveRemoteHelpSession(sessionKey=@k,sessionKey=@k)', `@k='${sessionKey}'`)
  assert.deepEqual([twice.statusCode, twice.json().error.message], [400, usage])
})

test('createRemoteHelpSession checks its parameters as an operation\'s: an unknown one by name, a sessionType against allowedRemoteAssistanceActions', async (t) => {
  const { app, store } = await sessionApp(t)
  const sessions = () => store.entitySet('deviceManagement.managedDevices.remoteHelpSessions').list()
  const refusals = [
    { payload: '{"foo":1}', code: 'BadRequest', message: "The parameter 'foo' in the request payload is not a valid parameter for the operation 'createRemoteHelpSession'." },
    { payload: '{"sessionType":"viewScreen","sessionKey":"k"}', code: 'BadRequest', message: "The parameter 'sessionKey' in the request payload is not a valid parameter for the operation 'createRemoteHelpSession'." },
    { payload: '{"sessionType":"bogus"}', code: 'ModelValidationFailure', message: "The value of property 'sessionType' is not a valid value of the enum type 'microsoft.graph.allowedRemoteAssistanceActions'." },
    { payload: '{"sessionType":"viewScreen,"}', code: 'ModelValidationFailure', message: "The value of property 'sessionType' is not a valid value of the enum type 'microsoft.graph.allowedRemoteAssistanceActions'." },
    { payload: '{"sessionType":5}', code: 'ModelValidationFailure', message: "Cannot convert the value of property 'sessionType' to the expected type 'microsoft.graph.allowedRemoteAssistanceActions'." },
    { payload: '["viewScreen"]', code: 'BadRequest', message: "An unexpected 'StartArray' node was found when reading from the JSON reader. A 'StartObject' node was expected." }
  ]
  for (const url of [`${item(DEVICE)}/createRemoteHelpSession`, `${item(DEVICE)}/microsoft.graph.createRemoteHelpSession`]) {
    for (const { payload, code, message } of refusals) {
      const res = await app.inject({ method: 'POST', url, headers: JSON_AUTH, payload })
      assert.deepEqual([res.statusCode, res.json().error.code, res.json().error.message], [400, code, message], `${url} ${payload}`)
    }
  }
  assert.deepEqual(sessions(), [])
  for (const sessionType of ['viewScreen', 'takeFullControl,elevation', 'unattended, unknownFutureValue', null]) {
    const res = await app.inject({ method: 'POST', url: `${item(DEVICE)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: { sessionType } })
    assert.equal(res.statusCode, 200, String(sessionType))
    assert.equal(store.entitySet('deviceManagement.managedDevices.remoteHelpSessions').get(res.json().sessionKey)?.['sessionType'], sessionType)
  }
  // The other actions name theirs too.
  const access = await app.inject({ method: 'POST', url: `${item(DEVICE)}/requestRemoteHelpSessionAccess`, headers: JSON_AUTH, payload: { sessionKey: 'k', pubSubConnection: 'c' } })
  assert.deepEqual([access.statusCode, access.json().error.message], [400, "The parameter 'pubSubConnection' in the request payload is not a valid parameter for the operation 'requestRemoteHelpSessionAccess'."])
})

test('a device deleted through Graph takes its sessions with it: a device re-created under its id has none', async (t) => {
  const { app } = await sessionApp(t)
  const SESSIONS = 'deviceManagement.managedDevices.remoteHelpSessions'
  const sessionCount = async () => (await app.inject('/_mock/health')).json().records[SESSIONS]
  const create = async (id: string) => (await app.inject({ method: 'POST', url: `${item(id)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json<{ sessionKey: string }>().sessionKey
  const sessionKey = await create(DEVICE)
  const othersKey = await create(OTHER_DEVICE)
  assert.equal(await sessionCount(), 2)

  assert.equal((await app.inject({ method: 'DELETE', url: item(DEVICE), headers: AUTH })).statusCode, 204)
  assert.equal(await sessionCount(), 1)
  const recreated = await app.inject({ method: 'PUT', url: `/_mock/store/deviceManagement.managedDevices/${DEVICE}`, payload: device })
  assert.equal(recreated.statusCode, 201)
  const retrieved = await app.inject({ url: `${item(DEVICE)}/retrieveRemoteHelpSession(sessionKey='${sessionKey}')`, headers: AUTH })
  assert.deepEqual([retrieved.statusCode, retrieved.json().error.code], [404, 'ResourceNotFound'])
  // Another device's session is its own.
  assert.equal((await app.inject({ url: `${item(OTHER_DEVICE)}/retrieveRemoteHelpSession(sessionKey='${othersKey}')`, headers: AUTH })).statusCode, 200)

  // The control API's DELETE is the store's own: it removes the device alone, as a test arranging the store asks.
  const kept = await create(DEVICE)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/store/deviceManagement.managedDevices/${DEVICE}` })).statusCode, 204)
  assert.equal(await sessionCount(), 2)
  await app.inject({ method: 'PUT', url: `/_mock/store/deviceManagement.managedDevices/${DEVICE}`, payload: device })
  assert.equal((await app.inject({ url: `${item(DEVICE)}/retrieveRemoteHelpSession(sessionKey='${kept}')`, headers: AUTH })).statusCode, 200)
})

test('a create sweeps away the sessions that have expired, an hour after theirs, and keeps those still open', async (t) => {
  const { app } = await sessionApp(t)
  const create = async () => (await app.inject({ method: 'POST', url: `${item(DEVICE)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json<{ sessionKey: string }>().sessionKey
  const advance = async (advanceSeconds: number) => assert.equal((await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds } })).statusCode, 200)
  const held = async () => Object.keys((await app.inject('/_mock/store/deviceManagement.managedDevices.remoteHelpSessions')).json<Record<string, unknown>>()).sort()
  const first = await create()
  await advance(1800)
  const second = await create()
  await advance(1800)
  // The first has just expired: the next create takes it away, and only it.
  assert.deepEqual(await held(), [first, second].sort())
  const third = await create()
  assert.deepEqual(await held(), [second, third].sort())
  await advance(3600)
  const fourth = await create()
  assert.deepEqual(await held(), [fourth])
})

test('the sweep keeps a session that never expires, and passes over one open for longer than a lifetime to sweep those after it', async (t) => {
  const { app } = await sessionApp(t)
  const SET = '/_mock/store/deviceManagement.managedDevices.remoteHelpSessions'
  const session = (expirationDateTime: string | null) => ({ deviceId: DEVICE, sessionType: null, createdDateTime: null, expirationDateTime, pubSubEncryptionKey: null })
  // Put first, as a test arranges them: one without an expiry, one open for a year.
  assert.equal((await app.inject({ method: 'PUT', url: `${SET}/forever`, payload: session(null) })).statusCode, 201)
  assert.equal((await app.inject({ method: 'PUT', url: `${SET}/a-year`, payload: session(new Date(Date.now() + 365 * 86_400_000).toISOString()) })).statusCode, 201)
  const create = async () => (await app.inject({ method: 'POST', url: `${item(DEVICE)}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json<{ sessionKey: string }>().sessionKey
  const first = await create()
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 3600 } })).statusCode, 200)
  const second = await create()
  const held = Object.keys((await app.inject(SET)).json<Record<string, unknown>>())
  assert.deepEqual(held.sort(), ['a-year', 'forever', second].sort(), `${first} expired and went; the two put stay`)
  assert.equal((await app.inject({ url: `${item(DEVICE)}/retrieveRemoteHelpSession(sessionKey='forever')`, headers: AUTH })).statusCode, 200)
})

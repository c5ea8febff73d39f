import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { storedSets } from '../../src/resources/index.js'
import { AUTH, ENTITY_SET, JSON_AUTH, KNOWN_ID, OTHER_ID, buildTestApp, itemUrl, seed, stateOf } from '../helper.js'

const DEVICE_FIXTURES = JSON.parse(readFileSync(new URL('../../fixtures/deviceManagement.managedDevices.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>

const SET_URL = `/_mock/store/${ENTITY_SET}`
const record = (sessionKey: string) => ({ sessionKey, sessionType: 'viewScreen,elevation', pubSubEncryptionKey: null, pubSubEncryption: 'AES256' })

test('GET lists every record keyed by id, the shape of a fixture file; the entity set matches in any case', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject(SET_URL.toLowerCase())
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), seed()[ENTITY_SET])
})

test('PUT of a whole set replaces it, and Graph serves the new records', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'PUT', url: SET_URL, payload: { 'new-id': record('fresh') } })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { 'new-id': record('fresh') })
  assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })).statusCode, 404)
  assert.equal((await app.inject({ url: itemUrl('new-id'), headers: AUTH })).json().sessionKey, 'fresh')
})

test('PUT of a whole set takes more than Graph\'s 4 MiB, up to its own 64 MiB, so a set as GET answers it goes back whole', async (t) => {
  const { app } = buildTestApp(t)
  // 2,000 records of some 3 KiB each: about 6 MiB of JSON.
  const big = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`id-${index}`, record('k'.repeat(3000))]))
  const res = await app.inject({ method: 'PUT', url: SET_URL, payload: big })
  assert.equal(res.statusCode, 200, res.body.slice(0, 200))
  assert.equal(Object.keys((await app.inject(SET_URL)).json()).length, 2000)
  const tooBig = await app.inject({ method: 'PUT', url: SET_URL, headers: { 'content-type': 'application/json' }, payload: `{"x":"${'k'.repeat(65 * 1024 * 1024)}"}` })
  assert.deepEqual([tooBig.statusCode, tooBig.json().error.code], [413, 'RequestEntityTooLarge'])
  // Graph's own routes keep Graph's limit.
  const graphBody = `{"sessionKey":"${'k'.repeat(5 * 1024 * 1024)}"}`
  assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: graphBody })).statusCode, 413)
})

test('PUT of a set with one bad record is refused, naming the id and property, and changes nothing', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'PUT', url: SET_URL, payload: { good: record('ok'), bad: { ...record('x'), sessionType: 'everything' } } })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.code, 'BadRequest')
  assert.match(res.json().error.message, /record 'bad' property 'sessionType' is "everything"/)
  assert.match(res.json().error.message, /Nothing was changed\.$/)
  assert.deepEqual((await app.inject(SET_URL)).json(), seed()[ENTITY_SET])
})

const badSets: Array<[unknown, RegExp]> = [
  [[record('a')], /must be object/],
  [{ a: 'not a record' }, /property 'a' must be object/],
  [{ a: { ...record('a'), id: 'a' } }, /record 'a' property 'id'/],
  [{ a: { sessionKey: 'a', sessionType: 'everything' } }, /record 'a' property 'sessionType' is "everything"/],
  [{ '': record('a') }, /record '' has an empty id/]
]
for (const [payload, message] of badSets) {
  test(`PUT of a malformed set is a 400: ${JSON.stringify(payload)}`, async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'PUT', url: SET_URL, payload: payload as object })
    assert.equal(res.statusCode, 400)
    assert.match(res.json().error.message, message)
    assert.deepEqual((await app.inject(SET_URL)).json(), seed()[ENTITY_SET])
  })
}

test('one record: GET, PUT creates (201) then replaces (200), DELETE (204), then 404', async (t) => {
  const { app } = buildTestApp(t)
  assert.deepEqual((await app.inject(`${SET_URL}/${OTHER_ID}`)).json(), seed()[ENTITY_SET]?.[OTHER_ID])
  const created = await app.inject({ method: 'PUT', url: `${SET_URL}/one`, payload: record('first') })
  assert.equal(created.statusCode, 201)
  assert.deepEqual(created.json(), record('first'))
  const replaced = await app.inject({ method: 'PUT', url: `${SET_URL}/one`, payload: record('second') })
  assert.equal(replaced.statusCode, 200)
  assert.equal((await app.inject({ url: itemUrl('one'), headers: AUTH })).json().sessionKey, 'second')
  assert.equal((await app.inject({ method: 'DELETE', url: `${SET_URL}/one` })).statusCode, 204)
  const gone = await app.inject(`${SET_URL}/one`)
  assert.equal(gone.statusCode, 404)
  assert.equal(gone.json().error.message, `No record 'one' in ${ENTITY_SET}.`)
  assert.equal((await app.inject({ method: 'DELETE', url: `${SET_URL}/one` })).statusCode, 404)
})

test('a record id left empty (a trailing slash) is refused, never read as the whole set', async (t) => {
  const { app } = buildTestApp(t)
  const message = `A record id cannot be empty: '/_mock/store/${ENTITY_SET}/' names no record. /_mock/store/${ENTITY_SET}, without the slash, is the whole set.`
  for (const [method, payload] of [['PUT', {}], ['PUT', record('x')], ['GET', undefined]] as const) {
    const res = await app.inject({ method, url: `${SET_URL}/`, ...(payload === undefined ? {} : { payload }) })
    assert.deepEqual([res.statusCode, res.json().error.message], [400, message], `${method} ${JSON.stringify(payload)}`)
  }
  assert.deepEqual((await app.inject(SET_URL)).json(), seed()[ENTITY_SET], 'nothing changed')
  assert.equal((await app.inject(`${SET_URL}?skip=0`)).statusCode, 200, 'a query after the set is no slash')
  // After an id, a trailing slash is the record's, as on every other route.
  assert.deepEqual((await app.inject(`${SET_URL}/${KNOWN_ID}/`)).json(), seed()[ENTITY_SET]?.[KNOWN_ID])
})

test('PUT of a record, or of a set, fills in what Graph\'s create would leave empty, and answers the whole record', async (t) => {
  const { app } = buildTestApp(t, stateOf({ [ENTITY_SET]: {} }, [ENTITY_SET, 'deviceManagement.managedDevices', 'deviceManagement.remoteAssistanceSettings']))
  const one = await app.inject({ method: 'PUT', url: '/_mock/store/deviceManagement.managedDevices/pc-1', payload: { deviceName: 'PC-1', operatingSystem: 'Windows' } })
  assert.equal(one.statusCode, 201, one.body)
  assert.equal(Object.keys(one.json()).length, 83)
  assert.deepEqual([one.json().deviceName, one.json().usersLoggedOn, one.json().lastSyncDateTime], ['PC-1', [], null])
  assert.deepEqual((await app.inject('/_mock/store/deviceManagement.managedDevices/pc-1')).json(), one.json())
  const set = await app.inject({ method: 'PUT', url: SET_URL, payload: { a: { sessionKey: 'a' } } })
  assert.deepEqual([set.statusCode, set.json()], [200, { a: { sessionKey: 'a', sessionType: null, pubSubEncryptionKey: null, pubSubEncryption: null } }])
  // What has no empty value is still named when it is left out.
  const settings = await app.inject({ method: 'PUT', url: '/_mock/store/deviceManagement.remoteAssistanceSettings/s', payload: { blockChat: true, allowSessionsToUnenrolledDevices: false } })
  assert.deepEqual([settings.statusCode, /record 's' property 'remoteAssistanceState' is missing/.test(settings.json().error.message)], [400, true])
})

test('PUT of a bad record is a 400 naming id and property, and changes nothing', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'PUT', url: `${SET_URL}/${KNOWN_ID}`, payload: { ...record('x'), sessionKey: 42 } })
  assert.equal(res.statusCode, 400)
  assert.match(res.json().error.message, new RegExp(`record '${KNOWN_ID}' property 'sessionKey' is 42`))
  assert.deepEqual((await app.inject(`${SET_URL}/${KNOWN_ID}`)).json(), seed()[ENTITY_SET]?.[KNOWN_ID])
})

test('an unknown entity set is a 404 naming the known ones', async (t) => {
  const { app } = buildTestApp(t)
  for (const request of [{ url: '/_mock/store/users' }, { method: 'PUT' as const, url: '/_mock/store/users/1', payload: record('a') }]) {
    const res = await app.inject(request)
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error.message, `No entity set 'users'. Known entity sets: ${storedSets().join(', ')}.`)
  }
})

test('the sets a resource keeps beside its entities are addressable too: a device\'s Remote Help sessions', async (t) => {
  const devices = { 'device-1': { ...Object.values(DEVICE_FIXTURES)[0] } }
  const { app } = buildTestApp(t, stateOf({ 'deviceManagement.managedDevices': devices }))
  const sessions = '/_mock/store/deviceManagement.managedDevices.remoteHelpSessions'
  const created = await app.inject({ method: 'POST', url: '/beta/deviceManagement/managedDevices/device-1/createRemoteHelpSession', headers: JSON_AUTH, payload: { sessionType: 'viewScreen' } })
  const { sessionKey } = created.json<{ sessionKey: string }>()
  const listed = await app.inject(sessions)
  assert.deepEqual(Object.keys(listed.json()), [sessionKey])
  assert.equal(listed.json()[sessionKey].deviceId, 'device-1')
  // A test arranges an expired session, and the retired function then finds none.
  const expired = { ...listed.json()[sessionKey], expirationDateTime: '2020-01-01T00:00:00Z' }
  assert.equal((await app.inject({ method: 'PUT', url: `${sessions}/${sessionKey}`, payload: expired })).statusCode, 200)
  const retrieved = await app.inject({ url: `/beta/deviceManagement/managedDevices/device-1/retrieveRemoteHelpSession(sessionKey='${sessionKey}')`, headers: AUTH })
  assert.equal(retrieved.statusCode, 404)
  const bad = await app.inject({ method: 'PUT', url: `${sessions}/other`, payload: { ...expired, deviceId: 7 } })
  assert.deepEqual([bad.statusCode, bad.json().error.code], [400, 'BadRequest'])
})

test('a singleton\'s set holds one record: another id, or a set of two, is refused; the whole set may be replaced by one', async (t) => {
  const SETTINGS = 'deviceManagement.remoteAssistanceSettings'
  const settings = JSON.parse(readFileSync(new URL(`../../fixtures/${SETTINGS}.json`, import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>
  const [[id = '', record = {}] = []] = Object.entries(settings)
  const { app } = buildTestApp(t, stateOf({ ...seed(), [SETTINGS]: settings }))
  const url = `/_mock/store/${SETTINGS}`
  const read = async () => (await app.inject({ url: '/beta/deviceManagement/remoteAssistanceSettings', headers: AUTH })).json()
  const before = await read()

  const other = await app.inject({ method: 'PUT', url: `${url}/other`, payload: { ...record, blockChat: true } })
  assert.equal(other.statusCode, 400)
  assert.equal(other.json().error.message, `${SETTINGS} is a singleton and holds one record: PUT it under its id, '${id}', or PUT the whole set to replace it. Nothing was changed.`)
  const two = await app.inject({ method: 'PUT', url, payload: { [id]: record, other: record } })
  assert.equal(two.statusCode, 400)
  assert.match(two.json().error.message, /holds one record: the set given holds 2\./)
  assert.deepEqual(await read(), before)

  assert.equal((await app.inject({ method: 'PUT', url: `${url}/${id}`, payload: { ...record, blockChat: true } })).statusCode, 200)
  assert.equal((await read()).blockChat, true)
  assert.equal((await app.inject({ method: 'PUT', url, payload: { renamed: { ...record, blockChat: false } } })).statusCode, 200)
  assert.deepEqual([(await read()).id, (await read()).blockChat], ['renamed', false])
})

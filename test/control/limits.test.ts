/** The limits that keep a runaway or hostile client from filling graph-mock's memory: each a Graph-shaped 400 that changes nothing. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { storedSets } from '../../src/resources/index.js'
import { createStore } from '../../src/state/store.js'
import { COLLECTION_URL, ENTITY_SET, JSON_AUTH, KNOWN_ID, OTHER_ID, appClaims, buildTestApp, seed, stateOf, unsignedJwt } from '../helper.js'

const record = { sessionKey: 'k', sessionType: null, pubSubEncryptionKey: null, pubSubEncryption: null }

function errorOf (res: { statusCode: number, json: () => unknown }): { status: number, code: string, message: string } {
  const { error } = res.json() as { error: { code: string, message: string } }
  return { status: res.statusCode, code: error.code, message: error.message }
}

test('an entity set at MOCK_STORE_LIMIT refuses Graph creates and control-API puts, and replaces still work', async (t) => {
  const { app, store } = buildTestApp(t, stateOf(seed(), storedSets(), { storeLimit: 2 }))
  const message = `${ENTITY_SET} would hold more than 2 records, the most graph-mock's MOCK_STORE_LIMIT allows. Delete some, reset the store (POST /_mock/reset?only=store), or raise MOCK_STORE_LIMIT.`
  const created = await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: {} })
  assert.deepEqual(errorOf(created), { status: 400, code: 'BadRequest', message })
  const put = await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}/third`, payload: record })
  assert.deepEqual(errorOf(put), { status: 400, code: 'BadRequest', message })
  const whole = await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}`, payload: { a: record, b: record, c: record } })
  assert.deepEqual(errorOf(whole), { status: 400, code: 'BadRequest', message })
  assert.deepEqual(store.entitySet(ENTITY_SET).list().map(([id]) => id), [KNOWN_ID, OTHER_ID])
  assert.equal((await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}/${KNOWN_ID}`, payload: record })).statusCode, 200)
  assert.equal((await app.inject({ method: 'DELETE', url: `${COLLECTION_URL}/${OTHER_ID}`, headers: JSON_AUTH })).statusCode, 204)
  assert.equal((await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: {} })).statusCode, 201)
})

test('fixtures over MOCK_STORE_LIMIT or MOCK_STORE_LIMIT_MB are refused when the store is made', () => {
  assert.throws(() => createStore(seed(), { recordLimit: 1 }), /RequestRemoteHelpSessionAccessResponse would hold more than 1 records\./)
  assert.throws(() => createStore(seed(), { charLimit: 100 }), /The records would take more than 100 characters of JSON\./)
})

test('writes that would take the store past MOCK_STORE_LIMIT_MB are refused, whatever their method, and change nothing', async (t) => {
  const { app, store } = buildTestApp(t, stateOf(seed(), storedSets(), { storeLimitMiB: 1 }))
  const before = JSON.stringify(store.entitySet(ENTITY_SET).list())
  const big = 'v'.repeat(600 * 1024)
  const message = "The stored records would take more than 1 MiB of JSON, the most graph-mock's MOCK_STORE_LIMIT_MB allows. Delete some, reset the store (POST /_mock/reset?only=store), or raise MOCK_STORE_LIMIT_MB."
  assert.equal((await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${KNOWN_ID}`, headers: JSON_AUTH, payload: { sessionKey: big } })).statusCode, 200)
  const full = JSON.stringify(store.entitySet(ENTITY_SET).list())
  const writes = [
    await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${OTHER_ID}`, headers: JSON_AUTH, payload: { sessionKey: big } }),
    await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: { sessionKey: big } }),
    await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}/new`, payload: { ...record, sessionKey: big } })
  ]
  for (const res of writes) assert.deepEqual(errorOf(res), { status: 400, code: 'BadRequest', message })
  assert.equal(JSON.stringify(store.entitySet(ENTITY_SET).list()), full)
  // The space a replaced or deleted record took is free again.
  assert.equal((await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${KNOWN_ID}`, headers: JSON_AUTH, payload: { sessionKey: 'small' } })).statusCode, 200)
  assert.equal((await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${OTHER_ID}`, headers: JSON_AUTH, payload: { sessionKey: big } })).statusCode, 200)
  assert.equal((await app.inject({ method: 'DELETE', url: `${COLLECTION_URL}/${OTHER_ID}`, headers: JSON_AUTH })).statusCode, 204)
  assert.equal((await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: { sessionKey: big } })).statusCode, 201)
  // Reset brings back the seed's size along with its records.
  store.reset()
  assert.equal(JSON.stringify(store.entitySet(ENTITY_SET).list()), before)
  assert.equal((await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}`, payload: { a: { ...record, sessionKey: big }, b: { ...record, sessionKey: big } } })).statusCode, 400)
  assert.equal(JSON.stringify(store.entitySet(ENTITY_SET).list()), before)
})

test('MOCK_FAULT_RULE_LIMIT active rules at most; removing one makes room', async (t) => {
  const { app } = buildTestApp(t, stateOf(seed(), storedSets(), { faultRuleLimit: 2 }))
  const add = () => app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503, path: '/nothing' } })
  assert.equal((await add()).statusCode, 201)
  const second = (await add()).json<{ id: string }>()
  const refused = await add()
  assert.deepEqual(errorOf(refused), {
    status: 400,
    code: 'BadRequest',
    message: 'There are already 2 active fault rules, as many as MOCK_FAULT_RULE_LIMIT allows. Remove some (DELETE /_mock/faults or /_mock/faults/{ruleId}) or raise MOCK_FAULT_RULE_LIMIT.'
  })
  assert.equal((await app.inject('/_mock/faults')).json().rules.length, 2)
  // A rule is small: a method longer than any HTTP method is refused, as a path over 2048 characters is.
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503, method: 'P'.repeat(33) } })).statusCode, 400)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/faults/${second.id}` })).statusCode, 204)
  assert.equal((await add()).statusCode, 201)
})

test('MOCK_TOKEN_CLIENT_LIMIT registrations at most, re-registering one is always allowed, and a registration is small', async (t) => {
  const { app } = buildTestApp(t, stateOf(seed(), storedSets(), { tokenClientLimit: 1 }))
  const register = async (id: string, payload: Record<string, unknown>) => await app.inject({ method: 'PUT', url: `/_mock/token-clients/${id}`, payload })
  assert.equal((await register('app-1', { roles: ['a'] })).statusCode, 200)
  assert.equal((await register('app-1', { roles: ['b'] })).statusCode, 200)
  assert.deepEqual(errorOf(await register('app-2', { roles: [] })), {
    status: 400,
    code: 'BadRequest',
    message: 'There are already 1 registered token clients, as many as MOCK_TOKEN_CLIENT_LIMIT allows. Remove them (POST /_mock/reset?only=clients) or raise MOCK_TOKEN_CLIENT_LIMIT.'
  })
  for (const payload of [{ roles: Array.from({ length: 101 }, (_, n) => `role-${n}`) }, { roles: ['r'.repeat(257)] }, { roles: [], secret: 's'.repeat(1025) }]) {
    assert.equal((await register('app-1', payload)).statusCode, 400)
  }
  // Longer than any route parameter (maxParamLength in app.ts): no route takes it.
  assert.equal((await register('c'.repeat(257), { roles: [] })).statusCode, 404)
  assert.deepEqual((await app.inject('/_mock/token-clients')).json(), { 'app-1': { roles: ['b'] } })
})

test('writes that would take every tenant\'s stores together past MOCK_STORE_TOTAL_LIMIT_MB are refused, and a forgotten tenant frees its room', async (t) => {
  const { app, tenants } = buildTestApp(t, stateOf(seed(), storedSets(), { storeLimitMiB: 1, storeTotalLimitMiB: 1 }))
  const tenant = (tid: string) => ({ ...JSON_AUTH, authorization: `Bearer ${unsignedJwt(appClaims({ tid }))}` })
  const [one, two] = ['3f0d1c55-7c4e-4a5a-9d7e-1b2c3d4e5f60', '4a1e2d66-8d5f-4b6b-8e8f-2c3d4e5f6a71']
  const big = 'v'.repeat(600 * 1024)
  // Each tenant alone is within its own 1 MiB; the two together are not.
  assert.equal((await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${KNOWN_ID}`, headers: tenant(one), payload: { sessionKey: big } })).statusCode, 200)
  const refused = await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${KNOWN_ID}`, headers: tenant(two), payload: { sessionKey: big } })
  assert.deepEqual(errorOf(refused), {
    status: 400,
    code: 'BadRequest',
    message: "The stored records of every tenant would take more than 1 MiB of JSON, the most graph-mock's MOCK_STORE_TOTAL_LIMIT_MB allows. Delete some, reset the store (POST /_mock/reset?only=store), or raise MOCK_STORE_TOTAL_LIMIT_MB."
  })
  assert.notEqual(tenants.of(two).store.entitySet(ENTITY_SET).get(KNOWN_ID)?.['sessionKey'], big, 'nothing changed')
  // A write that does not grow its store is never refused, and a forgotten tenant counts for nothing.
  assert.equal((await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${KNOWN_ID}`, headers: tenant(two), payload: { sessionKey: 'k' } })).statusCode, 200)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/tenants/${one}` })).statusCode, 204)
  assert.equal((await app.inject({ method: 'PATCH', url: `${COLLECTION_URL}/${KNOWN_ID}`, headers: tenant(two), payload: { sessionKey: big } })).statusCode, 200)
})

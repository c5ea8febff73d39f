import assert from 'node:assert/strict'
import { test } from 'node:test'
import { storedSets } from '../../src/resources/index.js'
import { VERSION } from '../../src/version.js'
import { AUTH, COLLECTION_URL, ENTITY_SET, JSON_AUTH, buildTestApp } from '../helper.js'

test('health answers ok with the version, uptime and record counts, without any token', async (t) => {
  const { app } = buildTestApp(t, { adminToken: 'admin-secret' })
  const res = await app.inject('/_mock/health')
  assert.equal(res.statusCode, 200)
  // Every served set is counted, the empty ones too.
  const empty = Object.fromEntries(storedSets().map((name) => [name, 0]))
  assert.deepEqual(res.json(), { status: 'ok', version: VERSION, uptimeSeconds: 0, records: { ...empty, [ENTITY_SET]: 2 }, tenants: 1 })
  assert.match(VERSION, /^\d+\.\d+\.\d+/)
})

test('the record counts follow the store', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: {} })
  assert.equal((await app.inject('/_mock/health')).json().records[ENTITY_SET], 3)
  await app.inject({ url: COLLECTION_URL, headers: AUTH })
})

test('health is not faulted, whatever the rules', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503, times: 100 } })
  assert.equal((await app.inject('/_mock/health')).statusCode, 200)
  assert.equal((await app.inject({ url: COLLECTION_URL, headers: AUTH })).statusCode, 503)
})

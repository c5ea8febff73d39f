// The integration suite: drives the app over HTTP and uses graph-mock's control API to arrange
// Graph's state, make it throttle, and read back what the app sent. Compose starts it once
// graph-mock and the app are healthy (depends_on: condition: service_healthy), so it waits for neither.
import assert from 'node:assert/strict'
import { beforeEach, test } from 'node:test'

const MOCK = process.env.GRAPH_MOCK_URL
const APP = process.env.APP_URL
const SESSION = '0f3c5a8e-2b7d-4e61-9c1a-5d8f2e7b4a90'
// The app's tokens name its tenant, so its requests are that tenant's: the suite arranges and reads it there.
const control = (path, init) => fetch(`${MOCK}/_mock/tenants/${process.env.AZURE_TENANT_ID}${path}`, init)
const json = { 'content-type': 'application/json' }
const grant = (id, sessionType) => fetch(`${APP}/sessions/${id}/grant`, { method: 'POST', headers: json, body: JSON.stringify({ sessionType }) })

beforeEach(async () => {
  assert.equal((await control('/reset', { method: 'POST' })).status, 204)
})

test('granting a session PATCHes Graph with the asked session type', async () => {
  const res = await grant(SESSION, 'elevation')
  assert.equal(res.status, 200)
  const { entries } = await (await control('/requests?method=PATCH')).json()
  assert.equal(entries.length, 1)
  assert.equal(entries[0].path, `/beta/RequestRemoteHelpSessionAccessResponse/${SESSION}`)
  assert.deepEqual(entries[0].body, { sessionType: 'elevation' })
  const stored = await (await control(`/store/RequestRemoteHelpSessionAccessResponse/${SESSION}`)).json()
  assert.equal(stored.sessionType, 'elevation')
})

test('a throttled grant is retried after Retry-After and succeeds', async () => {
  await control('/faults', { method: 'POST', headers: json, body: JSON.stringify({ method: 'PATCH', status: 429, retryAfterSeconds: 1 }) })
  const res = await grant(SESSION, 'viewScreen')
  assert.equal(res.status, 200)
  const { entries } = await (await control('/requests?method=PATCH')).json()
  assert.deepEqual(entries.map((entry) => entry.status), [429, 200])
})

test('an unknown session is the app\'s own 404', async () => {
  const res = await grant('no-such-session', 'viewScreen')
  assert.equal(res.status, 404)
  assert.deepEqual(await res.json(), { error: 'no such session' })
})

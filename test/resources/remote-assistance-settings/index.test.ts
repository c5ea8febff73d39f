import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH, JSON_AUTH, appClaims, buildTestApp, stateOf, unsignedJwt } from '../../helper.js'

const SET = 'deviceManagement.remoteAssistanceSettings'
const URL = '/beta/deviceManagement/remoteAssistanceSettings'
const settings = { remoteAssistanceState: 'disabled', allowSessionsToUnenrolledDevices: false, blockChat: false }

function settingsApp (t: Parameters<typeof buildTestApp>[0], seeded = true) {
  return buildTestApp(t, stateOf(seeded ? { [SET]: { remoteAssistanceSettings: settings } } : {}))
}

test('the singleton is read as the entity itself (as the SDK reads it), and updated in place', async (t) => {
  const { app } = settingsApp(t)
  const read = await app.inject({ url: URL, headers: AUTH })
  assert.equal(read.statusCode, 200)
  const context = 'http://localhost:80/beta/$metadata#deviceManagement/remoteAssistanceSettings/$entity'
  assert.deepEqual(read.json(), { '@odata.context': context, '@odata.type': '#microsoft.graph.remoteAssistanceSettings', id: 'remoteAssistanceSettings', ...settings })
  const updated = await app.inject({ method: 'PATCH', url: URL, headers: JSON_AUTH, payload: { remoteAssistanceState: 'enabled', blockChat: true } })
  assert.deepEqual(updated.json(), { '@odata.type': '#microsoft.graph.remoteAssistanceSettings', id: 'remoteAssistanceSettings', remoteAssistanceState: 'enabled', allowSessionsToUnenrolledDevices: false, blockChat: true })
  assert.deepEqual((await app.inject({ url: URL, headers: AUTH })).json(), { '@odata.context': context, ...updated.json() })
})

test('bad values are refused with Graph\'s messages and change nothing; no DELETE or POST on it', async (t) => {
  const { app } = settingsApp(t)
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ remoteAssistanceState: 'on' }, "The value of property 'remoteAssistanceState' is not a valid value of the enum type 'microsoft.graph.remoteAssistanceState'."],
    [{ blockChat: 'yes' }, "Cannot convert the value of property 'blockChat' to the expected type 'Edm.Boolean'."],
    [{ blockChat: null }, "Cannot convert the value of property 'blockChat' to the expected type 'Edm.Boolean'."],
    [{ chat: true }, "The property 'chat' does not exist on type 'microsoft.graph.remoteAssistanceSettings'. Make sure to only use property names that are defined by the type or mark the type as open type."]
  ]
  for (const [payload, message] of cases) {
    const res = await app.inject({ method: 'PATCH', url: URL, headers: JSON_AUTH, payload })
    assert.deepEqual([res.statusCode, res.json().error.code, res.json().error.message], [400, 'ModelValidationFailure', message])
  }
  assert.deepEqual((await app.inject({ url: URL, headers: AUTH })).json().remoteAssistanceState, 'disabled')
  const wrongMethod = await app.inject({ method: 'DELETE', url: URL, headers: AUTH })
  assert.deepEqual([wrongMethod.statusCode, wrongMethod.headers['allow']], [405, 'GET, PATCH'])
})

test('reads take either permission family, writes the ReadWrite ones; an unseeded singleton is a 404 saying how to seed it', async (t) => {
  const { app } = settingsApp(t)
  const configReader = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: ['DeviceManagementConfiguration.Read.All'] }))}` }
  assert.equal((await app.inject({ url: URL, headers: configReader })).statusCode, 200)
  assert.equal((await app.inject({ method: 'PATCH', url: URL, headers: { ...configReader, 'content-type': 'application/json' }, payload: { blockChat: true } })).statusCode, 403)
  const { app: empty } = settingsApp(t, false)
  const missing = await empty.inject({ url: URL, headers: AUTH })
  assert.equal(missing.statusCode, 404)
  assert.match(missing.json().error.message, /PUT \/_mock\/store\/deviceManagement\.remoteAssistanceSettings\/\{id\}/)
})

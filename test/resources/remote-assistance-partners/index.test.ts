import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH, JSON_AUTH, appClaims, buildTestApp, stateOf, unsignedJwt } from '../../helper.js'

const SET = 'deviceManagement.remoteAssistancePartners'
const PARTNER = 'c3f1d2e4-7b8a-4e5f-a1b2-c3d4e5f60718'
const partners = '/beta/deviceManagement/remoteAssistancePartners'
const record = { displayName: 'Contoso Remote Support', onboardingUrl: 'https://support.contoso.example/onboard', onboardingStatus: 'notOnboarded', lastConnectionDateTime: null, onboardingRequestExpiryDateTime: null }

function partnerApp (t: Parameters<typeof buildTestApp>[0]) {
  return buildTestApp(t, stateOf({ [SET]: { [PARTNER]: record } }))
}

test('the partners are listed and got under deviceManagement, in beta and v1.0, each with its id and type', async (t) => {
  const { app } = partnerApp(t)
  for (const version of ['beta', 'v1.0']) {
    const list = await app.inject({ url: `/${version}/deviceManagement/remoteAssistancePartners`, headers: AUTH })
    assert.equal(list.statusCode, 200)
    assert.equal(list.json()['@odata.context'], `http://localhost:80/${version}/$metadata#deviceManagement/remoteAssistancePartners`)
    assert.deepEqual(list.json().value, [{ '@odata.type': '#microsoft.graph.remoteAssistancePartner', id: PARTNER, ...record }])
    const one = await app.inject({ url: `/${version}/deviceManagement/remoteAssistancePartners/${PARTNER}`, headers: AUTH })
    assert.deepEqual(one.json(), {
      '@odata.context': `http://localhost:80/${version}/$metadata#deviceManagement/remoteAssistancePartners/$entity`,
      '@odata.type': '#microsoft.graph.remoteAssistancePartner',
      id: PARTNER,
      ...record
    })
  }
  assert.equal((await app.inject({ url: `${partners}/unknown`, headers: AUTH })).json().error.code, 'ResourceNotFound')
})

test('beginOnboarding moves a partner to onboarding with an expiry; disconnect brings it back; both 204, by bare or qualified name', async (t) => {
  const { app, store } = partnerApp(t)
  const begin = await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/beginOnboarding`, headers: AUTH })
  assert.equal(begin.statusCode, 204)
  assert.equal(begin.body, '')
  const onboarding = store.entitySet(SET).get(PARTNER)
  assert.equal(onboarding?.['onboardingStatus'], 'onboarding')
  assert.ok(Date.parse(String(onboarding?.['onboardingRequestExpiryDateTime'])) > Date.now())
  assert.equal((await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/microsoft.graph.disconnect`, headers: AUTH })).statusCode, 204)
  assert.equal(store.entitySet(SET).get(PARTNER)?.['onboardingStatus'], 'notOnboarded')
  assert.equal((await app.inject({ method: 'POST', url: `${partners}/missing/disconnect`, headers: AUTH })).statusCode, 404)
  assert.equal((await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/explode`, headers: AUTH })).json().error.message, "Resource not found for the segment 'explode'.")
})

test('a partner is created, updated and deleted as the docs list, and refused bodies change nothing', async (t) => {
  const { app, store } = partnerApp(t)
  const created = await app.inject({ method: 'POST', url: partners, headers: JSON_AUTH, payload: { displayName: 'New', onboardingStatus: 'notOnboarded' } })
  assert.equal(created.statusCode, 201)
  const { id } = created.json<{ id: string }>()
  assert.equal(created.headers['location'], `http://localhost:80/beta/deviceManagement/remoteAssistancePartners/${id}`)
  assert.deepEqual(created.json(), { '@odata.type': '#microsoft.graph.remoteAssistancePartner', id, displayName: 'New', onboardingUrl: null, onboardingStatus: 'notOnboarded', lastConnectionDateTime: null, onboardingRequestExpiryDateTime: null })
  // A new partner has not been onboarded, whatever the body leaves out.
  const bare = await app.inject({ method: 'POST', url: partners, headers: JSON_AUTH, payload: { displayName: 'Bare' } })
  assert.deepEqual([bare.statusCode, bare.json().onboardingStatus], [201, 'notOnboarded'])
  const before = JSON.stringify(store.entitySet(SET).list())
  const bad = await app.inject({ method: 'PATCH', url: `${partners}/${PARTNER}`, headers: JSON_AUTH, payload: { onboardingStatus: 'halfway' } })
  assert.equal(bad.json().error.message, "The value of property 'onboardingStatus' is not a valid value of the enum type 'microsoft.graph.remoteAssistanceOnboardingStatus'.")
  const badDate = await app.inject({ method: 'PATCH', url: `${partners}/${PARTNER}`, headers: JSON_AUTH, payload: { lastConnectionDateTime: 'yesterday' } })
  assert.equal(badDate.json().error.message, "Cannot convert the value of property 'lastConnectionDateTime' to the expected type 'Edm.DateTimeOffset'.")
  assert.equal(JSON.stringify(store.entitySet(SET).list()), before)
  const patched = await app.inject({ method: 'PATCH', url: `${partners}/${PARTNER}`, headers: JSON_AUTH, payload: { id: PARTNER, displayName: 'Renamed' } })
  assert.equal(patched.json().displayName, 'Renamed')
  // A property the PATCH leaves out keeps its value, whatever its default for a create.
  await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/beginOnboarding`, headers: AUTH })
  const renamedAgain = await app.inject({ method: 'PATCH', url: `${partners}/${PARTNER}`, headers: JSON_AUTH, payload: { displayName: 'Again' } })
  assert.equal(renamedAgain.json().onboardingStatus, 'onboarding')
  assert.equal((await app.inject({ method: 'DELETE', url: `${partners}/${id}`, headers: AUTH })).statusCode, 204)
})

test('each operation checks its own permissions: reading takes Read.All, an action needs ReadWrite.All', async (t) => {
  const { app } = partnerApp(t)
  const reader = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: ['DeviceManagementServiceConfig.Read.All'] }))}` }
  assert.equal((await app.inject({ url: partners, headers: reader })).statusCode, 200)
  const refused = await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/beginOnboarding`, headers: reader })
  assert.equal(refused.statusCode, 403)
  assert.match(refused.json().error.message, /Application must have one of the following scopes: DeviceManagementServiceConfig\.ReadWrite\.All/)
})

test('beginOnboarding and disconnect take no parameters: a body naming one is refused and the partner stays as it was', async (t) => {
  const { app, store } = partnerApp(t)
  for (const action of ['beginOnboarding', 'microsoft.graph.beginOnboarding', 'disconnect']) {
    const name = action.replace('microsoft.graph.', '')
    const res = await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/${action}`, headers: JSON_AUTH, payload: { unexpected: 1 } })
    assert.deepEqual([res.statusCode, res.json().error.code, res.json().error.message], [400, 'BadRequest', `The parameter 'unexpected' in the request payload is not a valid parameter for the operation '${name}'.`])
    assert.deepEqual(store.entitySet(SET).get(PARTNER), record)
  }
  const begin = await app.inject({ method: 'POST', url: `${partners}/${PARTNER}/beginOnboarding`, headers: JSON_AUTH, payload: {} })
  assert.deepEqual([begin.statusCode, store.entitySet(SET).get(PARTNER)?.['onboardingStatus']], [204, 'onboarding'])
})

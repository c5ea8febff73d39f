import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { fixtureRules, servedPermissions, storedSets } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { buildTestApp, stateOf } from '../helper.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const TOKEN_URL = `/${TENANT}/oauth2/v2.0/token`
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const ADELE = 'adele.vance@contoso.onmicrosoft.com'
/** What MSAL sends for UsernamePasswordCredential with Graph's .default scope. */
const PASSWORD_GRANT = { grant_type: 'password', client_id: 'helpdesk-app', username: ADELE, password: 'any', scope: 'https://graph.microsoft.com/.default openid profile offline_access', client_info: '1' }
const seed = await loadFixtures('fixtures', fixtureRules())
const adelesDevices = Object.entries(seed['deviceManagement.managedDevices'] ?? {}).filter(([, device]) => String(device['userPrincipalName']).toLowerCase() === ADELE).map(([id]) => id).sort()

type App = ReturnType<typeof buildTestApp>['app']

function signedApp (t: TestContext) {
  return buildTestApp(t, { ...stateOf(seed, storedSets(), { tokenRoles: servedPermissions() }), authMode: 'signed' })
}

async function granted (app: App, fields: Record<string, string>) {
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: new URLSearchParams(fields).toString() })
  return { status: res.statusCode, body: res.json() }
}

async function refused (app: App, fields: Record<string, string>, status: number, error: string, code: number) {
  const answer = await granted(app, fields)
  assert.deepEqual([answer.status, answer.body.error, answer.body.error_codes], [status, error, [code]], JSON.stringify(answer.body))
  assert.match(answer.body.error_description, new RegExp(`^AADSTS${code}: `))
}

const myDevices = async (app: App, token: string) => app.inject({ url: '/beta/me/managedDevices?$select=id', headers: { authorization: `Bearer ${token}` } })

test('a password grant answers as Entra does for MSAL: a delegated Graph token, an id token, a refresh token and client_info, all verifying with the JWKS', async (t) => {
  const { app } = signedApp(t)
  const { status, body } = await granted(app, PASSWORD_GRANT)
  assert.equal(status, 200)
  assert.deepEqual(Object.keys(body).sort(), ['access_token', 'client_info', 'expires_in', 'ext_expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'])
  assert.deepEqual([body.token_type, body.expires_in], ['Bearer', 3599])
  const jwks = createLocalJWKSet((await app.inject(`/${TENANT}/discovery/v2.0/keys`)).json())
  const { payload: access } = await jwtVerify(body.access_token, jwks, { algorithms: ['RS256'] })
  assert.equal(access.aud, 'https://graph.microsoft.com')
  assert.deepEqual([access['idtyp'], access['upn'], access['tid'], access['appid']], ['user', ADELE, TENANT, 'helpdesk-app'])
  assert.deepEqual(String(access['scp']).split(' '), [...servedPermissions(), 'openid', 'profile'])
  // .default among them, as Entra names it, so that MSAL finds the token again by the scope it asked.
  assert.equal(body.scope, [...servedPermissions().map((name) => `https://graph.microsoft.com/${name}`), 'https://graph.microsoft.com/.default', 'openid', 'profile', 'offline_access'].join(' '))
  const { payload: id } = await jwtVerify(body.id_token, jwks, { algorithms: ['RS256'], audience: 'helpdesk-app', issuer: `http://localhost:80/${TENANT}/v2.0` })
  assert.deepEqual([id['preferred_username'], id['oid']], [ADELE, access['oid']])
  assert.deepEqual(JSON.parse(Buffer.from(body.client_info, 'base64url').toString()), { uid: access['oid'], utid: TENANT })
})

test('the signed-in user is the same object id at every sign-in by that name, in any case, and another in another tenant', async (t) => {
  const { app } = signedApp(t)
  const oid = async (username: string, tenant = TENANT) => {
    const res = await app.inject({ method: 'POST', url: `/${tenant}/oauth2/v2.0/token`, headers: FORM, payload: new URLSearchParams({ ...PASSWORD_GRANT, username }).toString() })
    return decodeJwt(res.json().access_token)['oid']
  }
  const first = await oid(ADELE)
  assert.match(String(first), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(await oid(ADELE.toUpperCase()), first)
  assert.notEqual(await oid('alex.wilber@contoso.onmicrosoft.com'), first)
  assert.notEqual(await oid(ADELE, 'b5e3b4c8-1d0f-4a35-9f1e-0c6a8f2d7e41'), first)
})

test('/me/managedDevices with a user\'s token lists the devices that user principal name enrolled; an app token gets Graph\'s 400', async (t) => {
  const { app } = signedApp(t)
  assert.ok(adelesDevices.length >= 2)
  const mine = await myDevices(app, (await granted(app, PASSWORD_GRANT)).body.access_token)
  assert.equal(mine.statusCode, 200, mine.body)
  assert.deepEqual(mine.json().value.map((device: { id: string }) => device.id).sort(), adelesDevices)
  const nobody = await myDevices(app, (await granted(app, { ...PASSWORD_GRANT, username: 'nobody@contoso.onmicrosoft.com' })).body.access_token)
  assert.deepEqual(nobody.json().value, [])
  const appToken = (await granted(app, { grant_type: 'client_credentials', client_id: 'helpdesk-app', client_secret: 's', scope: 'https://graph.microsoft.com/.default' })).body.access_token
  const asApp = await myDevices(app, appToken)
  assert.deepEqual([asApp.statusCode, asApp.json().error.message], [400, '/me request is only valid with delegated authentication flow.'])
})

test('named scopes are the token\'s scp, with or without Graph\'s resource in front: a read-only user can list but not write', async (t) => {
  const { app } = signedApp(t)
  const { body } = await granted(app, { ...PASSWORD_GRANT, scope: 'https://graph.microsoft.com/DeviceManagementManagedDevices.Read.All User.Read offline_access' })
  assert.equal(decodeJwt(body.access_token)['scp'], 'DeviceManagementManagedDevices.Read.All User.Read')
  assert.equal(body.id_token, undefined)
  assert.equal((await myDevices(app, body.access_token)).statusCode, 200)
  const write = await app.inject({ method: 'PATCH', url: `/beta/me/managedDevices/${adelesDevices[0]}`, headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' }, payload: { deviceName: 'renamed' } })
  assert.equal(write.statusCode, 403)
})

test('a refresh token renews the grant for its own client, as the same user with the same scp, until 90 days pass on the tenant\'s clock', async (t) => {
  const { app } = signedApp(t)
  const first = (await granted(app, PASSWORD_GRANT)).body
  const refresh = { grant_type: 'refresh_token', client_id: 'helpdesk-app', refresh_token: first.refresh_token, scope: PASSWORD_GRANT.scope }
  const renewed = await granted(app, refresh)
  assert.equal(renewed.status, 200)
  assert.notEqual(renewed.body.access_token, first.access_token)
  const [before, after] = [decodeJwt(first.access_token), decodeJwt(renewed.body.access_token)]
  assert.deepEqual([after['oid'], after['upn'], after['scp']], [before['oid'], before['upn'], before['scp']])
  assert.equal((await myDevices(app, renewed.body.access_token)).json().value.length, adelesDevices.length)

  await refused(app, { ...refresh, client_id: 'another-app' }, 400, 'invalid_grant', 70000)
  await refused(app, { ...refresh, refresh_token: 'not-a-token' }, 400, 'invalid_grant', 9002313)
  // Signed by the same key, but an access token, not a refresh token.
  await refused(app, { ...refresh, refresh_token: first.access_token }, 400, 'invalid_grant', 9002313)
  await refused(app, { ...refresh, refresh_token: '' }, 400, 'invalid_request', 900144)
  assert.equal((await app.inject({ method: 'POST', url: `/_mock/tenants/${TENANT}/clock`, payload: { advanceSeconds: 91 * 24 * 3600 } })).statusCode, 200)
  await refused(app, refresh, 400, 'invalid_grant', 700082)
})

test('neither the refresh token nor the id token is let into Graph as an access token', async (t) => {
  const { app } = signedApp(t)
  const { body } = await granted(app, PASSWORD_GRANT)
  for (const token of [body.refresh_token, body.id_token]) {
    const res = await myDevices(app, token)
    assert.deepEqual([res.statusCode, res.json().error.message], [401, 'Access token validation failure. Invalid audience.'])
  }
})

const refusals: Array<[string, Record<string, string>, number, string, number]> = [
  ['no username', { ...PASSWORD_GRANT, username: '' }, 400, 'invalid_request', 900144],
  ['no password', { ...PASSWORD_GRANT, password: '' }, 400, 'invalid_request', 900144],
  ['no scope', { grant_type: 'password', client_id: 'helpdesk-app', username: ADELE, password: 'any' }, 400, 'invalid_request', 900144],
  ['.default beside a named Graph scope', { ...PASSWORD_GRANT, scope: 'https://graph.microsoft.com/.default User.Read' }, 400, 'invalid_scope', 70011],
  ['another resource\'s scope', { ...PASSWORD_GRANT, scope: 'https://management.azure.com/user_impersonation openid' }, 400, 'invalid_resource', 500011]
]
for (const [what, fields, status, error, code] of refusals) {
  test(`a password grant with ${what} is refused in Entra's shape`, async (t) => {
    await refused(signedApp(t).app, fields, status, error, code)
  })
}

test('a registered app with a secret is a confidential client: its users\' grants need its secret', async (t) => {
  const { app } = signedApp(t)
  assert.equal((await app.inject({ method: 'PUT', url: `/_mock/tenants/${TENANT}/token-clients/helpdesk-app`, payload: { roles: servedPermissions(), secret: 's3cret' } })).statusCode, 200)
  await refused(app, PASSWORD_GRANT, 401, 'invalid_client', 7000218)
  await refused(app, { ...PASSWORD_GRANT, client_secret: 'wrong' }, 401, 'invalid_client', 7000215)
  assert.equal((await granted(app, { ...PASSWORD_GRANT, client_secret: 's3cret' })).status, 200)
})

test('a password grant with an empty scope is refused as one without a scope', async (t) => {
  await refused(signedApp(t).app, { ...PASSWORD_GRANT, scope: ' ' }, 400, 'invalid_request', 900144)
})

test('a refresh asking for other scopes gets them, as MSAL\'s silent requests for a new permission expect; one from another tenant is refused', async (t) => {
  const { app } = signedApp(t)
  const first = (await granted(app, PASSWORD_GRANT)).body
  const renewed = await granted(app, { grant_type: 'refresh_token', client_id: 'helpdesk-app', refresh_token: first.refresh_token, scope: 'DeviceManagementManagedDevices.Read.All offline_access' })
  assert.equal(renewed.status, 200)
  assert.equal(decodeJwt(renewed.body.access_token)['scp'], 'DeviceManagementManagedDevices.Read.All')
  assert.equal(decodeJwt(renewed.body.access_token)['oid'], decodeJwt(first.access_token)['oid'])
  const other = 'b5e3b4c8-1d0f-4a35-9f1e-0c6a8f2d7e41'
  assert.equal((await app.inject(`/_mock/tenants/${other}/clock`)).statusCode, 200)
  const elsewhere = await app.inject({ method: 'POST', url: `/${other}/oauth2/v2.0/token`, headers: FORM, payload: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'helpdesk-app', refresh_token: first.refresh_token }).toString() })
  assert.deepEqual([elsewhere.statusCode, elsewhere.json().error_codes], [400, [9002313]])
})

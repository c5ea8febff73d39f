import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { decodeJwt } from 'jose'
import { servedPermissions, storedSets } from '../../src/resources/index.js'
import { buildTestApp, seed, stateOf } from '../helper.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const USER = 'diego.siciliani@contoso.onmicrosoft.com'
const SCOPE = 'https://graph.microsoft.com/.default openid profile offline_access'
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

type App = ReturnType<typeof buildTestApp>['app']

const post = async (app: App, url: string, fields: Record<string, string>) =>
  await app.inject({ method: 'POST', url, headers: FORM, payload: new URLSearchParams(fields).toString() })

function issuerApp (t: TestContext) {
  return buildTestApp(t, { ...stateOf(seed(), storedSets(), { tokenRoles: servedPermissions() }), authMode: 'signed' })
}

async function deviceCode (app: App, clientId = 'helpdesk-cli') {
  const res = await post(app, `/${TENANT}/oauth2/v2.0/devicecode`, { client_id: clientId, scope: SCOPE })
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { user_code: string, device_code: string, verification_uri: string, expires_in: number, interval: number, message: string }
}

const poll = async (app: App, code: string, clientId = 'helpdesk-cli') =>
  await post(app, `/${TENANT}/oauth2/v2.0/token`, { grant_type: DEVICE_CODE_GRANT, client_id: clientId, device_code: code, client_info: '1' })

/** The verification page's path, as a browser on this host would open the verification_uri. */
const pagePath = (uri: string) => new URL(uri).pathname

async function assertRefused (res: Awaited<ReturnType<typeof poll>>, error: string, code: number) {
  assert.deepEqual([res.statusCode, res.json().error, res.json().error_codes], [400, error, [code]], res.body)
}

test('a device code turns into the tokens of the user who signs it in on the verification page, once; until then the poll is pending', async (t) => {
  const { app } = issuerApp(t)
  const code = await deviceCode(app)
  assert.match(code.user_code, /^[A-Z2-9]{9}$/)
  assert.deepEqual([code.expires_in, code.interval], [900, 1])
  assert.equal(code.verification_uri, `http://localhost:80/${TENANT}/oauth2/deviceauth`)
  assert.equal(code.message, `To sign in, use a web browser to open the page ${code.verification_uri} and enter the code ${code.user_code} to authenticate.`)
  await assertRefused(await poll(app, code.device_code), 'authorization_pending', 70016)

  const page = await app.inject(`${pagePath(code.verification_uri)}?user_code=${code.user_code}`)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, new RegExp(`name="user_code" value="${code.user_code}"`))
  // A person types the code in any case, with a dash.
  const typed = `${code.user_code.slice(0, 4).toLowerCase()}-${code.user_code.slice(4)}`
  const signedIn = await post(app, pagePath(code.verification_uri), { user_code: typed, username: USER, password: 'x' })
  assert.equal(signedIn.statusCode, 200, signedIn.body)

  const tokens = await poll(app, code.device_code)
  assert.equal(tokens.statusCode, 200, tokens.body)
  assert.deepEqual(Object.keys(tokens.json()).sort(), ['access_token', 'client_info', 'expires_in', 'ext_expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'])
  assert.deepEqual([decodeJwt(tokens.json().access_token)['upn'], decodeJwt(tokens.json().access_token)['appid']], [USER, 'helpdesk-cli'])
  await assertRefused(await poll(app, code.device_code), 'invalid_grant', 9002313)
  // Signed in once, the code cannot be signed in again.
  assert.equal((await post(app, pagePath(code.verification_uri), { user_code: code.user_code, username: 'someone.else@contoso.onmicrosoft.com' })).statusCode, 400)
})

test('another client polling a device code is refused and leaves it for its own client', async (t) => {
  const { app } = issuerApp(t)
  const code = await deviceCode(app)
  await post(app, pagePath(code.verification_uri), { user_code: code.user_code, username: USER })
  await assertRefused(await poll(app, code.device_code, 'another-app'), 'invalid_grant', 70000)
  assert.equal((await poll(app, code.device_code)).statusCode, 200)
})

test('a device code expires after 15 minutes of the tenant\'s clock, for its user and its client', async (t) => {
  const { app } = issuerApp(t)
  // The tenant comes into use first: a code asked for before that is the default tenant's.
  assert.equal((await app.inject(`/_mock/tenants/${TENANT}/clock`)).statusCode, 200)
  const code = await deviceCode(app)
  assert.equal((await app.inject({ method: 'POST', url: `/_mock/tenants/${TENANT}/clock`, payload: { advanceSeconds: 901 } })).statusCode, 200)
  const late = await post(app, pagePath(code.verification_uri), { user_code: code.user_code, username: USER })
  assert.equal(late.statusCode, 400)
  assert.match(late.body, /has expired/)
  await assertRefused(await poll(app, code.device_code), 'expired_token', 70019)
})

test('the verification page refuses a form without a user name or with an unknown code, quoting what was sent as text', async (t) => {
  const { app } = issuerApp(t)
  const code = await deviceCode(app)
  const nameless = await post(app, pagePath(code.verification_uri), { user_code: code.user_code })
  assert.equal(nameless.statusCode, 400)
  assert.match(nameless.body, /name="username"/)
  const unknown = await post(app, pagePath(code.verification_uri), { user_code: '<b>NOPE</b>', username: USER })
  assert.equal(unknown.statusCode, 400)
  assert.ok(unknown.body.includes('&#60;b&#62;NOPE&#60;/b&#62;') && !unknown.body.includes('<b>NOPE'))
  await assertRefused(await poll(app, code.device_code), 'authorization_pending', 70016)
})

test('a device code request without a client or a scope, or for another resource, is refused in Entra\'s shape', async (t) => {
  const { app } = issuerApp(t)
  const url = `/${TENANT}/oauth2/v2.0/devicecode`
  for (const [fields, error, code] of [
    [{ scope: SCOPE }, 'invalid_request', 900144],
    [{ client_id: 'helpdesk-cli' }, 'invalid_request', 900144],
    // A scope of spaces asks for nothing: no code for it.
    [{ client_id: 'helpdesk-cli', scope: '  ' }, 'invalid_request', 900144],
    [{ client_id: 'helpdesk-cli', scope: 'https://management.azure.com/user_impersonation' }, 'invalid_resource', 500011]
  ] as const) {
    const res = await post(app, url, fields)
    assert.deepEqual([res.statusCode, res.json().error, res.json().error_codes], [400, error, [code]])
  }
  await assertRefused(await post(app, `/${TENANT}/oauth2/v2.0/token`, { grant_type: DEVICE_CODE_GRANT, client_id: 'helpdesk-cli' }), 'invalid_request', 900144)
})

import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { test, type TestContext } from 'node:test'
import { decodeJwt } from 'jose'
import { fixtureRules, servedPermissions, storedSets } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { buildTestApp, stateOf } from '../helper.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const AUTHORIZE = `/${TENANT}/oauth2/v2.0/authorize`
const TOKEN_URL = `/${TENANT}/oauth2/v2.0/token`
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const USER = 'lee.gu@contoso.onmicrosoft.com'
const REDIRECT = 'http://localhost:3000/auth/callback'
const seed = await loadFixtures('fixtures', fixtureRules())
const leesDevices = Object.entries(seed['deviceManagement.managedDevices'] ?? {}).filter(([, device]) => device['userPrincipalName'] === USER).map(([id]) => id).sort()

type App = ReturnType<typeof buildTestApp>['app']

function signedApp (t: TestContext) {
  return buildTestApp(t, { ...stateOf(seed, storedSets(), { tokenRoles: servedPermissions() }), authMode: 'signed' })
}

/** PKCE as MSAL makes it: a random verifier and its S256 challenge. */
function pkce () {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

const authorizeUrl = (params: Record<string, string>) => `${AUTHORIZE}?${new URLSearchParams({
  client_id: 'helpdesk-web', response_type: 'code', redirect_uri: REDIRECT, scope: 'https://graph.microsoft.com/.default openid profile offline_access', state: 'st-1', ...params
}).toString()}`

async function codeFor (app: App, params: Record<string, string> = {}): Promise<string> {
  const res = await app.inject(authorizeUrl({ login_hint: USER, ...params }))
  assert.equal(res.statusCode, 302, res.body)
  const location = new URL(String(res.headers.location))
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT)
  assert.equal(location.searchParams.get('state'), 'st-1')
  return location.searchParams.get('code') ?? ''
}

async function redeem (app: App, fields: Record<string, string>) {
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'helpdesk-web', redirect_uri: REDIRECT, client_info: '1', ...fields }).toString() })
  return { status: res.statusCode, body: res.json() }
}

async function refusedRedemption (app: App, fields: Record<string, string>, code: number) {
  const { status, body } = await redeem(app, fields)
  assert.deepEqual([status, body.error, body.error_codes], [400, 'invalid_grant', code === 0 ? [] : [code]], JSON.stringify(body))
}

test('login_hint signs the user in at once: the code comes back to the redirect URI with the state, and redeems with its PKCE verifier for tokens of that user', async (t) => {
  const { app } = signedApp(t)
  const { verifier, challenge } = pkce()
  const code = await codeFor(app, { code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-42' })
  const { status, body } = await redeem(app, { code, code_verifier: verifier })
  assert.equal(status, 200, JSON.stringify(body))
  assert.deepEqual(Object.keys(body).sort(), ['access_token', 'client_info', 'expires_in', 'ext_expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'])
  assert.deepEqual([decodeJwt(body.access_token)['upn'], decodeJwt(body.access_token)['idtyp']], [USER, 'user'])
  // MSAL refuses an id token without the nonce it sent.
  assert.deepEqual([decodeJwt(body.id_token)['nonce'], decodeJwt(body.id_token)['aud']], ['n-42', 'helpdesk-web'])
  const mine = await app.inject({ url: '/beta/me/managedDevices?$select=id', headers: { authorization: `Bearer ${body.access_token}` } })
  assert.deepEqual(mine.json().value.map((device: { id: string }) => device.id).sort(), leesDevices)
  // A code redeems once.
  await refusedRedemption(app, { code, code_verifier: verifier }, 54005)
})

test('a code is refused for a wrong or missing PKCE verifier, another redirect URI, another client, or after 10 minutes on the tenant\'s clock', async (t) => {
  const { app } = signedApp(t)
  const { verifier, challenge } = pkce()
  const code = await codeFor(app, { code_challenge: challenge, code_challenge_method: 'S256' })
  await refusedRedemption(app, { code, code_verifier: pkce().verifier }, 501481)
  await refusedRedemption(app, { code }, 501481)
  await refusedRedemption(app, { code, code_verifier: verifier, redirect_uri: 'http://localhost:3000/other' }, 0)
  await refusedRedemption(app, { code, code_verifier: verifier, client_id: 'another-app' }, 70000)
  await refusedRedemption(app, { code: 'not-a-code' }, 9002313)
  // None of those refusals used the code up.
  assert.equal((await redeem(app, { code, code_verifier: verifier })).status, 200)

  const itself = 'the-verifier-itself-43-characters-or-longer'
  const plain = await codeFor(app, { code_challenge: itself })
  assert.equal((await redeem(app, { code: plain, code_verifier: itself })).status, 200)

  const late = await codeFor(app)
  assert.equal((await app.inject({ method: 'POST', url: `/_mock/tenants/${TENANT}/clock`, payload: { advanceSeconds: 601 } })).statusCode, 200)
  await refusedRedemption(app, { code: late }, 70008)
})

test('without login_hint the user signs in on a page whose form posts the request back with a user name', async (t) => {
  const { app } = signedApp(t)
  const page = await app.inject(authorizeUrl({ state: '"><script>alert(1)</script>' }))
  assert.equal(page.statusCode, 200)
  assert.match(String(page.headers['content-type']), /^text\/html/)
  assert.ok(!page.body.includes('<script>alert(1)'), 'the state is escaped')
  const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name = '', value = '']) => [name, value.replaceAll('&#34;', '"').replaceAll('&#62;', '>').replaceAll('&#60;', '<').replaceAll('&#39;', "'").replaceAll('&#38;', '&')]))
  assert.equal(fields['state'], '"><script>alert(1)</script>')
  const signedIn = await app.inject({ method: 'POST', url: AUTHORIZE, headers: FORM, payload: new URLSearchParams({ ...fields, username: USER, password: 'x' }).toString() })
  assert.equal(signedIn.statusCode, 302)
  const location = new URL(String(signedIn.headers.location))
  assert.equal(location.searchParams.get('state'), '"><script>alert(1)</script>')
  const { body } = await redeem(app, { code: location.searchParams.get('code') ?? '' })
  assert.equal(decodeJwt(body.access_token)['upn'], USER)
})

test('prompt=none with nobody named sends login_required back to the app, with its state', async (t) => {
  const { app } = signedApp(t)
  const res = await app.inject(authorizeUrl({ prompt: 'none' }))
  assert.equal(res.statusCode, 302)
  const location = new URL(String(res.headers.location))
  assert.deepEqual([location.searchParams.get('error'), location.searchParams.get('state')], ['login_required', 'st-1'])
  assert.match(location.searchParams.get('error_description') ?? '', /^AADSTS50058: /)
})

test('response_mode form_post answers a page that posts the code to the redirect URI; fragment puts it after the #', async (t) => {
  const { app } = signedApp(t)
  const posted = await app.inject(authorizeUrl({ login_hint: USER, response_mode: 'form_post' }))
  assert.equal(posted.statusCode, 200)
  assert.match(posted.body, new RegExp(`<form method="post" action="${REDIRECT.replaceAll('/', '\\/')}">`))
  const code = /name="code" value="([^"]+)"/.exec(posted.body)?.[1] ?? ''
  assert.equal((await redeem(app, { code })).status, 200)
  const fragment = new URL(String((await app.inject(authorizeUrl({ login_hint: USER, response_mode: 'fragment' }))).headers.location))
  assert.equal(fragment.search, '')
  assert.notEqual(new URLSearchParams(fragment.hash.slice(1)).get('code') ?? '', '')
})

test('errors the app can be told of go back to it; without a client or a usable redirect URI, Entra\'s error is answered instead', async (t) => {
  const { app } = signedApp(t)
  const backWith = async (params: Record<string, string>) => {
    const res = await app.inject(authorizeUrl({ login_hint: USER, ...params }))
    assert.equal(res.statusCode, 302, res.body)
    return new URL(String(res.headers.location)).searchParams.get('error')
  }
  assert.equal(await backWith({ response_type: 'token' }), 'unsupported_response_type')
  assert.equal(await backWith({ scope: '   ' }), 'invalid_request')
  assert.equal(await backWith({ scope: 'https://management.azure.com/user_impersonation' }), 'invalid_resource')
  assert.equal(await backWith({ code_challenge: 'c', code_challenge_method: 'S512' }), 'invalid_request')
  assert.equal(await backWith({ response_mode: 'smoke-signal' }), 'invalid_request')
  // RFC 7636 4.2: 43 to 128 characters; Entra's InvalidCodeChallengeMethodInvalidSize.
  for (const challenge of ['c'.repeat(42), 'c'.repeat(129), 'c'.repeat(12_000)]) {
    const res = await app.inject(authorizeUrl({ login_hint: USER, code_challenge: challenge, code_challenge_method: 'S256' }))
    const back = new URL(String(res.headers.location)).searchParams
    assert.deepEqual([res.statusCode, back.get('error'), back.get('error_description')?.split('\r\n')[0]], [302, 'invalid_request', 'AADSTS501491: Invalid size of Code_Challenge parameter.'], `${challenge.length} characters`)
  }

  for (const [params, code] of [[{ redirect_uri: 'javascript:alert(1)' }, 50011], [{ redirect_uri: 'not a url' }, 50011], [{ client_id: '' }, 900144]] as const) {
    const res = await app.inject(authorizeUrl({ login_hint: USER, ...params }))
    assert.deepEqual([res.statusCode, res.headers.location, res.json().error_codes], [400, undefined, [code]])
  }
})

test('a code is no access token: Graph refuses it for its audience', async (t) => {
  const { app } = signedApp(t)
  const res = await app.inject({ url: '/beta/me/managedDevices', headers: { authorization: `Bearer ${await codeFor(app)}` } })
  assert.deepEqual([res.statusCode, res.json().error.message], [401, 'Access token validation failure. Invalid audience.'])
})

test('a code is its tenant\'s: another tenant\'s token endpoint refuses it, and it still redeems once at its own', async (t) => {
  const { app } = signedApp(t)
  const other = 'b5e3b4c8-1d0f-4a35-9f1e-0c6a8f2d7e41'
  assert.equal((await app.inject(`/_mock/tenants/${other}/clock`)).statusCode, 200)
  const code = await codeFor(app)
  const elsewhere = await app.inject({ method: 'POST', url: `/${other}/oauth2/v2.0/token`, headers: FORM, payload: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'helpdesk-web', redirect_uri: REDIRECT, code }).toString() })
  assert.deepEqual([elsewhere.statusCode, elsewhere.json().error_codes], [400, [9002313]])
  assert.equal((await redeem(app, { code })).status, 200)
  await refusedRedemption(app, { code }, 54005)
})

test('the sign-in page posts back to this host, whatever slashes the request\'s path began with', async (t) => {
  const { app } = signedApp(t)
  const page = await app.inject(`/${authorizeUrl({}).replace(`/${TENANT}`, '/contoso.onmicrosoft.com')}`)
  assert.equal(page.statusCode, 200, page.body)
  assert.match(page.body, /<form method="post" action="\/contoso\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize">/)
})

test('Graph\'s own app id is no client, and a redirect URI with a fragment is refused', async (t) => {
  const { app } = signedApp(t)
  const graph = await app.inject(authorizeUrl({ client_id: '00000003-0000-0000-c000-000000000000', login_hint: USER }))
  assert.deepEqual([graph.statusCode, graph.json().error_codes], [400, [700016]])
  const token = await redeem(app, { client_id: '00000003-0000-0000-c000-000000000000', code: 'x' })
  assert.deepEqual([token.status, token.body.error_codes], [400, [700016]])
  const fragment = await app.inject(authorizeUrl({ redirect_uri: `${REDIRECT}#keep`, login_hint: USER }))
  assert.deepEqual([fragment.statusCode, fragment.json().error_codes], [400, [50011]])
})

test('the end-session endpoint the metadata names sends the browser back to post_logout_redirect_uri with its state; /authorize serves the code flow alone, as the metadata says', async (t) => {
  const { app } = signedApp(t)
  const back = await app.inject(`/${TENANT}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('http://localhost:3000/signed-out')}&state=s-9`)
  assert.deepEqual([back.statusCode, back.headers.location], [302, 'http://localhost:3000/signed-out?state=s-9'])
  const page = await app.inject(`/${TENANT}/oauth2/v2.0/logout`)
  assert.deepEqual([page.statusCode, /signed out/.test(page.body)], [200, true])
  const metadata = (await app.inject(`/${TENANT}/v2.0/.well-known/openid-configuration`)).json()
  assert.deepEqual(metadata.response_types_supported, ['code'])
  assert.equal(new URL(metadata.end_session_endpoint).pathname, `/${TENANT}/oauth2/v2.0/logout`)
})

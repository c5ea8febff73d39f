import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { MESSAGES } from '../../src/graph/errors.js'
import { PERSONAL_ACCOUNT_TENANT } from '../../src/graph/token-claims.js'
import { DEFAULT_TENANT_ID } from '../../src/state/tenants.js'
import { signingKey } from '../../src/state/signing-key.js'
import { appToken } from '../../src/issuer/tokens.js'
import { DEFAULT_TOKEN_ROLES, ENTITY_SET, JSON_AUTH, KNOWN_ID, SIGNING_KEY, buildListeningApp, buildTestApp, itemUrl, nowSeconds } from '../helper.js'
import { parseRawAnswer, rawExchange } from '../raw-socket.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const TOKEN_URL = `/${TENANT}/oauth2/v2.0/token`
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const clientCredentials = { grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's3cret', scope: 'https://graph.microsoft.com/.default' }

type App = ReturnType<typeof buildTestApp>['app']

async function token (app: App, fields: Record<string, string> = clientCredentials): Promise<string> {
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form(fields) })
  assert.equal(res.statusCode, 200, res.body)
  return res.json().access_token
}

test('OpenID metadata names this host\'s token endpoint and keys, as MSAL reads them', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ url: `/${TENANT}/v2.0/.well-known/openid-configuration`, headers: { host: 'mock.test:4443' } })
  assert.equal(res.statusCode, 200)
  const metadata = res.json()
  assert.equal(metadata.token_endpoint, `http://mock.test:4443/${TENANT}/oauth2/v2.0/token`)
  assert.equal(metadata.jwks_uri, `http://mock.test:4443/${TENANT}/discovery/v2.0/keys`)
  assert.equal(metadata.issuer, `http://mock.test:4443/${TENANT}/v2.0`)
  for (const field of ['authorization_endpoint', 'end_session_endpoint']) assert.match(metadata[field], /^http:\/\/mock\.test:4443\//)
})

const label = (length: number) => 'a'.repeat(length)
/** Each issuer route, as a request for the tenant segment given (sent as is, percent-encoding included). */
const issuerRoutes: Array<[string, (segment: string) => { method: 'GET' | 'POST', url: string, headers?: Record<string, string>, payload?: string }]> = [
  ['OpenID metadata', (segment) => ({ method: 'GET', url: `/${segment}/v2.0/.well-known/openid-configuration` })],
  ['the JWKS', (segment) => ({ method: 'GET', url: `/${segment}/discovery/v2.0/keys` })],
  ['instance discovery', (segment) => ({ method: 'GET', url: `/${segment}/discovery/instance?api-version=1.1` })],
  ['the token endpoint', (segment) => ({ method: 'POST', url: `/${segment}/oauth2/v2.0/token`, headers: FORM, payload: form(clientCredentials) })]
]
const TENANT_NOT_FOUND = 'not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.\r\nTrace ID: '
const NOT_A_TENANT_NAME = 'is neither a valid DNS name, nor a valid external domain.\r\nTrace ID: '
const fourLabels = [label(63), label(63), label(63), label(63)].join('.')

// [what it is, URL segment, the tenant as the message quotes it]
const unknownTenants: Array<[string, string, string]> = [
  ['an encoded slash', 'a%2Fb', 'a/b'],
  ['an encoded query and fragment', 'x%3Fy%23z', 'x?y#z'],
  ['a space', 'bad%20tenant', 'bad tenant'],
  ['a single label', 'contoso', 'contoso'],
  ['an empty label', 'contoso..com', 'contoso..com'],
  ['a label starting with a hyphen', '-contoso.com', '-contoso.com'],
  ['a label of 64 characters', `${label(64)}.com`, `${label(64)}.com`],
  ['a name of 255 characters, quoted by its first 200', fourLabels, `${fourLabels.slice(0, 200)}…`],
  ['a non-ASCII letter', 'contos%C3%B3.com', 'contosó.com'],
  // An authority built from an unset tenant id: `//oauth2/v2.0/token`, which the router reads as `/oauth2/v2.0/token`.
  ['nothing in it', '', ''],
  // A tenant named as an endpoint is a tenant, not an empty one; `undefined` is an unset tenant id's, in JavaScript.
  ['the name of an endpoint', 'oauth2', 'oauth2'],
  ['the word undefined', 'undefined', 'undefined'],
  // Three slashes: still an empty tenant.
  ['a slash', '/', ''],
  // Longer than the router takes a parameter: refused before any route is matched, in Entra's shape all the same.
  ['a name of 304 characters', `${label(300)}.com`, `${label(300).slice(0, 200)}…`]
]
for (const [what, segment, shown] of unknownTenants) {
  for (const [route, request] of issuerRoutes) {
    test(`${route} refuses a tenant with ${what} as Entra refuses a tenant name it cannot read`, async (t) => {
      const { app } = buildTestApp(t)
      const res = await app.inject(request(segment))
      const body = res.json()
      assert.equal(res.statusCode, 400)
      if (route === 'the token endpoint') {
        assert.equal(body.error, 'invalid_request')
        assert.deepEqual(body.error_codes, [900023])
        assert.ok(body.error_description.startsWith(`AADSTS900023: Specified tenant identifier '${shown}' ${NOT_A_TENANT_NAME}`), body.error_description)
      } else {
        assert.equal(body.error, 'invalid_tenant')
        assert.deepEqual(body.error_codes, [90002])
        assert.ok(body.error_description.startsWith(`AADSTS90002: Tenant '${shown}' ${TENANT_NOT_FOUND}`), body.error_description)
      }
      assert.equal(body.access_token, undefined)
    })
  }
}

// [URL segment, the tid of its tokens and the metadata's issuer]
const knownTenants: Array<[string, string]> = [
  [TENANT.toUpperCase(), TENANT],
  ['contoso.onmicrosoft.com', DEFAULT_TENANT_ID],
  ['Contoso-Labs.example.COM', DEFAULT_TENANT_ID],
  [`${label(63)}.com`, DEFAULT_TENANT_ID],
  [[label(63), label(63), label(63), label(61)].join('.'), DEFAULT_TENANT_ID],
  ['common', DEFAULT_TENANT_ID],
  ['Organizations', DEFAULT_TENANT_ID],
  ['consumers', PERSONAL_ACCOUNT_TENANT],
  ['CONSUMERS', PERSONAL_ACCOUNT_TENANT]
]
for (const [segment, tid] of knownTenants) {
  test(`the tenant ${segment.length > 40 ? `of ${segment.length} characters` : segment} is served on every route, and its metadata's token endpoint issues a token for tid ${tid}`, async (t) => {
    const { app } = buildTestApp(t)
    for (const [route, request] of issuerRoutes) assert.equal((await app.inject(request(segment))).statusCode, 200, route)
    const metadata = (await app.inject(`/${segment}/v2.0/.well-known/openid-configuration`)).json()
    assert.equal(metadata.issuer, `http://localhost:80/${tid}/v2.0`)
    const tokenPath = new URL(metadata.token_endpoint).pathname
    assert.equal(tokenPath, `/${segment}/oauth2/v2.0/token`)
    const res = await app.inject({ method: 'POST', url: tokenPath, headers: FORM, payload: form(clientCredentials) })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(decodeJwt(res.json().access_token)['tid'], tid)
  })
}

test('a long domain name is quoted by its first 200 characters in invalid_resource', async (t) => {
  const { app } = buildTestApp(t)
  const tenant = [label(63), label(63), label(63), label(61)].join('.')
  const res = await app.inject({ method: 'POST', url: `/${tenant}/oauth2/v2.0/token`, headers: FORM, payload: form({ ...clientCredentials, scope: 'https://management.azure.com/.default' }) })
  assert.deepEqual([res.statusCode, res.json().error], [400, 'invalid_resource'])
  assert.ok(res.json().error_description.includes(`in the tenant named ${tenant.slice(0, 200)}…. `), res.json().error_description)
})

test('a client-credentials token is answered as Entra answers it, shaped like Graph\'s app tokens, and verifies with the JWKS', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form(clientCredentials) })
  const body = res.json()
  assert.deepEqual({ ...body, access_token: undefined }, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: undefined })
  const jwks = (await app.inject(`/${TENANT}/discovery/v2.0/keys`)).json()
  const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks), { algorithms: ['RS256'] })
  assert.equal(decodeProtectedHeader(body.access_token).kid, jwks.keys[0].kid)
  assert.equal(payload.aud, 'https://graph.microsoft.com')
  assert.equal(payload.iss, `https://sts.windows.net/${TENANT}/`)
  assert.equal(payload['tid'], TENANT)
  assert.equal(payload['appid'], 'app-1')
  assert.equal(payload['idtyp'], 'app')
  assert.deepEqual(payload['roles'], DEFAULT_TOKEN_ROLES)
  assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3599)
  assert.ok(Math.abs((payload.nbf ?? 0) - nowSeconds()) < 60)
})

test('a registered app gets its own roles and must present its own secret', async (t) => {
  const { app } = buildTestApp(t)
  const put = await app.inject({ method: 'PUT', url: `/_mock/tenants/${TENANT}/token-clients/app-1`, payload: { roles: [], secret: 's3cret' } })
  assert.equal(put.statusCode, 200)
  const payload = JSON.parse(Buffer.from((await token(app)).split('.')[1] ?? '', 'base64url').toString())
  assert.deepEqual(payload.roles, [])
  const refused = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, 'client-request-id': 'corr-1' }, payload: form({ ...clientCredentials, client_secret: 'wrong' }) })
  assert.equal(refused.statusCode, 401)
  const body = refused.json()
  assert.equal(body.error, 'invalid_client')
  assert.deepEqual(body.error_codes, [7000215])
  assert.match(body.error_description, /^AADSTS7000215: Invalid client secret provided\..*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: corr-1\r\nTimestamp: /s)
  assert.equal(body.correlation_id, 'corr-1')
  assert.match(body.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/)
  await app.inject({ method: 'POST', url: `/_mock/tenants/${TENANT}/reset?only=clients` })
  assert.deepEqual((await app.inject(`/_mock/tenants/${TENANT}/token-clients`)).json(), {})
})

test('an app id that is a GUID is matched in any case, as Entra matches app ids; another name as written', async (t) => {
  const { app } = buildTestApp(t)
  const appId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'
  assert.equal((await app.inject({ method: 'PUT', url: `/_mock/tenants/${TENANT}/token-clients/${appId.toUpperCase()}`, payload: { roles: [], secret: 's3cret' } })).statusCode, 200)
  assert.deepEqual(Object.keys((await app.inject(`/_mock/tenants/${TENANT}/token-clients`)).json()), [appId])
  const grant = (clientId: string, secret: string) => app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form({ ...clientCredentials, client_id: clientId, client_secret: secret }) })
  for (const clientId of [appId, appId.toUpperCase(), '1A2b3C4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d']) {
    assert.equal((await grant(clientId, 'not-it')).statusCode, 401, clientId)
    const granted = await grant(clientId, 's3cret')
    assert.deepEqual([granted.statusCode, decodeJwt(granted.json().access_token)['roles']], [200, []], clientId)
  }
  assert.equal((await app.inject({ method: 'PUT', url: `/_mock/tenants/${TENANT}/token-clients/Named-App`, payload: { roles: [], secret: 's3cret' } })).statusCode, 200)
  assert.deepEqual([(await grant('Named-App', 'not-it')).statusCode, (await grant('named-app', 'not-it')).statusCode], [401, 200])
})

const refusals: Array<[string, Record<string, string>, number, string, number]> = [
  ['no grant_type', { ...clientCredentials, grant_type: '' }, 400, 'unsupported_grant_type', 70003],
  ['a SAML bearer grant', { ...clientCredentials, grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer' }, 400, 'unsupported_grant_type', 70003],
  ['no client_id', { ...clientCredentials, client_id: '' }, 400, 'invalid_request', 900144],
  ['no client_secret', { ...clientCredentials, client_secret: '' }, 400, 'invalid_request', 7000216],
  ['a delegated scope', { ...clientCredentials, scope: 'User.Read' }, 400, 'invalid_scope', 1002012],
  ['another resource', { ...clientCredentials, scope: 'https://management.azure.com/.default' }, 400, 'invalid_resource', 500011]
]
for (const [name, fields, status, error, code] of refusals) {
  test(`the token endpoint refuses ${name} in Entra's shape`, async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form(fields) })
    assert.equal(res.statusCode, status)
    assert.equal(res.json().error, error)
    assert.deepEqual(res.json().error_codes, [code])
    assert.match(res.json().error_description, new RegExp(`^AADSTS${code}: `))
  })
}

const MEGABYTE = 'x'.repeat(1024 * 1024)
/** What a message quotes of a long input: its first 200 characters and an ellipsis, never more. */
function assertQuotedShort (description: string, input = 'x'): void {
  assert.ok(description.length < 1000, `${description.length} characters`)
  assert.ok(description.includes(`${input.repeat(200)}…`), description)
  assert.ok(!description.includes(input.repeat(201)), description)
}

const hugeInputs: Array<[string, Record<string, string>, string]> = [
  ['grant_type', { ...clientCredentials, grant_type: MEGABYTE }, 'unsupported_grant_type'],
  ['scope', { ...clientCredentials, scope: MEGABYTE }, 'invalid_scope'],
  ['resource', { ...clientCredentials, scope: `${MEGABYTE}/.default` }, 'invalid_resource']
]
for (const [name, fields, error] of hugeInputs) {
  test(`a 1 MB ${name} is quoted by its first 200 characters in the ${error} message, not echoed whole`, async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form(fields) })
    assert.deepEqual([res.statusCode, res.json().error], [400, error])
    assertQuotedShort(res.json().error_description)
  })
}

test('a long client_id is quoted by its first 200 characters when its secret is refused', async (t) => {
  const { app } = buildTestApp(t)
  const clientId = 'c'.repeat(250)
  assert.equal((await app.inject({ method: 'PUT', url: `/_mock/tenants/${TENANT}/token-clients/${clientId}`, payload: { roles: [], secret: 's3cret' } })).statusCode, 200)
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form({ ...clientCredentials, client_id: clientId, client_secret: 'wrong' }) })
  assert.deepEqual([res.statusCode, res.json().error], [401, 'invalid_client'])
  assertQuotedShort(res.json().error_description, 'c')
})

test('AUTH_MODE=signed: the issuer\'s token is let in; its roles, lifetime and signature are checked', async (t) => {
  const { app } = buildTestApp(t, { authMode: 'signed' })
  const patch = (bearer: string) => app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...JSON_AUTH, authorization: `Bearer ${bearer}` }, payload: { sessionType: 'elevation' } })
  assert.equal((await patch(await token(app))).statusCode, 200)

  const opaque = await patch('opaque-token')
  assert.deepEqual([opaque.statusCode, opaque.json().error.message], [401, 'CompactToken parsing failed with error code: 80049217'])
  const foreignKey = await signingKey()
  const foreign = await patch(await appToken(foreignKey, { tenantId: TENANT, clientId: 'x', roles: DEFAULT_TOKEN_ROLES, nowSeconds: nowSeconds() }))
  assert.equal(foreign.statusCode, 401)
  assert.equal(foreign.json().error.code, 'InvalidAuthenticationToken')
  const expired = await patch(await appToken(SIGNING_KEY, { tenantId: TENANT, clientId: 'x', roles: DEFAULT_TOKEN_ROLES, nowSeconds: nowSeconds() - 7200 }))
  assert.deepEqual([expired.statusCode, expired.json().error.message], [401, 'Lifetime validation failed, the token is expired.'])
  const readOnly = await patch(await appToken(SIGNING_KEY, { tenantId: TENANT, clientId: 'x', roles: ['DeviceManagementConfiguration.Read.All'], nowSeconds: nowSeconds() }))
  assert.equal(readOnly.statusCode, 403)
})

test('AUTH_MODE=signed: a token signed by the issuer\'s key under another kid is refused as a bad signature, the record unchanged', async (t) => {
  const { app, store } = buildTestApp(t, { authMode: 'signed' })
  const stored = () => store.entitySet(ENTITY_SET).get(KNOWN_ID)
  const before = stored()
  const otherKid = { ...SIGNING_KEY, jwk: { ...SIGNING_KEY.jwk, kid: 'another-key' } }
  const bearer = await appToken(otherKid, { tenantId: TENANT, clientId: 'x', roles: DEFAULT_TOKEN_ROLES, nowSeconds: nowSeconds() })
  const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...JSON_AUTH, authorization: `Bearer ${bearer}` }, payload: { sessionType: 'elevation' } })
  assert.equal(res.statusCode, 401)
  assert.deepEqual([res.json().error.code, res.json().error.message], ['InvalidAuthenticationToken', MESSAGES.invalidSignature])
  assert.deepEqual(stored(), before)
})

test('AUTH_MODE=off lets a request without any token in', async (t) => {
  const { app } = buildTestApp(t, { authMode: 'off' })
  const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { 'content-type': 'application/json' }, payload: { sessionType: 'elevation' } })
  assert.equal(res.statusCode, 200)
})

test('instance discovery names this host as its own cloud, for MSAL without disableInstanceDiscovery', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ url: '/common/discovery/instance?api-version=1.1', headers: { host: 'localhost:4443' } })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), {
    tenant_discovery_endpoint: 'http://localhost:4443/common/v2.0/.well-known/openid-configuration',
    'api-version': '1.1',
    metadata: [{ preferred_network: 'localhost:4443', preferred_cache: 'localhost:4443', aliases: ['localhost:4443'] }]
  })
})

test('a malformed token request is refused in Entra\'s shape, not Fastify\'s', async (t) => {
  const { app } = buildTestApp(t)
  const wrongType = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': 'application/json' }, payload: { grant_type: 5 } })
  assert.deepEqual([wrongType.statusCode, wrongType.json().error, wrongType.json().error_codes], [400, 'invalid_request', [900144]])
  const badJson = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' })
  assert.deepEqual([badJson.statusCode, badJson.json().error], [400, 'invalid_request'])
  const text = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': 'text/plain' }, payload: 'grant_type=client_credentials' })
  assert.deepEqual([text.statusCode, text.json().error, text.json().error_codes], [400, 'invalid_request', [900144]])
})

test('Graph\'s own paths that look like issuer routes get Graph\'s routing answer, not Entra\'s or a key set', async (t) => {
  const { app } = buildTestApp(t)
  for (const [method, url, segment] of [
    ['GET', '/beta/discovery/v2.0/keys', 'discovery'],
    ['GET', '/v1.0/v2.0/.well-known/openid-configuration', 'v2.0'],
    ['GET', '/BETA/discovery/instance', 'discovery'],
    ['POST', '/beta/oauth2/v2.0/token', 'oauth2']
  ] as const) {
    const res = await app.inject({ method, url, headers: { authorization: 'Bearer x' } })
    assert.deepEqual([res.statusCode, res.json().error?.code, res.json().error?.message], [400, 'BadRequest', `Resource not found for the segment '${segment}'.`], url)
    assert.match(String(res.headers['request-id']), /^[0-9a-f-]{36}$/)
  }
})

/** An `Authorization: Basic` header as RFC 6749 §2.3.1 builds it: each credential form-urlencoded, then base64. */
const formEncoded = (text: string) => new URLSearchParams({ v: text }).toString().slice('v='.length)
const basic = (clientId: string, clientSecret: string) => ({ authorization: `Basic ${Buffer.from(`${formEncoded(clientId)}:${formEncoded(clientSecret)}`).toString('base64')}` })
const GRANT = { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' }

async function registerClient (app: App, clientId: string, secret: string): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: `/_mock/tenants/${TENANT}/token-clients/${encodeURIComponent(clientId)}`, payload: { roles: [], secret } })
  assert.equal(res.statusCode, 200, res.body)
}

test('client_secret_basic: a registered app authenticating by the Basic header alone gets its token, as the metadata advertises', async (t) => {
  const { app } = buildTestApp(t)
  const metadata = (await app.inject('/common/v2.0/.well-known/openid-configuration')).json()
  assert.ok(metadata.token_endpoint_auth_methods_supported.includes('client_secret_basic'))
  await registerClient(app, 'app1', 's3')
  for (const authorization of [basic('app1', 's3').authorization, `basic ${Buffer.from('app1:s3').toString('base64')}`]) {
    const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, authorization }, payload: form(GRANT) })
    assert.equal(res.statusCode, 200, res.body)
    const payload = decodeJwt(res.json().access_token)
    assert.deepEqual([payload['appid'], payload['roles']], ['app1', []])
  }
})

test('client_secret_basic: the credentials are form-urlencoded-decoded, so a secret with a colon, plus, percent or space still matches', async (t) => {
  const { app } = buildTestApp(t)
  const secret = 'a:b+c%d é~'
  await registerClient(app, 'app:1', secret)
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, ...basic('app:1', secret) }, payload: form(GRANT) })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(decodeJwt(res.json().access_token)['appid'], 'app:1')
  // Sent without the form encoding, the plus reads as a space: not the secret.
  const raw = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, authorization: `Basic ${Buffer.from('app%3A1:a:b+c%25d é~').toString('base64')}` }, payload: form(GRANT) })
  assert.deepEqual([raw.statusCode, raw.json().error], [401, 'invalid_client'])
})

test('client_secret_basic: a body client_id equal to the header\'s is accepted', async (t) => {
  const { app } = buildTestApp(t)
  await registerClient(app, 'app-1', 's3cret')
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, ...basic('app-1', 's3cret') }, payload: form({ ...GRANT, client_id: 'app-1' }) })
  assert.equal(res.statusCode, 200, res.body)
})

test('a wrong secret by the Basic header gets the answer of a wrong secret in the body, and a Basic challenge (RFC 6749 §5.2)', async (t) => {
  const { app } = buildTestApp(t)
  await registerClient(app, 'app-1', 's3cret')
  const headers = { ...FORM, 'client-request-id': 'corr-1' }
  const inBody = await app.inject({ method: 'POST', url: TOKEN_URL, headers, payload: form({ ...clientCredentials, client_secret: 'wrong' }) })
  const inHeader = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...headers, ...basic('app-1', 'wrong') }, payload: form(GRANT) })
  const answer = (res: typeof inBody) => {
    const { trace_id: traceId, timestamp, ...body } = res.json()
    return { status: res.statusCode, ...body, error_description: body.error_description.split('\r\n')[0] }
  }
  assert.equal(inHeader.statusCode, 401)
  assert.deepEqual(answer(inHeader), answer(inBody))
  assert.deepEqual(inHeader.json().error_codes, [7000215])
  assert.equal(inHeader.headers['www-authenticate'], 'Basic')
  assert.equal(inBody.headers['www-authenticate'], undefined)
})

const CODELESS_DESCRIPTION = /^The .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: .*\r\nTimestamp: /s

// [what the request does, its headers, its form]
const twoAuthentications: Array<[string, Record<string, string>, Record<string, string>, string]> = [
  ['sends the secret in the header and the body', basic('app-1', 's3cret'), clientCredentials, "The client authenticated both by an 'Authorization: Basic' header and by 'client_secret' in the request body."],
  ['sends another secret in the body', basic('app-1', 's3cret'), { ...GRANT, client_secret: 'other' }, "The client authenticated both by an 'Authorization: Basic' header and by 'client_secret' in the request body."],
  ['names another client in the body', basic('app-1', 's3cret'), { ...GRANT, client_id: 'app-2' }, "The request body's client_id 'app-2' differs from the client 'app-1' of the 'Authorization: Basic' header."]
]
for (const [what, headers, fields, message] of twoAuthentications) {
  test(`a token request that ${what} uses two client authentications: invalid_request (RFC 6749 §2.3), no AADSTS code claimed`, async (t) => {
    const { app } = buildTestApp(t)
    await registerClient(app, 'app-1', 's3cret')
    const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, ...headers }, payload: form(fields) })
    assert.equal(res.statusCode, 400)
    const body = res.json()
    assert.deepEqual([body.error, body.error_codes, body.error_uri, body.access_token], ['invalid_request', [], 'https://login.microsoftonline.com/error', undefined])
    assert.ok(body.error_description.startsWith(message), body.error_description)
    assert.match(body.error_description, CODELESS_DESCRIPTION)
    assert.equal(res.headers['www-authenticate'], undefined)
  })
}

const b64 = (bytes: string | Buffer) => Buffer.from(bytes).toString('base64')
// [what the header holds, its value]
const malformedBasic: Array<[string, string]> = [
  ['no credentials', 'Basic'],
  ['spaces only after the scheme', 'Basic   '],
  ['characters outside base64', 'Basic !!!!'],
  ['base64 with a character inside it that Buffer would skip', `Basic ${b64('app-1:s3cret').slice(0, 4)}*${b64('app-1:s3cret').slice(4)}`],
  ['base64 without its padding', `Basic ${b64('app-1:s').replace(/=+$/, '')}`],
  ['no colon', `Basic ${b64('app-1')}`],
  ['an empty client id', `Basic ${b64(':s3cret')}`],
  ['bytes that are not UTF-8', `Basic ${b64(Buffer.from([0x61, 0x3a, 0xff, 0xfe]))}`],
  ['a broken percent-encoding', `Basic ${b64('app%zz:s3cret')}`]
]
for (const [what, authorization] of malformedBasic) {
  test(`a Basic header holding ${what} is refused as invalid_client with a Basic challenge, and no token`, async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, authorization }, payload: form(GRANT) })
    assert.equal(res.statusCode, 401)
    assert.equal(res.headers['www-authenticate'], 'Basic')
    const body = res.json()
    assert.deepEqual([body.error, body.error_codes, body.access_token], ['invalid_client', [], undefined])
    assert.ok(body.error_description.startsWith("The 'Authorization: Basic' header must hold the base64 of client_id:client_secret, each form-urlencoded first (RFC 6749 section 2.3.1).\r\n"), body.error_description)
  })
}

test('an Authorization header of another scheme authenticates no client: the body\'s credentials are used', async (t) => {
  const { app } = buildTestApp(t)
  const withBody = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, authorization: 'Bearer x' }, payload: form(clientCredentials) })
  assert.equal(withBody.statusCode, 200, withBody.body)
  const without = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, authorization: 'Bearer x' }, payload: form(GRANT) })
  assert.deepEqual([without.statusCode, without.json().error_codes], [400, [900144]])
})

test('a JSON body is not read, as Entra reads forms alone: a complete client-credentials request in JSON gets AADSTS900144 for grant_type', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': 'application/json' }, payload: clientCredentials })
  assert.equal(res.statusCode, 400)
  assert.deepEqual([res.json().error, res.json().error_codes, res.json().access_token], ['invalid_request', [900144], undefined])
  assert.match(res.json().error_description, /^AADSTS900144: The request body must contain the following parameter: 'grant_type'\.\r\n/)
})

test('a token request without a body names its first missing parameter; one naming a parameter twice is refused, not answered for either', async (t) => {
  const { app } = buildTestApp(t)
  const empty = await app.inject({ method: 'POST', url: TOKEN_URL })
  assert.deepEqual([empty.statusCode, empty.json().error_codes], [400, [900144]])
  assert.match(empty.json().error_description, /parameter: 'grant_type'\./)
  const twice = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: `${form(clientCredentials)}&client_id=app-2` })
  assert.deepEqual([twice.statusCode, twice.json().error, twice.json().error_codes], [400, 'invalid_request', [9000411]])
  assert.match(twice.json().error_description, /The parameter 'client_id' is duplicated\./)
})

// Not a speed target: a guard against the server stalling, with 20 times the time one pass takes on a slow host.
test('a form of 200,000 names within the body limit is read in one pass: a name repeated at its end is found, and the server does not stall', { timeout: 20_000 }, async (t) => {
  const { app } = buildTestApp(t)
  // Looking every name up again among the others took 37 s for this form and held every request meanwhile.
  const many = Array.from({ length: 200_000 }, (_, index) => `p${index}=1`).join('&')
  const late = await app.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: `${many}&p7=2` })
  assert.deepEqual([late.statusCode, late.json().error_codes], [400, [9000411]])
  assert.match(late.json().error_description, /The parameter 'p7' is duplicated\./)
})

test('the authorization endpoint refuses a query parameter sent twice as Entra does, AADSTS9000411, not as a type error', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ url: `/${TENANT}/oauth2/v2.0/authorize?client_id=a&client_id=b&response_type=code&redirect_uri=http://localhost/cb&scope=openid` })
  assert.deepEqual([res.statusCode, res.json().error, res.json().error_codes], [400, 'invalid_request', [9000411]])
  assert.match(res.json().error_description, /The parameter 'client_id' is duplicated\./)
})

test('the issuer\'s other paths answer in Entra\'s shape: a GET of a POST-only endpoint, and the endpoints it does not serve', async (t) => {
  const { app } = buildTestApp(t)
  for (const endpoint of ['token', 'devicecode']) {
    const res = await app.inject(`/${TENANT}/oauth2/v2.0/${endpoint}`)
    assert.deepEqual([res.statusCode, res.json().error_codes], [400, [900561]])
    assert.match(res.json().error_description, /^AADSTS900561: The endpoint only accepts POST, OPTIONS requests\. Received a GET request\./)
  }
  for (const path of ['/oauth2/token', '/oauth2/v2.0/logout']) {
    const res = await app.inject({ method: 'POST', url: `/${TENANT}${path}` })
    assert.deepEqual([res.statusCode, res.json().error, res.json().error_codes], [404, 'invalid_request', []])
    assert.match(res.json().error_description, new RegExp(`graph-mock does not serve /${TENANT}${path.replaceAll('.', '\\.')}\\.`))
  }
})

test('an oauth2 path without a tenant is refused as Entra reads it, naming oauth2 its tenant; a metadata path without one stays Graph\'s', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'POST', url: '/oauth2/v2.0/token', headers: FORM, payload: form(clientCredentials) })
  assert.deepEqual([res.statusCode, res.json().error, res.json().error_codes], [400, 'invalid_request', [900023]])
  assert.ok(res.json().error_description.startsWith(`AADSTS900023: Specified tenant identifier 'oauth2' ${NOT_A_TENANT_NAME}`), res.json().error_description)
  const graph = await app.inject({ url: '/v2.0/.well-known/openid-configuration' })
  assert.deepEqual([graph.statusCode, graph.json().error.message], [404, 'Invalid version: v2.0'])
  // No route took either, so both are journaled, as every such request is.
  const { entries } = (await app.inject('/_mock/requests')).json<{ entries: Array<{ method: string, path: string, status: number }> }>()
  assert.deepEqual(entries.map(({ method, path, status }) => `${method} ${path} ${status}`), ['POST /oauth2/v2.0/token 400', 'GET /v2.0/.well-known/openid-configuration 404'])
})

test('an authority left without a tenant is refused so when a proxy sends it in absolute form too', async (t) => {
  const { port } = await buildListeningApp(t)
  const body = form(clientCredentials)
  const answer = parseRawAnswer<{ error: string, error_codes: number[] }>(await rawExchange(port, `POST http://127.0.0.1:${port}//oauth2/v2.0/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`))
  assert.deepEqual([answer.status, answer.body.error, answer.body.error_codes], [400, 'invalid_request', [900023]])
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { bearerToken } from '../../src/graph/auth.js'
import { WWW_AUTHENTICATE } from '../../src/graph/errors.js'
import { PERSONAL_ACCOUNT_TENANT } from '../../src/graph/token-claims.js'
import { appClaims, nowSeconds, unsignedJwt } from '../helper.js'
import { WIDGETS, WIDGET_ID, WIDGET_WRITE, buildConventionApp, widgetUrl } from '../test-resource.js'

const READ_WRITE = WIDGET_WRITE
const READ_ONLY = ['Widgets.Read.All']
/** Claims of a valid app-only token that may write widgets; override any of them. */
const claimsOf = (overrides: Record<string, unknown> = {}) => appClaims({ roles: [READ_WRITE[0]], ...overrides })

async function patchWith (t: Parameters<typeof buildConventionApp>[0], authorization: string | undefined) {
  const { app, store } = buildConventionApp(t)
  const res = await app.inject({
    method: 'PATCH',
    url: widgetUrl(WIDGET_ID),
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    payload: { name: 'changed' }
  })
  return { res, stored: store.entitySet(WIDGETS).get(WIDGET_ID) }
}

describe('bearerToken', () => {
  // The token of RFC 6750's `Bearer` scheme, any case, after one or more spaces, up to the end:
  // the one regular expression it was once read with, kept here as the model.
  const model = (authorization: string) => /^bearer +(\S.*)$/i.exec(authorization.trim())?.[1]
  // What an HTTP header value can hold (Node refuses CR, LF and NUL in one): any case of the scheme, tabs, form feeds, bytes above 0x7f.
  const space = fc.constantFrom(' ', '\t', '\v', '\f', '\xa0')
  const scheme = fc.constantFrom('', 'basic', 'bearer', 'Bearer', 'BEARER', 'bEaReR')
  const character = fc.integer({ min: 1, max: 0xff }).filter((code) => code !== 0x0a && code !== 0x0d).map((code) => String.fromCharCode(code))
  const headerValue = fc.tuple(fc.string({ unit: space, maxLength: 3 }), scheme, fc.string({ unit: space, maxLength: 3 }), fc.string({ unit: character, maxLength: 40 }))
    .map((parts) => parts.join(''))

  test('reads what the scheme\'s regular expression reads, from any header value', () => {
    fc.assert(fc.property(headerValue, (value) => bearerToken(value) === model(value)), { numRuns: 2000 })
  })

  test('examples', () => {
    assert.equal(bearerToken('  Bearer  a b  '), 'a b')
    assert.equal(bearerToken('bearer\tabc'), undefined)
    assert.equal(bearerToken('Bearer \tabc'), undefined)
    assert.equal(bearerToken('Bearerabc'), undefined)
    assert.equal(bearerToken(undefined), undefined)
  })
})

describe('the Authorization header', () => {
  const refused: Array<[string, string | undefined]> = [
    ['missing', undefined],
    ['empty', ''],
    ['Bearer with no token', 'Bearer'],
    ['Bearer and spaces', 'Bearer    '],
    ['Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['token without scheme', 'eyJhbGciOi']
  ]
  for (const [name, authorization] of refused) {
    test(`${name}: 401 InvalidAuthenticationToken "Access token is empty." with Graph's challenge`, async (t) => {
      const { res, stored } = await patchWith(t, authorization)
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().error.code, 'InvalidAuthenticationToken')
      assert.equal(res.json().error.message, 'Access token is empty.')
      assert.equal(res.headers['www-authenticate'], WWW_AUTHENTICATE)
      assert.equal(stored?.name, 'one')
    })
  }

  for (const authorization of ['Bearer opaque', 'bearer opaque', 'BEARER  a.b', 'Bearer not-a-jwt.at.all', 'Bearer aB3-._~+/==']) {
    test(`an opaque token is accepted: ${authorization}`, async (t) => {
      const { res, stored } = await patchWith(t, authorization)
      assert.equal(res.statusCode, 200)
      assert.equal(stored?.name, 'changed')
    })
  }

  // What two auth providers of one SDK send: read as one opaque token, the JWT's claims (its tenant, its expiry) went unread.
  const jwt = unsignedJwt(claimsOf({ exp: nowSeconds() - 3600 }))
  for (const authorization of [`Bearer ${jwt}, Bearer ${jwt}`, 'Bearer a, Bearer a', 'Bearer two words', 'Bearer a=b']) {
    test(`a header that holds no one token is Graph's 401, in claims mode too: ${authorization.slice(0, 40)}`, async (t) => {
      const { res, stored } = await patchWith(t, authorization)
      assert.deepEqual([res.statusCode, res.json().error.code, res.json().error.message], [401, 'InvalidAuthenticationToken', 'CompactToken parsing failed with error code: 80049217'])
      assert.equal(stored?.name, 'one')
    })
  }
})

describe('a JWT has its claims checked, not its signature', () => {
  const cases: Array<{ name: string, claims: Record<string, unknown>, status: number, code: string, message?: RegExp }> = [
    { name: 'valid app-only token with a ReadWrite role', claims: claimsOf(), status: 200, code: '' },
    { name: 'the other ReadWrite role', claims: claimsOf({ roles: ['Widgets.Manage.All'] }), status: 200, code: '' },
    { name: 'valid delegated token with a ReadWrite scope', claims: claimsOf({ roles: undefined, idtyp: 'user', scp: 'User.Read Widgets.Manage.All' }), status: 200, code: '' },
    { name: 'audience with trailing slash', claims: claimsOf({ aud: 'https://graph.microsoft.com/' }), status: 200, code: '' },
    { name: 'audience as Graph\'s app id', claims: claimsOf({ aud: '00000003-0000-0000-c000-000000000000' }), status: 200, code: '' },
    { name: 'expired within the clock skew', claims: claimsOf({ exp: nowSeconds() - 60 }), status: 200, code: '' },
    { name: 'expired', claims: claimsOf({ exp: nowSeconds() - 3600 }), status: 401, code: 'InvalidAuthenticationToken', message: /^Lifetime validation failed, the token is expired\.$/ },
    { name: 'not yet valid', claims: claimsOf({ nbf: nowSeconds() + 3600 }), status: 401, code: 'InvalidAuthenticationToken', message: /not yet valid/ },
    { name: 'no exp claim', claims: claimsOf({ exp: undefined }), status: 401, code: 'InvalidAuthenticationToken', message: /^Lifetime validation failed/ },
    { name: 'wrong audience', claims: claimsOf({ aud: 'https://graph.windows.net' }), status: 401, code: 'InvalidAuthenticationToken', message: /^Access token validation failure\. Invalid audience\.$/ },
    { name: 'no audience', claims: claimsOf({ aud: undefined }), status: 401, code: 'InvalidAuthenticationToken', message: /Invalid audience/ },
    { name: 'app-only token without roles', claims: claimsOf({ roles: undefined }), status: 403, code: 'Forbidden', message: /Application must have one of the following scopes: Widgets\.ReadWrite\.All, Widgets\.Manage\.All - Operation ID/ },
    { name: 'app-only token with a read role only, on a write', claims: claimsOf({ roles: READ_ONLY }), status: 403, code: 'Forbidden' },
    { name: 'delegated token with unrelated scopes', claims: claimsOf({ roles: undefined, scp: 'User.Read Mail.Read' }), status: 403, code: 'Forbidden' },
    { name: 'delegated scope given as a role is not enough', claims: claimsOf({ roles: READ_WRITE, scp: 'User.Read' }), status: 403, code: 'Forbidden' },
    { name: 'personal Microsoft account', claims: claimsOf({ tid: PERSONAL_ACCOUNT_TENANT }), status: 403, code: 'Forbidden', message: /Personal Microsoft accounts are not supported/ },
    { name: 'claims of the wrong type', claims: claimsOf({ exp: 'tomorrow' }), status: 401, code: 'InvalidAuthenticationToken', message: /^CompactToken parsing failed/ }
  ]
  for (const { name, claims, status, code, message } of cases) {
    test(name, async (t) => {
      const { res, stored } = await patchWith(t, `Bearer ${unsignedJwt(claims)}`)
      assert.equal(res.statusCode, status, res.body)
      if (status === 200) {
        assert.equal(stored?.name, 'changed')
        return
      }
      assert.equal(res.json().error.code, code)
      if (message !== undefined) assert.match(res.json().error.message, message)
      if (status === 401) assert.equal(res.headers['www-authenticate'], WWW_AUTHENTICATE)
      assert.equal(stored?.name, 'one')
    })
  }

  test('a JWT whose payload is not JSON is 401 CompactToken parsing failed', async (t) => {
    const header = Buffer.from('{"alg":"RS256"}').toString('base64url')
    const { res } = await patchWith(t, `Bearer ${header}.bm90IGpzb24.sig`)
    assert.equal(res.statusCode, 401)
    assert.match(res.json().error.message, /^CompactToken parsing failed with error code: 80049217$/)
  })

  test('reads accept a read permission; writes do not', async (t) => {
    const { app } = buildConventionApp(t)
    const authorization = `Bearer ${unsignedJwt(claimsOf({ roles: READ_ONLY }))}`
    assert.equal((await app.inject({ url: widgetUrl(WIDGET_ID), headers: { authorization } })).statusCode, 200)
    assert.equal((await app.inject({ url: `/beta/${WIDGETS}`, headers: { authorization } })).statusCode, 200)
    for (const method of ['POST', 'DELETE'] as const) {
      const url = method === 'POST' ? `/beta/${WIDGETS}` : widgetUrl(WIDGET_ID)
      const res = await app.inject({ method, url, headers: { authorization, 'content-type': 'application/json' }, payload: method === 'POST' ? '{}' : undefined })
      assert.equal(res.statusCode, 403, method)
    }
  })

  test('Intune\'s 403 names the request as its Activity ID', async (t) => {
    const { res } = await patchWith(t, `Bearer ${unsignedJwt(claimsOf({ roles: [] }))}`)
    const inner = JSON.parse(res.json().error.message)
    assert.match(inner.Message, new RegExp(`Activity ID: ${String(res.headers['request-id'])} - Url: ${widgetUrl(WIDGET_ID)}$`))
  })
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { WWW_AUTHENTICATE } from '../../src/graph/errors.js'
import { PERSONAL_ACCOUNT_TENANT } from '../../src/graph/token-claims.js'
import { ENTITY_SET, KNOWN_ID, appClaims, buildTestApp, itemUrl, nowSeconds, unsignedJwt } from '../helper.js'

const READ_WRITE = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All']
const READ_ONLY = ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementConfiguration.Read.All']

async function patchWith (t: Parameters<typeof buildTestApp>[0], authorization: string | undefined) {
  const { app, store } = buildTestApp(t)
  const res = await app.inject({
    method: 'PATCH',
    url: itemUrl(KNOWN_ID),
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    payload: { sessionKey: 'changed' }
  })
  return { res, stored: store.entitySet<{ sessionKey: string }>(ENTITY_SET).get(KNOWN_ID) }
}

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
      assert.equal(stored?.sessionKey, 'key-1')
    })
  }

  for (const authorization of ['Bearer opaque', 'bearer opaque', 'BEARER  a.b', 'Bearer not-a-jwt.at.all']) {
    test(`an opaque token is accepted: ${authorization}`, async (t) => {
      const { res, stored } = await patchWith(t, authorization)
      assert.equal(res.statusCode, 200)
      assert.equal(stored?.sessionKey, 'changed')
    })
  }
})

describe('a JWT has its claims checked, not its signature', () => {
  const cases: Array<{ name: string, claims: Record<string, unknown>, status: number, code: string, message?: RegExp }> = [
    { name: 'valid app-only token with a ReadWrite role', claims: appClaims(), status: 200, code: '' },
    { name: 'the other ReadWrite role', claims: appClaims({ roles: ['DeviceManagementConfiguration.ReadWrite.All'] }), status: 200, code: '' },
    { name: 'valid delegated token with a ReadWrite scope', claims: appClaims({ roles: undefined, idtyp: 'user', scp: 'User.Read DeviceManagementConfiguration.ReadWrite.All' }), status: 200, code: '' },
    { name: 'audience with trailing slash', claims: appClaims({ aud: 'https://graph.microsoft.com/' }), status: 200, code: '' },
    { name: 'audience as Graph\'s app id', claims: appClaims({ aud: '00000003-0000-0000-c000-000000000000' }), status: 200, code: '' },
    { name: 'expired within the clock skew', claims: appClaims({ exp: nowSeconds() - 60 }), status: 200, code: '' },
    { name: 'expired', claims: appClaims({ exp: nowSeconds() - 3600 }), status: 401, code: 'InvalidAuthenticationToken', message: /^Lifetime validation failed, the token is expired\.$/ },
    { name: 'not yet valid', claims: appClaims({ nbf: nowSeconds() + 3600 }), status: 401, code: 'InvalidAuthenticationToken', message: /not yet valid/ },
    { name: 'no exp claim', claims: appClaims({ exp: undefined }), status: 401, code: 'InvalidAuthenticationToken', message: /^Lifetime validation failed/ },
    { name: 'wrong audience', claims: appClaims({ aud: 'https://graph.windows.net' }), status: 401, code: 'InvalidAuthenticationToken', message: /^Access token validation failure\. Invalid audience\.$/ },
    { name: 'no audience', claims: appClaims({ aud: undefined }), status: 401, code: 'InvalidAuthenticationToken', message: /Invalid audience/ },
    { name: 'app-only token without roles', claims: appClaims({ roles: undefined }), status: 403, code: 'Forbidden', message: /Application must have one of the following scopes: DeviceManagementServiceConfig\.ReadWrite\.All, DeviceManagementConfiguration\.ReadWrite\.All/ },
    { name: 'app-only token with a read role only, on a write', claims: appClaims({ roles: READ_ONLY }), status: 403, code: 'Forbidden' },
    { name: 'delegated token with unrelated scopes', claims: appClaims({ roles: undefined, scp: 'User.Read Mail.Read' }), status: 403, code: 'Forbidden' },
    { name: 'delegated scope given as a role is not enough', claims: appClaims({ roles: READ_WRITE, scp: 'User.Read' }), status: 403, code: 'Forbidden' },
    { name: 'personal Microsoft account', claims: appClaims({ tid: PERSONAL_ACCOUNT_TENANT }), status: 403, code: 'Forbidden', message: /Personal Microsoft accounts are not supported/ },
    { name: 'claims of the wrong type', claims: appClaims({ exp: 'tomorrow' }), status: 401, code: 'InvalidAuthenticationToken', message: /^CompactToken parsing failed/ }
  ]
  for (const { name, claims, status, code, message } of cases) {
    test(name, async (t) => {
      const { res, stored } = await patchWith(t, `Bearer ${unsignedJwt(claims)}`)
      assert.equal(res.statusCode, status, res.body)
      if (status === 200) {
        assert.equal(stored?.sessionKey, 'changed')
        return
      }
      assert.equal(res.json().error.code, code)
      if (message !== undefined) assert.match(res.json().error.message, message)
      if (status === 401) assert.equal(res.headers['www-authenticate'], WWW_AUTHENTICATE)
      assert.equal(stored?.sessionKey, 'key-1')
    })
  }

  test('a JWT whose payload is not JSON is 401 CompactToken parsing failed', async (t) => {
    const header = Buffer.from('{"alg":"RS256"}').toString('base64url')
    const { res } = await patchWith(t, `Bearer ${header}.bm90IGpzb24.sig`)
    assert.equal(res.statusCode, 401)
    assert.match(res.json().error.message, /^CompactToken parsing failed with error code: 80049217$/)
  })

  test('reads accept the Read.All permissions; writes do not', async (t) => {
    const { app } = buildTestApp(t)
    for (const permission of READ_ONLY) {
      const authorization = `Bearer ${unsignedJwt(appClaims({ roles: [permission] }))}`
      assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: { authorization } })).statusCode, 200)
      assert.equal((await app.inject({ url: `/beta/${ENTITY_SET}`, headers: { authorization } })).statusCode, 200)
      for (const method of ['POST', 'DELETE'] as const) {
        const url = method === 'POST' ? `/beta/${ENTITY_SET}` : itemUrl(KNOWN_ID)
        const res = await app.inject({ method, url, headers: { authorization, 'content-type': 'application/json' }, payload: method === 'POST' ? '{}' : undefined })
        assert.equal(res.statusCode, 403, `${method} with ${permission}`)
      }
    }
  })

  test('Intune\'s 403 names the request as its Activity ID', async (t) => {
    const { res } = await patchWith(t, `Bearer ${unsignedJwt(appClaims({ roles: [] }))}`)
    const inner = JSON.parse(res.json().error.message)
    assert.match(inner.Message, new RegExp(`Activity ID: ${String(res.headers['request-id'])} - Url: /beta/${ENTITY_SET}/${KNOWN_ID}$`))
  })
})

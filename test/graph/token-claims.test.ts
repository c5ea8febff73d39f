import assert from 'node:assert/strict'
import { test } from 'node:test'
import { KEPT_CLAIMS, KEPT_TOKEN_CHARS, decodeClaims } from '../../src/graph/token-claims.js'
import { appClaims, nowSeconds, unsignedJwt } from '../helper.js'
import { WIDGET_ID, WIDGET_WRITE, buildConventionApp, widgetUrl } from '../test-resource.js'

test('a token is decoded once and its claims shared, frozen, by every request bearing it', () => {
  const token = unsignedJwt(appClaims({ aud: ['https://graph.microsoft.com'], sub: 'shared', xms_extra: { nested: ['x'] } }))
  const claims = decodeClaims(token)
  assert.equal(decodeClaims(token), claims)
  assert.ok(Object.isFrozen(claims))
  assert.ok(Object.isFrozen(claims?.roles))
  assert.ok(Object.isFrozen(claims?.aud))
  // Claims graph-mock does not read are frozen too: every request bearing the token shares them.
  const extra = (claims as Record<string, unknown> | undefined)?.['xms_extra'] as { nested: string[] }
  assert.ok(Object.isFrozen(extra) && Object.isFrozen(extra.nested))
})

test(`a token longer than ${KEPT_TOKEN_CHARS} characters, longer than any Entra issues, is decoded each time and not kept`, () => {
  const token = unsignedJwt(appClaims({ padding: 'x'.repeat(KEPT_TOKEN_CHARS) }))
  const claims = decodeClaims(token)
  assert.notEqual(decodeClaims(token), claims)
  assert.deepEqual(decodeClaims(token), claims)
})

test(`past ${KEPT_CLAIMS} other tokens, the oldest is decoded again, to the same claims`, () => {
  const first = unsignedJwt(appClaims({ sub: 'first' }))
  const claims = decodeClaims(first)
  for (let index = 0; index < KEPT_CLAIMS; index++) decodeClaims(unsignedJwt(appClaims({ sub: `other-${index}` })))
  const again = decodeClaims(first)
  assert.notEqual(again, claims)
  assert.deepEqual(again, claims)
})

test('a token accepted before still expires: its kept claims are checked against the clock on every request', async (t) => {
  const { app } = buildConventionApp(t)
  const authorization = `Bearer ${unsignedJwt(appClaims({ roles: [WIDGET_WRITE[0]], exp: nowSeconds() + 600 }))}`
  const patch = async () => await app.inject({ method: 'PATCH', url: widgetUrl(WIDGET_ID), headers: { authorization }, payload: { name: 'changed' } })
  assert.equal((await patch()).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 3600 } })).statusCode, 200)
  const refused = await patch()
  assert.equal(refused.statusCode, 401)
  assert.match(refused.json().error.message, /the token is expired/)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH, buildTestApp } from '../helper.js'
import { WIDGET_ID, buildConventionApp, widgetUrl } from '../test-resource.js'

const ORIGIN = { origin: 'http://localhost:5173' }

test('an answer to a browser\'s request lets its origin read it, Graph\'s ids included; one without Origin carries no CORS header', async (t) => {
  const { app } = buildConventionApp(t)
  const res = await app.inject({ url: widgetUrl(WIDGET_ID), headers: { ...AUTH, ...ORIGIN } })
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['access-control-allow-origin'], ORIGIN.origin)
  assert.equal(res.headers.vary, 'Origin')
  assert.ok(String(res.headers['access-control-expose-headers']).split(', ').includes('request-id'))
  // Errors too: a browser app reads Graph's error body and request-id.
  const refused = await app.inject({ url: widgetUrl(WIDGET_ID), headers: ORIGIN })
  assert.deepEqual([refused.statusCode, refused.headers['access-control-allow-origin']], [401, ORIGIN.origin])
  const plain = await app.inject({ url: widgetUrl(WIDGET_ID), headers: AUTH })
  assert.equal(plain.headers['access-control-allow-origin'], undefined)
})

test('a preflight is answered without a token, naming the methods and the headers asked for; another OPTIONS gets Graph\'s routing answer', async (t) => {
  const { app } = buildConventionApp(t)
  const preflight = await app.inject({ method: 'OPTIONS', url: widgetUrl(WIDGET_ID), headers: { ...ORIGIN, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, client-request-id' } })
  assert.equal(preflight.statusCode, 204)
  assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN.origin)
  assert.ok(String(preflight.headers['access-control-allow-methods']).split(', ').includes('PATCH'))
  assert.equal(preflight.headers['access-control-allow-headers'], 'authorization, content-type, client-request-id')
  const options = await app.inject({ method: 'OPTIONS', url: widgetUrl(WIDGET_ID), headers: AUTH })
  assert.equal(options.statusCode, 405)
  assert.match(String(options.headers.allow), /GET/)
})

test('the token issuer lets a single-page app\'s origin read its answers, and answers its preflight', async (t) => {
  const { app } = buildTestApp(t)
  const url = '/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token'
  const token = await app.inject({ method: 'POST', url, headers: { ...ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=spa&client_secret=s&scope=https://graph.microsoft.com/.default' })
  assert.deepEqual([token.statusCode, token.headers['access-control-allow-origin']], [200, ORIGIN.origin])
  const preflight = await app.inject({ method: 'OPTIONS', url, headers: { ...ORIGIN, 'access-control-request-method': 'POST' } })
  assert.deepEqual([preflight.statusCode, preflight.headers['access-control-allow-origin']], [204, ORIGIN.origin])
})

test('an authority whose tenant was left empty answers its preflight and lets the origin read Entra\'s refusal', async (t) => {
  const { app } = buildTestApp(t)
  const url = '//oauth2/v2.0/token'
  const preflight = await app.inject({ method: 'OPTIONS', url, headers: { ...ORIGIN, 'access-control-request-method': 'POST' } })
  assert.deepEqual([preflight.statusCode, preflight.headers['access-control-allow-origin']], [204, ORIGIN.origin])
  const token = await app.inject({ method: 'POST', url, headers: { ...ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=spa&client_secret=s&scope=https://graph.microsoft.com/.default' })
  assert.deepEqual([token.statusCode, token.json<{ error_codes: number[] }>().error_codes, token.headers['access-control-allow-origin']], [400, [900023], ORIGIN.origin])
})

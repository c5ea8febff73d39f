import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AGS_DIAGNOSTIC, ODATA_JSON } from '../../src/graph/headers.js'
import { AUTH, GUID, JSON_AUTH, KNOWN_ID, buildListeningApp, itemUrl } from '../helper.js'
import { rawBytesExchange } from '../raw-socket.js'
import { WIDGET_ID, buildConventionApp, widgetUrl } from '../test-resource.js'

const COMMON = ['request-id', 'client-request-id', 'x-ms-ags-diagnostic', 'strict-transport-security', 'date']

test('a success carries Graph\'s headers and the OData content type', async (t) => {
  const { app } = buildConventionApp(t)
  const res = await app.inject({ url: widgetUrl(WIDGET_ID), headers: AUTH })
  assert.equal(res.statusCode, 200)
  for (const name of COMMON) assert.ok(res.headers[name], name)
  assert.match(String(res.headers['request-id']), GUID)
  assert.equal(res.headers['client-request-id'], res.headers['request-id'])
  assert.equal(res.headers['strict-transport-security'], 'max-age=31536000')
  assert.deepEqual(JSON.parse(String(res.headers['x-ms-ags-diagnostic'])), JSON.parse(AGS_DIAGNOSTIC))
  assert.equal(res.headers['content-type'], ODATA_JSON)
  assert.equal(res.headers['odata-version'], '4.0')
})

test('every response gets a fresh request-id', async (t) => {
  const { app } = buildConventionApp(t)
  const ids = new Set<string>()
  for (let i = 0; i < 5; i++) ids.add(String((await app.inject({ url: widgetUrl(WIDGET_ID), headers: AUTH })).headers['request-id']))
  assert.equal(ids.size, 5)
})

test('the caller\'s client-request-id is echoed in headers and in innerError', async (t) => {
  const { app } = buildConventionApp(t)
  const clientId = 'c0ffee00-0000-4000-8000-000000000001'
  const ok = await app.inject({ url: widgetUrl(WIDGET_ID), headers: { ...AUTH, 'client-request-id': clientId } })
  assert.equal(ok.headers['client-request-id'], clientId)
  const failed = await app.inject({ url: widgetUrl('missing'), headers: { ...AUTH, 'client-request-id': clientId } })
  assert.equal(failed.headers['client-request-id'], clientId)
  assert.equal(failed.json().error.innerError['client-request-id'], clientId)
  assert.equal(failed.json().error.innerError['request-id'], failed.headers['request-id'])
})

test('a client-request-id of non-ASCII bytes is echoed as the very bytes sent, and innerError spells it as UTF-8 text', async (t) => {
  const { port } = await buildListeningApp(t)
  const sent = Buffer.from('café-№1', 'utf8')
  const echoed = async (head: string, body = '') => {
    const request = Buffer.concat([Buffer.from(`${head}\r\nHost: x\r\nAuthorization: Bearer x\r\nclient-request-id: `), sent, Buffer.from(`\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)])
    const answer = await rawBytesExchange(port, request)
    const start = answer.indexOf('client-request-id: ') + 'client-request-id: '.length
    const headerBytes = answer.subarray(start, answer.indexOf('\r\n', start))
    const json = JSON.parse(answer.subarray(answer.indexOf('\r\n\r\n') + 4).toString('utf8')) as { error?: { innerError: Record<string, string> }, correlation_id?: string }
    return { headerBytes, innerError: json.error?.innerError, correlationId: json.correlation_id }
  }
  const success = await echoed(`GET ${itemUrl(KNOWN_ID)} HTTP/1.1`)
  assert.deepEqual(success.headerBytes, sent)
  const notFound = await echoed(`GET ${itemUrl('missing')} HTTP/1.1`)
  assert.deepEqual(notFound.headerBytes, sent)
  assert.equal(notFound.innerError?.['client-request-id'], 'café-№1')
  const control = await echoed('GET /_mock/health HTTP/1.1')
  assert.deepEqual(control.headerBytes, sent)
  // Refused by Node before Fastify: written on the raw ServerResponse.
  const refused = await echoed(`PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nExpect: x-frob`, '{}')
  assert.deepEqual(refused.headerBytes, sent)
  assert.equal(refused.innerError?.['client-request-id'], 'café-№1')
  // The issuer repeats it as Entra's correlation_id.
  const tokenRefused = await echoed('POST /common/oauth2/v2.0/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded', 'grant_type=password')
  assert.equal(tokenRefused.correlationId, 'café-№1')
})

test('errors from every stage carry the same headers and plain application/json', async (t) => {
  const { app } = buildConventionApp(t)
  const responses = [
    await app.inject({ url: widgetUrl(WIDGET_ID) }), // auth
    await app.inject({ method: 'PATCH', url: widgetUrl(WIDGET_ID), headers: JSON_AUTH, payload: '{' }), // body parser
    await app.inject({ method: 'PATCH', url: widgetUrl(WIDGET_ID), headers: JSON_AUTH, payload: '{"x":1}' }), // validation
    await app.inject({ url: widgetUrl('missing'), headers: AUTH }), // handler
    await app.inject({ url: '/beta/nothing', headers: AUTH }), // not found
    await app.inject({ url: `${widgetUrl('%E0%A4%A')}`, headers: AUTH }), // undecodable URL, before routing
    await app.inject({ url: widgetUrl('x'.repeat(300)), headers: AUTH }) // id longer than the router takes
  ]
  for (const res of responses) {
    assert.ok(res.statusCode >= 400, res.body)
    for (const name of COMMON) assert.ok(res.headers[name], `${name} on ${res.statusCode} ${res.body}`)
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.headers['odata-version'], undefined)
    assert.equal(res.json().error.innerError['request-id'], res.headers['request-id'])
  }
})

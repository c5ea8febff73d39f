import assert from 'node:assert/strict'
import { test } from 'node:test'
import SwaggerParser from '@apidevtools/swagger-parser'
import { AUTH, ENTITY_SET, INNER_ERROR_DATE, JSON_AUTH, KNOWN_ID, buildListeningApp, buildTestApp, itemUrl } from '../helper.js'

const ADMIN_TOKEN = 'admin-secret'

/** As much of an OpenAPI document as these tests read. */
interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, { security?: unknown }>>
}

const guarded = [
  { method: 'POST' as const, url: '/_mock/reset' },
  { method: 'GET' as const, url: `/_mock/store/${ENTITY_SET}` },
  { method: 'PUT' as const, url: `/_mock/store/${ENTITY_SET}/x`, payload: {} },
  { method: 'GET' as const, url: '/_mock/requests' },
  { method: 'DELETE' as const, url: '/_mock/requests' },
  { method: 'POST' as const, url: '/_mock/faults', payload: { status: 503 } },
  { method: 'GET' as const, url: '/_mock/faults' },
  { method: 'DELETE' as const, url: '/_mock/faults/1' },
  { method: 'GET' as const, url: '/_mock/openapi.json' },
  { method: 'GET' as const, url: '/_mock/unknown' }
]

test('with MOCK_ADMIN_TOKEN set, every control route but health needs it', async (t) => {
  const { app } = buildTestApp(t, { adminToken: ADMIN_TOKEN })
  for (const request of guarded) {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${ADMIN_TOKEN}`, AUTH.authorization]) {
      const res = await app.inject({ ...request, headers: authorization === undefined ? {} : { authorization } })
      assert.equal(res.statusCode, 401, `${request.method} ${request.url} with ${authorization}`)
      assert.equal(res.json().error.code, 'Unauthorized')
      assert.match(String(res.headers['www-authenticate']), /^Bearer /)
    }
    const allowed = await app.inject({ ...request, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    assert.notEqual(allowed.statusCode, 401, `${request.method} ${request.url}`)
  }
  assert.equal((await app.inject('/_mock/health')).statusCode, 200)
})

test('a refused control call changes nothing', async (t) => {
  const { app } = buildTestApp(t, { adminToken: ADMIN_TOKEN })
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503 } })
  assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })).statusCode, 200)
})

test('without MOCK_ADMIN_TOKEN the control API is open, and never needs a Graph token', async (t) => {
  const { app } = buildTestApp(t)
  assert.equal((await app.inject('/_mock/faults')).statusCode, 200)
})

test('an unknown control route is a 404 in the same envelope as every error', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ method: 'POST', url: '/_mock/health?x=1' })
  assert.equal(res.statusCode, 404)
  assert.equal(res.headers['content-type'], 'application/json')
  const { error } = res.json()
  assert.equal(error.code, 'ResourceNotFound')
  assert.equal(error.message, 'No control route POST /_mock/health. GET /_mock/openapi.json lists them all.')
  assert.match(error.innerError.date, INNER_ERROR_DATE)
})

test('malformed JSON to a control route is a 400, not a crash', async (t) => {
  const { app } = buildTestApp(t)
  for (const payload of ['{"status":', '', '[]', 'null']) {
    const res = await app.inject({ method: 'POST', url: '/_mock/faults', headers: { 'content-type': 'application/json' }, payload })
    assert.equal(res.statusCode, 400, payload)
    assert.equal(res.json().error.code, 'BadRequest')
  }
})

test('the OpenAPI document is valid OpenAPI 3.1 and describes every Graph and control route', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject('/_mock/openapi.json')
  assert.equal(res.statusCode, 200)
  const document = res.json() as OpenApiDocument
  // validate() dereferences in place, so it gets a copy of its own.
  await SwaggerParser.validate(res.json())
  assert.equal(document.openapi, '3.1.0')
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
  for (const expected of [
    `PATCH /beta/${ENTITY_SET}/{id}`, `GET /beta/${ENTITY_SET}`, `POST /beta/${ENTITY_SET}`, `DELETE /beta/${ENTITY_SET}/{id}`,
    'GET /_mock/health', 'POST /_mock/reset', 'GET /_mock/store/{entitySet}', 'PUT /_mock/store/{entitySet}',
    'GET /_mock/store/{entitySet}/{id}', 'PUT /_mock/store/{entitySet}/{id}', 'DELETE /_mock/store/{entitySet}/{id}',
    'GET /_mock/requests', 'DELETE /_mock/requests', 'POST /_mock/faults', 'GET /_mock/faults', 'DELETE /_mock/faults',
    'DELETE /_mock/faults/{ruleId}', 'GET /_mock/openapi.json', 'GET /_mock/ca.pem', 'PUT /_mock/token-clients/{clientId}',
    'GET /{tenant}/v2.0/.well-known/openid-configuration', 'GET /{tenant}/discovery/v2.0/keys', 'POST /{tenant}/oauth2/v2.0/token'
  ]) assert.ok(operations.includes(expected), `${expected} is missing from ${operations.join(', ')}`)
  const patch = document.paths[`/beta/${ENTITY_SET}/{id}`]?.['patch']
  assert.deepEqual(patch?.security, [{ graphToken: [] }])
  assert.deepEqual(document.paths['/_mock/health']?.['get']?.security, [])
  assert.deepEqual(document.paths['/_mock/reset']?.['post']?.security, [{ adminToken: [] }])
  assert.deepEqual(document.paths['/{tenant}/oauth2/v2.0/token']?.['post']?.security, [])
})

test('end to end, as a suite uses it: reset, a 429 then success, and the journal shows what the app sent', async (t) => {
  const { port } = await buildListeningApp(t)
  const base = `http://127.0.0.1:${port}`
  const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init)

  assert.equal((await call('/_mock/reset', { method: 'POST' })).status, 204)
  await call('/_mock/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'PATCH', status: 429, retryAfterSeconds: 1 }) })

  const patch = () => call(itemUrl(KNOWN_ID), { method: 'PATCH', headers: JSON_AUTH, body: JSON.stringify({ sessionType: 'elevation' }) })
  const throttled = await patch()
  assert.equal(throttled.status, 429)
  assert.equal(throttled.headers.get('retry-after'), '1')
  assert.equal((await throttled.json() as { error: { code: string } }).error.code, 'TooManyRequests')
  const retried = await patch()
  assert.equal(retried.status, 200)

  const { entries } = await (await call('/_mock/requests?method=PATCH')).json() as { entries: Array<{ status: number, body: { sessionType: string } }> }
  assert.deepEqual(entries.map((entry) => entry.status), [429, 200])
  assert.equal(entries[1]?.body.sessionType, 'elevation')
})

test('every control reply, success or error, carries Graph\'s headers, so it can be matched to its log line', async (t) => {
  const { app } = buildTestApp(t)
  for (const url of ['/_mock/health', '/_mock/requests', '/_mock/no-such-route']) {
    const res = await app.inject({ url, headers: { 'client-request-id': 'suite-1' } })
    assert.match(String(res.headers['request-id']), /^[0-9a-f-]{36}$/, url)
    assert.equal(res.headers['client-request-id'], 'suite-1', url)
    assert.ok(res.headers['x-ms-ags-diagnostic'], url)
  }
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH, ENTITY_SET, KNOWN_ID, buildTestApp, itemUrl } from '../helper.js'

test('version and entity-set segments match in any case; ids match exactly', async (t) => {
  const { app } = buildTestApp(t)
  for (const url of [`/BETA/${ENTITY_SET}/${KNOWN_ID}`, `/beta/${ENTITY_SET.toLowerCase()}/${KNOWN_ID}`, `/Beta/${ENTITY_SET.toUpperCase()}/${KNOWN_ID}`]) {
    const res = await app.inject({ url, headers: AUTH })
    assert.equal(res.statusCode, 200, url)
  }
  const wrongCaseId = await app.inject({ url: itemUrl(KNOWN_ID.toUpperCase()), headers: AUTH })
  assert.equal(wrongCaseId.statusCode, 404)
})

test('a trailing slash, duplicate slashes and a query string still route', async (t) => {
  const { app } = buildTestApp(t)
  for (const url of [`${itemUrl(KNOWN_ID)}/`, `/beta//${ENTITY_SET}/${KNOWN_ID}`, `${itemUrl(KNOWN_ID)}?$select=sessionKey`]) {
    const res = await app.inject({ url, headers: AUTH })
    assert.equal(res.statusCode, 200, url)
  }
})

test('an unknown version is 404 ResourceNotFound "Invalid version"', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ url: `/v2.0/${ENTITY_SET}`, headers: AUTH })
  assert.equal(res.statusCode, 404)
  assert.deepEqual([res.json().error.code, res.json().error.message], ['ResourceNotFound', 'Invalid version: v2.0'])
  const root = await app.inject({ url: '/', headers: AUTH })
  assert.equal(root.statusCode, 404)
  assert.equal(root.json().error.message, 'Invalid version: ')
})

test('an unknown segment is 400 BadRequest naming the segment as sent', async (t) => {
  const { app } = buildTestApp(t)
  const cases = [
    [`/beta/RequestRemoteHelpSessionAccessResponses/${KNOWN_ID}`, 'RequestRemoteHelpSessionAccessResponses'],
    [`/beta/${ENTITY_SET}/${KNOWN_ID}/extra`, 'extra'],
    ['/beta/deviceManagement/nothingHere', 'nothingHere'],
    ['/beta/nothingHere/managedDevices', 'nothingHere'],
    ['/beta', 'beta']
  ]
  for (const [url, segment] of cases) {
    const res = await app.inject({ url, headers: AUTH })
    assert.equal(res.statusCode, 400, url)
    assert.equal(res.json().error.code, 'BadRequest')
    assert.equal(res.json().error.message, `Resource not found for the segment '${segment}'.`)
  }
})

test('the resource exists in beta only: in v1.0 its segment is unknown, as in Graph', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject({ url: `/v1.0/${ENTITY_SET}/${KNOWN_ID}`, headers: AUTH })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.message, `Resource not found for the segment '${ENTITY_SET}'.`)
})

test('a known path with the wrong method is 405 with an Allow header', async (t) => {
  const { app, store } = buildTestApp(t)
  const before = store.entitySet(ENTITY_SET).list()
  const cases: Array<[string, string, string]> = [
    ['PUT', itemUrl(KNOWN_ID), 'DELETE, GET, PATCH'],
    ['POST', itemUrl(KNOWN_ID), 'DELETE, GET, PATCH'],
    ['HEAD', itemUrl(KNOWN_ID), 'DELETE, GET, PATCH'],
    ['PATCH', `/beta/${ENTITY_SET}`, 'GET, POST'],
    ['DELETE', `/BETA/${ENTITY_SET.toLowerCase()}`, 'GET, POST']
  ]
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method: method as 'PUT', url, headers: { ...AUTH, 'content-type': 'application/json' }, payload: method === 'HEAD' ? undefined : '{}' })
    assert.equal(res.statusCode, 405, `${method} ${url}`)
    assert.equal(res.headers.allow, allow)
    if (method !== 'HEAD') assert.equal(res.json().error.code, 'BadRequest')
  }
  assert.deepEqual(store.entitySet(ENTITY_SET).list(), before)
})

test('a URL that cannot be decoded is a Graph 400; an over-long id a Graph 404', async (t) => {
  const { app } = buildTestApp(t)
  const badUrl = await app.inject({ url: `/beta/${ENTITY_SET}/%E0%A4%A`, headers: AUTH })
  assert.equal(badUrl.statusCode, 400)
  assert.equal(badUrl.json().error.code, 'BadRequest')
  const longId = await app.inject({ url: itemUrl('x'.repeat(5000)), headers: AUTH })
  assert.equal(longId.statusCode, 404)
  assert.equal(longId.json().error.code, 'ResourceNotFound')
})

test('a request no route takes gets its routing answer whatever its body: not JSON, unreadable JSON, or none with a type', async (t) => {
  const { app } = buildTestApp(t)
  const cases: Array<[string, string, number, RegExp]> = [
    ['POST', '/v2/foo', 404, /^Invalid version: v2$/],
    ['POST', '/beta/foo', 400, /^Resource not found for the segment 'foo'\.$/],
    ['PUT', itemUrl(KNOWN_ID), 405, /^The HTTP method 'PUT' is not allowed/],
    ['POST', '/_mock/nope', 404, /^No control route POST \/_mock\/nope\./]
  ]
  for (const [method, url, status, message] of cases) {
    for (const [contentType, payload] of [['text/plain', 'x'], ['application/x-www-form-urlencoded', 'a=b'], ['application/json', '{"broken":']]) {
      const res = await app.inject({ method: method as 'POST' | 'PUT', url, headers: { ...AUTH, 'content-type': contentType ?? '' }, payload })
      assert.equal(res.statusCode, status, `${method} ${url} ${contentType}`)
      assert.match(res.json().error.message, message)
    }
  }
})

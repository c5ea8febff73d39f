import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH } from '../helper.js'
import { WIDGETS, WIDGET_ID, buildConventionApp, widgetUrl } from '../test-resource.js'

test('version and entity-set segments match in any case; ids match exactly', async (t) => {
  const { app } = buildConventionApp(t)
  for (const url of [`/BETA/${WIDGETS}/${WIDGET_ID}`, `/beta/${WIDGETS.toLowerCase()}/${WIDGET_ID}`, `/Beta/${WIDGETS.toUpperCase()}/${WIDGET_ID}`]) {
    const res = await app.inject({ url, headers: AUTH })
    assert.equal(res.statusCode, 200, url)
  }
  const wrongCaseId = await app.inject({ url: widgetUrl(WIDGET_ID.toUpperCase()), headers: AUTH })
  assert.equal(wrongCaseId.statusCode, 404)
})

test('a trailing slash, duplicate slashes and a query string still route', async (t) => {
  const { app } = buildConventionApp(t)
  for (const url of [`${widgetUrl(WIDGET_ID)}/`, `/beta//${WIDGETS}/${WIDGET_ID}`, `${widgetUrl(WIDGET_ID)}?$select=name`]) {
    const res = await app.inject({ url, headers: AUTH })
    assert.equal(res.statusCode, 200, url)
  }
})

test('an unknown version is 404 ResourceNotFound "Invalid version"', async (t) => {
  const { app } = buildConventionApp(t)
  const res = await app.inject({ url: `/v2.0/${WIDGETS}`, headers: AUTH })
  assert.equal(res.statusCode, 404)
  assert.deepEqual([res.json().error.code, res.json().error.message], ['ResourceNotFound', 'Invalid version: v2.0'])
  const root = await app.inject({ url: '/', headers: AUTH })
  assert.equal(root.statusCode, 404)
  assert.equal(root.json().error.message, 'Invalid version: ')
})

test('an unknown segment is 400 BadRequest naming the segment as sent', async (t) => {
  const { app } = buildConventionApp(t)
  const cases = [
    [`/beta/${WIDGETS}s/${WIDGET_ID}`, `${WIDGETS}s`],
    [`/beta/${WIDGETS}/${WIDGET_ID}/extra`, 'extra'],
    ['/beta/shelves/s-1/nothingHere', 'nothingHere'],
    ['/beta/nothingHere/widgets', 'nothingHere']
  ]
  for (const [url, segment] of cases) {
    const res = await app.inject({ url, headers: AUTH })
    assert.equal(res.statusCode, 400, url)
    assert.equal(res.json().error.code, 'BadRequest')
    assert.equal(res.json().error.message, `Resource not found for the segment '${segment}'.`)
  }
})

test('the resource exists in beta only: in v1.0 its segment is unknown, as in Graph', async (t) => {
  const { app } = buildConventionApp(t)
  const res = await app.inject({ url: `/v1.0/${WIDGETS}/${WIDGET_ID}`, headers: AUTH })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error.message, `Resource not found for the segment '${WIDGETS}'.`)
})

test('a known path with the wrong method is 405 with an Allow header', async (t) => {
  const { app, store } = buildConventionApp(t)
  const before = store.entitySet(WIDGETS).list()
  const cases: Array<[string, string, string]> = [
    ['PUT', widgetUrl(WIDGET_ID), 'DELETE, GET, PATCH'],
    ['POST', widgetUrl(WIDGET_ID), 'DELETE, GET, PATCH'],
    ['HEAD', widgetUrl(WIDGET_ID), 'DELETE, GET, PATCH'],
    ['PATCH', `/beta/${WIDGETS}`, 'GET, POST'],
    ['DELETE', `/BETA/${WIDGETS.toLowerCase()}`, 'GET, POST']
  ]
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method: method as 'PUT', url, headers: { ...AUTH, 'content-type': 'application/json' }, payload: method === 'HEAD' ? undefined : '{}' })
    assert.equal(res.statusCode, 405, `${method} ${url}`)
    assert.equal(res.headers.allow, allow)
    if (method !== 'HEAD') assert.equal(res.json().error.code, 'BadRequest')
  }
  assert.deepEqual(store.entitySet(WIDGETS).list(), before)
})

test('a URL that cannot be decoded is a Graph 400; an over-long id a Graph 404', async (t) => {
  const { app } = buildConventionApp(t)
  const badUrl = await app.inject({ url: `/beta/${WIDGETS}/%E0%A4%A`, headers: AUTH })
  assert.equal(badUrl.statusCode, 400)
  assert.equal(badUrl.json().error.code, 'BadRequest')
  const longId = await app.inject({ url: widgetUrl('x'.repeat(5000)), headers: AUTH })
  assert.equal(longId.statusCode, 404)
  assert.equal(longId.json().error.code, 'ResourceNotFound')
})

test('a request no route takes gets its routing answer whatever its body: not JSON, unreadable JSON, or none with a type', async (t) => {
  const { app } = buildConventionApp(t)
  const cases: Array<[string, string, number, RegExp]> = [
    ['POST', '/v2/foo', 404, /^Invalid version: v2$/],
    ['POST', '/beta/foo', 400, /^Resource not found for the segment 'foo'\.$/],
    ['PUT', widgetUrl(WIDGET_ID), 405, /^The HTTP method 'PUT' is not allowed/],
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

test('$metadata, which every @odata.context links to, answers that graph-mock does not serve it and where its routes are described, not that the segment does not exist', async (t) => {
  const { app } = buildConventionApp(t)
  for (const url of ['/beta/$metadata', '/v1.0/%24metadata']) {
    const res = await app.inject({ url, headers: AUTH })
    assert.deepEqual([res.statusCode, res.json().error.code], [501, 'NotImplemented'], url)
    assert.match(res.json().error.message, /GET \/_mock\/openapi\.json describes every route/)
  }
})

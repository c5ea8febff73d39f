import assert from 'node:assert/strict'
import { test } from 'node:test'
import { routedTarget } from '../../src/graph/request-target.js'
import { fixtureRules } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { AUTH, JSON_AUTH, buildTestApp, stateOf } from '../helper.js'
import { rawExchange, parseRawAnswer } from '../raw-socket.js'
import { WIDGETS, WIDGET_ID, buildConventionApp, widgetUrl } from '../test-resource.js'

/** What Fastify routes for `url`, and the Host it then reads. */
function routed (url: string, host = 'graph-mock.test'): [string, string | undefined] {
  const request = { url, headers: { host } }
  return [routedTarget(request), request.headers.host]
}

test('under a Graph version a key in parentheses becomes the key segment; function calls, queries and other targets stay as sent', () => {
  const cases: Array<[string, string]> = [
    ["/beta/widgets('w-1')", '/beta/widgets/w-1'],
    ["/V1.0/shelves('s-1')/widgets('w-1')?$select=name", '/V1.0/shelves/s-1/widgets/w-1?$select=name'],
    ['/beta/widgets(%27w-1%27)', '/beta/widgets/w-1'],
    ["/beta/widgets('it''s')", "/beta/widgets/it's"],
    ['/beta/widgets(%27it%27%27s%27)', "/beta/widgets/it's"],
    // A quote inside a key is doubled, encoded or not; one alone, or quotes that do not pair, make no key.
    ['/beta/widgets(%27a%27b%27)', '/beta/widgets(%27a%27b%27)'],
    ["/beta/widgets('w-1%27)/x", '/beta/widgets/w-1/x'],
    ["/beta/widgets('w-1)", "/beta/widgets('w-1)"],
    // An empty key names no entity: as a segment it would name the collection, so it stays as sent.
    ["/beta/widgets('')", "/beta/widgets('')"],
    ['/beta/widgets(%27%27)/x', '/beta/widgets(%27%27)/x'],
    // A / in a key is sent encoded, as in any segment (OData ABNF), and stays so.
    ["/beta/widgets('a%2Fb')", '/beta/widgets/a%2Fb'],
    ["/beta/widgets('a%20b')", '/beta/widgets/a%20b'],
    ["/beta/widgets/w-1/retrieve(sessionKey='k')", "/beta/widgets/w-1/retrieve(sessionKey='k')"],
    ["/beta/widgets?$filter=startswith(name,'o')", "/beta/widgets?$filter=startswith(name,'o')"],
    ['/beta/widgets(w-1)', '/beta/widgets(w-1)'],
    ["/beta/widgets('%E0%A4%A')", "/beta/widgets('%E0%A4%A')"],
    // The control API's and the issuer's ids are theirs, not OData keys.
    ["/_mock/store/widgets/x('y')", "/_mock/store/widgets/x('y')"],
    ['/beta/widgets', '/beta/widgets']
  ]
  for (const [sent, expected] of cases) assert.equal(routed(sent)[0], expected, sent)
})

test('a target in absolute form (RFC 9112 §3.2.2) is routed by its path and query, and its authority is the Host', () => {
  assert.deepEqual(routed('http://graph.example/beta/widgets/w-1?$select=name'), ['/beta/widgets/w-1?$select=name', 'graph.example'])
  assert.deepEqual(routed("HTTPS://user@graph.example:8443/beta/widgets('w-1')"), ['/beta/widgets/w-1', 'graph.example:8443'])
  assert.deepEqual(routed('http://graph.example'), ['/', 'graph.example'])
  assert.deepEqual(routed('http://graph.example?x=1'), ['/?x=1', 'graph.example'])
  // Not a URL at all: left for the router to refuse as it refuses any unknown path.
  assert.deepEqual(routed('*'), ['*', 'graph-mock.test'])
})

test('an entity addressed by its key in parentheses is read, updated and deleted as by its key segment', async (t) => {
  const { app } = buildConventionApp(t)
  const bySegment = await app.inject({ url: widgetUrl(WIDGET_ID), headers: AUTH })
  const byParens = await app.inject({ url: `/beta/${WIDGETS}('${WIDGET_ID}')`, headers: AUTH })
  assert.equal(byParens.statusCode, 200)
  assert.deepEqual(byParens.json(), bySegment.json())

  const patched = await app.inject({ method: 'PATCH', url: `/beta/${WIDGETS}(%27${WIDGET_ID}%27)`, headers: JSON_AUTH, payload: { name: 'renamed' } })
  assert.equal(patched.statusCode, 200)
  assert.equal((await app.inject({ url: widgetUrl(WIDGET_ID), headers: AUTH })).json().name, 'renamed')

  const unknown = await app.inject({ url: `/beta/${WIDGETS}('no-such')`, headers: AUTH })
  assert.equal(unknown.statusCode, 404)
  assert.equal(unknown.json().error.code, 'ResourceNotFound')

  // An empty key is no entity's, and not the collection: a POST there created one, a GET listed them.
  for (const method of ['GET', 'POST', 'PATCH'] as const) {
    const empty = await app.inject({ method, url: `/beta/${WIDGETS}('')`, headers: JSON_AUTH, ...(method === 'GET' ? {} : { payload: { name: 'x' } }) })
    assert.deepEqual([empty.statusCode, empty.json().error.message], [400, `Resource not found for the segment '${WIDGETS}('')'.`], method)
  }

  assert.equal((await app.inject({ method: 'DELETE', url: `/beta/${WIDGETS}('${WIDGET_ID}')`, headers: AUTH })).statusCode, 204)
  assert.equal((await app.inject({ url: widgetUrl(WIDGET_ID), headers: AUTH })).statusCode, 404)
})

test('a request in absolute form is answered and journaled by its path, and linked on the host it names', async (t) => {
  const { app, journal } = buildConventionApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const received = await rawExchange(port, `GET http://elsewhere.example/beta/${WIDGETS}?$top=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n`)
  const { status, body } = parseRawAnswer<Record<string, string>>(received)
  assert.equal(status, 200)
  assert.equal(body['@odata.nextLink']?.startsWith(`http://elsewhere.example/beta/${WIDGETS}?$top=1&$skiptoken=`), true, body['@odata.nextLink'])
  assert.equal(journal.records().at(-1)?.url, `/beta/${WIDGETS}?$top=1`)
})

test('an encoded $ in a Graph path is the $ of $count, $value or $batch; in the query and outside Graph it stays as sent', () => {
  assert.equal(routed('/beta/deviceManagement/managedDevices/%24count')[0], '/beta/deviceManagement/managedDevices/$count')
  assert.equal(routed('/v1.0/%24batch')[0], '/v1.0/$batch')
  assert.equal(routed('/beta/deviceManagement/managedDevices?%24top=1')[0], '/beta/deviceManagement/managedDevices?%24top=1')
  assert.equal(routed('/_mock/store/%24x')[0], '/_mock/store/%24x')
})

test('GET …/managedDevices/%24count answers the count, as …/$count does', async (t) => {
  const { app } = buildTestApp(t, stateOf(await loadFixtures('fixtures', fixtureRules())))
  const encoded = await app.inject({ url: '/beta/deviceManagement/managedDevices/%24count', headers: AUTH })
  const plain = await app.inject({ url: '/beta/deviceManagement/managedDevices/$count', headers: AUTH })
  assert.deepEqual([encoded.statusCode, encoded.body], [200, plain.body])
  assert.match(plain.body, /^\d+$/)
})

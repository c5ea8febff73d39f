import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH, ENTITY_SET, GUID, JSON_AUTH, KNOWN_ID, OTHER_ID, buildTestApp, itemUrl, seed, stateOf } from '../helper.js'

type App = ReturnType<typeof buildTestApp>['app']

async function listing (app: App, query = '') {
  const res = await app.inject(`/_mock/requests${query}`)
  assert.equal(res.statusCode, 200, res.body)
  return res.json()
}

test('each Graph request is journaled with what was sent and what was answered', async (t) => {
  const { app } = buildTestApp(t)
  const sent = await app.inject({
    method: 'PATCH',
    url: `${itemUrl(KNOWN_ID)}?$select=sessionType&tag=a&tag=b`,
    headers: { ...JSON_AUTH, 'client-request-id': 'app-1' },
    payload: { sessionType: 'elevation' }
  })
  const { entries, evicted, limit } = await listing(app)
  assert.deepEqual([evicted, limit], [0, 1000])
  assert.equal(entries.length, 1)
  const [entry] = entries
  assert.equal(entry.method, 'PATCH')
  assert.equal(entry.path, itemUrl(KNOWN_ID))
  assert.deepEqual(entry.query, { $select: 'sessionType', tag: ['a', 'b'] })
  assert.equal(entry.headers.authorization, 'Bearer [REDACTED]')
  assert.equal(entry.headers['client-request-id'], 'app-1')
  assert.deepEqual(entry.body, { sessionType: 'elevation' })
  assert.equal(entry.status, 200)
  assert.equal(entry.requestId, sent.headers['request-id'])
  assert.match(entry.requestId, GUID)
  assert.equal(typeof entry.durationMs, 'number')
  assert.ok(Math.abs(Date.parse(entry.time) - Date.now()) < 5000)
  assert.equal(Number.isInteger(entry.id), true)
})

test('refused requests are journaled too: no token, bad JSON, unknown paths', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwdw==' }, payload: '{}' })
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: '{"sessionKey":' })
  await app.inject({ url: '/beta/nothingHere', headers: AUTH })
  const { entries } = await listing(app)
  assert.deepEqual(entries.map((entry: { status: number }) => entry.status), [401, 400, 400])
  assert.equal(entries[0].headers.authorization, 'Basic [REDACTED]')
  assert.equal(entries[1].body, null)
  assert.equal(entries[2].path, '/beta/nothingHere')
})

test('control-API calls are never journaled', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject('/_mock/health')
  await app.inject('/_mock/requests')
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { delayMs: 0, path: '/none' } })
  await app.inject('/_mock/no-such-route')
  await app.inject('/_mock/openapi.json')
  await app.inject({ method: 'PUT', url: `/_mock/store/RequestRemoteHelpSessionAccessResponse/${KNOWN_ID}`, payload: {} })
  assert.deepEqual((await listing(app)).entries, [])
})

test('bodies over 16 KiB are journaled as null, so the ring cannot hold gigabytes', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'x'.repeat(20_000) } })
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'small' } })
  const { entries } = await listing(app)
  assert.deepEqual(entries.map((entry: { status: number, body: unknown }) => [entry.status, entry.body]), [[200, null], [200, { sessionKey: 'small' }]])
})

async function mixedTraffic (app: App) {
  await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionType: 'elevation' } })
  await app.inject({ method: 'PATCH', url: itemUrl(OTHER_ID), headers: JSON_AUTH, payload: { nope: 1 } })
  await app.inject({ method: 'GET', url: `//BETA/requestremotehelpsessionaccessresponse/${OTHER_ID}`, headers: AUTH })
  await app.inject({ method: 'DELETE', url: itemUrl('missing'), headers: AUTH })
}

const filters: Array<[string, Array<[string, number]>]> = [
  ['?method=patch', [['PATCH', 200], ['PATCH', 400]]],
  [`?path=/beta/RequestRemoteHelpSessionAccessResponse/${OTHER_ID}`, [['PATCH', 400], ['GET', 200]]],
  ['?path=/Beta/REQUESTREMOTEHELP', [['GET', 200], ['PATCH', 200], ['PATCH', 400], ['GET', 200], ['DELETE', 404]]],
  ['?status=200', [['GET', 200], ['PATCH', 200], ['GET', 200]]],
  ['?status=4xx', [['PATCH', 400], ['DELETE', 404]]],
  ['?method=GET&status=200&limit=1', [['GET', 200]]],
  ['?limit=2', [['GET', 200], ['PATCH', 200]]]
]
for (const [query, expected] of filters) {
  test(`filters: ${query}`, async (t) => {
    const { app } = buildTestApp(t)
    await mixedTraffic(app)
    const { entries } = await listing(app, query)
    assert.deepEqual(entries.map((entry: { method: string, status: number }) => [entry.method, entry.status]), expected)
  })
}

test('since: an entry id gives the entries after it; a time those at or after it', async (t) => {
  const { app } = buildTestApp(t)
  await mixedTraffic(app)
  const all = (await listing(app)).entries
  const after = (await listing(app, `?since=${all[2].id}`)).entries
  assert.deepEqual(after.map((entry: { id: number }) => entry.id), [all[3].id, all[4].id])
  assert.equal((await listing(app, `?since=${encodeURIComponent(all[0].time)}`)).entries.length, 5)
  assert.equal((await listing(app, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).entries.length, 0)
})

test('entries keep the path as sent, a key in parentheses or an encoded $ too, and the path filter finds them as routed', async (t) => {
  const { app } = buildTestApp(t)
  const sent = [`/beta/${ENTITY_SET}('${KNOWN_ID}')`, `/beta/${ENTITY_SET}/%24count`, `http://graph.example/beta/${ENTITY_SET}/${KNOWN_ID}?x=1`]
  for (const url of sent) await app.inject({ method: 'GET', url, headers: AUTH })
  const { entries } = await listing(app, `?path=${encodeURIComponent(`/beta/${ENTITY_SET}/${KNOWN_ID}`)}`)
  assert.deepEqual(entries.map((entry: { path: string }) => entry.path), [`/beta/${ENTITY_SET}('${KNOWN_ID}')`, `/beta/${ENTITY_SET}/${KNOWN_ID}`])
  assert.deepEqual((await listing(app)).entries.map((entry: { path: string, query: unknown }) => [entry.path, entry.query]), [
    [`/beta/${ENTITY_SET}('${KNOWN_ID}')`, {}],
    [`/beta/${ENTITY_SET}/%24count`, {}],
    [`/beta/${ENTITY_SET}/${KNOWN_ID}`, { x: '1' }]
  ])
})

test('entries are timed by the tenant\'s clock, so since=<the clock\'s now> finds what came after a move', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject({ method: 'GET', url: itemUrl(KNOWN_ID), headers: AUTH })
  const moved = await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 3600 } })
  const now: string = moved.json().now
  await app.inject({ method: 'GET', url: itemUrl(OTHER_ID), headers: AUTH })
  const after = (await listing(app, `?since=${encodeURIComponent(now)}`)).entries
  assert.deepEqual(after.map((entry: { path: string }) => entry.path), [itemUrl(OTHER_ID)])
  assert.ok(Date.parse(after[0].time) - Date.now() > 3_590_000, after[0].time)
})

const badQueries = ['?path=%2Fbeta%3Fx', '?path=%2Fbeta%2F%25zz', '?limit=0', '?limit=ten', '?status=600', '?status=20', '?method=GE%20T', '?path=beta', '?since=yesterday', '?colour=red']
for (const query of badQueries) {
  test(`a bad filter is a 400: ${query}`, async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject(`/_mock/requests${query}`)
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.code, 'BadRequest')
  })
}

test('the journal stays at its limit under 10,000 requests and counts what it evicted', async (t) => {
  const { app } = buildTestApp(t, stateOf(seed(), undefined, { journalLimit: 100 }))
  for (let i = 0; i < 10_000; i++) await app.inject({ url: '/beta/x', headers: AUTH })
  const { entries, evicted, limit } = await listing(app)
  assert.deepEqual([entries.length, evicted, limit], [100, 9_900, 100])
  assert.equal(entries.at(-1).id - entries[0].id, 99)
})

test('DELETE empties the journal and its evicted count', async (t) => {
  const { app } = buildTestApp(t, stateOf(seed(), undefined, { journalLimit: 2 }))
  await mixedTraffic(app)
  assert.equal((await listing(app)).evicted, 3)
  assert.equal((await app.inject({ method: 'DELETE', url: '/_mock/requests' })).statusCode, 204)
  assert.deepEqual(await listing(app), { entries: [], evicted: 0, limit: 2 })
})

test('a request refused at the front door, by a fault rule or by its token, is journaled with the body it sent', async (t) => {
  const { app } = buildTestApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 429, method: 'PATCH' } })
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionType: 'elevation' } })
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { 'content-type': 'application/json' }, payload: { sessionKey: 'no token' } })
  // The token is checked first: bad JSON without a token is still a 401, journaled without a body.
  const unreadable = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { 'content-type': 'application/json' }, payload: '{"sessionKey":' })
  assert.equal(unreadable.json().error.code, 'InvalidAuthenticationToken')
  const { entries } = await listing(app)
  assert.deepEqual(entries.map((entry: { status: number, body: unknown }) => [entry.status, entry.body]), [
    [429, { sessionType: 'elevation' }],
    [401, { sessionKey: 'no token' }],
    [401, null]
  ])
})

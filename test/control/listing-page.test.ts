import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { PAGE_MAX_CHARS, PAGE_MAX_ITEMS, takePage } from '../../src/control/listing-page.js'
import { storedSets } from '../../src/resources/index.js'
import { CONTROL_OPERATIONS } from '../../src/control/operations.js'
import { ENTITY_SET, buildTestApp, seed, stateOf } from '../helper.js'

test('a page takes items while they fit, each serialised once, and says when some were left', () => {
  assert.deepEqual(takePage([1, 2, 3], { maxItems: 2, maxChars: 100 }), { page: ['1', '2'], last: 2, more: true })
  assert.deepEqual(takePage(['aaaa', 'bbbb', 'c'], { maxItems: 10, maxChars: 12 }), { page: ['"aaaa"', '"bbbb"'], last: 'bbbb', more: true })
  assert.deepEqual(takePage(['x'.repeat(50)], { maxItems: 10, maxChars: 10 }), { page: [`"${'x'.repeat(50)}"`], last: 'x'.repeat(50), more: false })
  assert.deepEqual(takePage([], { maxItems: 1, maxChars: 1 }), { page: [], last: undefined, more: false })
  let calls = 0
  takePage([{ a: 1 }, { a: 2 }], { maxItems: 10, maxChars: 100 }, (item) => { calls++; return JSON.stringify(item) })
  assert.equal(calls, 2)
})

test('a listing is the JSON Fastify would have written from its schema, byte for byte', async (t) => {
  const { app, journal, clients } = buildTestApp(t)
  journal.record({ id: 0, receivedAt: 5, method: 'PATCH', url: '/beta/x?$select=a', headers: { authorization: 'Bearer t', 'x-a': ['1', '2'] }, query: { $select: 'a' }, bodyText: '{"b":[1,"é"]}', status: 200, requestId: 'r', durationMs: 1.234, batchRequestId: 'b' })
  clients.put('app "1"', { roles: ['R'], secret: 's' })
  for (const [url, schema] of [['/_mock/requests', 'listRequests'], ['/_mock/token-clients', 'listTokenClients'], [`/_mock/store/${ENTITY_SET}`, 'listRecords']] as const) {
    const res = await app.inject(url)
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8')
    // What a route with the listing's response schema writes for the same value.
    const reference = Fastify()
    t.after(() => reference.close())
    reference.get('/', { schema: { response: { 200: CONTROL_OPERATIONS[schema].schema.response[200] } } }, async () => res.json())
    assert.equal(res.body, (await reference.inject('/')).body, url)
  }
})

test('the journal listing is paged: at most 10,000 entries, with a Link to the rest that keeps the filters', async (t) => {
  const state = stateOf(seed(), storedSets(), { journalLimit: PAGE_MAX_ITEMS + 5 })
  const { journal } = state
  for (let n = 0; n < PAGE_MAX_ITEMS + 5; n++) {
    journal.record({ id: 0, receivedAt: n, method: 'GET', url: `/beta/x/${n}`, headers: {}, query: {}, bodyText: undefined, status: 200, requestId: `r${n}`, durationMs: 1 })
  }
  const { app } = buildTestApp(t, state)
  const first = await app.inject('/_mock/requests?method=get')
  assert.equal(first.statusCode, 200)
  assert.equal(first.json().entries.length, PAGE_MAX_ITEMS)
  assert.equal(first.headers['link'], `</_mock/requests?method=get&since=${PAGE_MAX_ITEMS}>; rel="next"`)
  const next = await app.inject(/<([^>]+)>/.exec(String(first.headers['link']))?.[1] ?? '')
  assert.deepEqual(next.json().entries.map((entry: { id: number }) => entry.id), [10_001, 10_002, 10_003, 10_004, 10_005])
  assert.equal(next.headers['link'], undefined)
})

test('the journal listing never outgrows one answer, however large the bodies it kept', async (t) => {
  const state = stateOf(seed(), storedSets(), { journalLimit: 3000 })
  const { journal } = state
  const bodyText = JSON.stringify({ sessionKey: 'k'.repeat(16 * 1024 - 20) })
  for (let n = 0; n < 3000; n++) {
    journal.record({ id: 0, receivedAt: n, method: 'PATCH', url: '/beta/x', headers: {}, query: {}, bodyText, status: 200, requestId: `r${n}`, durationMs: 1 })
  }
  const { app } = buildTestApp(t, state)
  const res = await app.inject('/_mock/requests')
  assert.equal(res.statusCode, 200)
  assert.ok(res.body.length <= PAGE_MAX_CHARS + 1000, `${res.body.length} characters`)
  const { entries } = res.json<{ entries: Array<{ id: number }> }>()
  assert.ok(entries.length > 1000 && entries.length < 3000, `${entries.length} entries`)
  assert.equal(res.headers['link'], `</_mock/requests?since=${entries.at(-1)?.id}>; rel="next"`)
})

test('the store listing is paged by size, with ?skip= in its Link, and the pages hold every record once', async (t) => {
  const big = 'v'.repeat(3 * 1024 * 1024)
  const records = Object.fromEntries(Array.from({ length: 12 }, (_, n) => [`id-${n}`, { sessionKey: big, sessionType: null, pubSubEncryptionKey: null, pubSubEncryption: String(n) }]))
  const { app } = buildTestApp(t, stateOf({ [ENTITY_SET]: records }))
  const seen: string[] = []
  let url: string | undefined = `/_mock/store/${ENTITY_SET}`
  let pages = 0
  while (url !== undefined) {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject(url)
    assert.equal(res.statusCode, 200)
    assert.ok(res.body.length <= PAGE_MAX_CHARS + big.length, `${res.body.length} characters`)
    seen.push(...Object.keys(res.json()))
    url = /<([^>]+)>; rel="next"/.exec(String(res.headers['link'] ?? ''))?.[1]
    pages += 1
  }
  assert.equal(pages, 2)
  assert.deepEqual(seen, Object.keys(records))
  assert.equal((await app.inject(`/_mock/store/${ENTITY_SET}?skip=-1`)).statusCode, 400)
  // Only an integer's own text is one: TypeBox's conversion read 1.9 and 1e400 as 1, and 0x10 as 16.
  // A Boolean is true, false, 1 or 0 in any case, as before; nothing else.
  for (const [value, status] of [['TRUE', 200], ['1', 200], ['false', 200], ['0', 200], ['yes', 400]] as const) {
    assert.equal((await app.inject(`/_mock/requests?earlyRetry=${value}`)).statusCode, status, `earlyRetry=${value}`)
  }
  for (const skip of ['1.9', '1e2', '1e400', '0x10', '']) {
    const res = await app.inject(`/_mock/store/${ENTITY_SET}?skip=${skip}`)
    assert.deepEqual([res.statusCode, res.json().error.message], [400, "Invalid request querystring: property 'skip' must be integer"], skip)
  }
  assert.deepEqual(Object.keys((await app.inject(`/_mock/store/${ENTITY_SET}?skip=0${Object.keys(records).length - 1}`)).json()), Object.keys(records).slice(-1))
  // A cache buster is ignored, as it was before listings were paged.
  assert.equal((await app.inject(`/_mock/store/${ENTITY_SET}?_=123`)).statusCode, 200)
  // A doubled slash is routed, but a Link starting with // would name another host.
  assert.equal((await app.inject(`//_mock//store/${ENTITY_SET}`)).headers['link'], `</_mock/store/${ENTITY_SET}?skip=10>; rel="next"`)
})

test('the token-client listing is paged like the store', async (t) => {
  const { app, clients } = buildTestApp(t)
  for (let n = 0; n <= PAGE_MAX_ITEMS; n++) clients.put(`app-${n}`, { roles: [] })
  const first = await app.inject('/_mock/token-clients')
  assert.equal(Object.keys(first.json()).length, PAGE_MAX_ITEMS)
  assert.equal(first.headers['link'], `</_mock/token-clients?skip=${PAGE_MAX_ITEMS}>; rel="next"`)
  assert.deepEqual((await app.inject(`/_mock/token-clients?skip=${PAGE_MAX_ITEMS}`)).json(), { [`app-${PAGE_MAX_ITEMS}`]: { roles: [] } })
})

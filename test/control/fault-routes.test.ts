import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { AUTH, GUID, INNER_ERROR_DATE, JSON_AUTH, KNOWN_ID, buildListeningApp, buildTestApp, itemUrl } from '../helper.js'
import { openRaw } from '../raw-socket.js'

async function withRule (t: TestContext, rule: Record<string, unknown>) {
  const built = buildTestApp(t)
  const added = await built.app.inject({ method: 'POST', url: '/_mock/faults', payload: rule })
  assert.equal(added.statusCode, 201, added.body)
  return { ...built, rule: added.json() }
}

const patch = (sessionType = 'elevation') => ({ method: 'PATCH' as const, url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionType } })

test('a 429 rule answers Graph\'s throttling response, with Retry-After and the usual headers', async (t) => {
  const { app } = await withRule(t, { status: 429, retryAfterSeconds: 7 })
  const res = await app.inject({ ...patch(), headers: { ...JSON_AUTH, 'client-request-id': 'mine' } })
  assert.equal(res.statusCode, 429)
  assert.equal(res.headers['retry-after'], '7')
  assert.equal(res.headers['content-type'], 'application/json')
  assert.match(String(res.headers['request-id']), GUID)
  assert.equal(res.headers['client-request-id'], 'mine')
  assert.ok(res.headers['x-ms-ags-diagnostic'])
  const { error } = res.json()
  assert.equal(error.code, 'TooManyRequests')
  assert.equal(error.message, 'Please retry again later.')
  assert.deepEqual({ ...error.innerError, date: undefined, 'request-id': undefined }, {
    code: '429', message: 'Please retry after', status: '429', date: undefined, 'request-id': undefined, 'client-request-id': 'mine'
  })
  assert.match(error.innerError.date, INNER_ERROR_DATE)
  assert.equal(error.innerError['request-id'], res.headers['request-id'])
})

const transient = [
  { status: 503, code: 'serviceNotAvailable', retryAfter: '1' },
  { status: 500, code: 'generalException', retryAfter: undefined },
  { status: 504, code: 'GatewayTimeout', retryAfter: undefined }
]
for (const { status, code, retryAfter } of transient) {
  test(`a ${status} rule answers Graph's ${code}`, async (t) => {
    const { app } = await withRule(t, { status })
    const res = await app.inject(patch())
    assert.equal(res.statusCode, status)
    assert.equal(res.json().error.code, code)
    assert.match(res.json().error.innerError.date, INNER_ERROR_DATE)
    assert.equal(res.headers['retry-after'], retryAfter)
  })
}

test('retryAfterSeconds sets Retry-After on any status', async (t) => {
  const { app } = await withRule(t, { status: 504, retryAfterSeconds: 3 })
  assert.equal((await app.inject(patch())).headers['retry-after'], '3')
})

test('a rule with times: 2 fires exactly twice, then the request goes through', async (t) => {
  const { app } = await withRule(t, { status: 503, times: 2 })
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await app.inject(patch())).statusCode)
  assert.deepEqual(statuses, [503, 503, 200, 200])
  assert.deepEqual((await app.inject('/_mock/faults')).json(), { rules: [] })
})

test('faults come before auth and validation, and never change the store', async (t) => {
  const { app, store } = await withRule(t, { status: 503, times: 3 })
  const before = store.entitySet('RequestRemoteHelpSessionAccessResponse').get(KNOWN_ID)
  const noToken = await app.inject({ ...patch(), headers: { 'content-type': 'application/json' } })
  const badBody = await app.inject({ ...patch(), payload: '{"nope":' })
  const valid = await app.inject(patch())
  assert.deepEqual([noToken.statusCode, badBody.statusCode, valid.statusCode], [503, 503, 503])
  assert.deepEqual(store.entitySet('RequestRemoteHelpSessionAccessResponse').get(KNOWN_ID), before)
})

test('method and path choose the requests; other requests pass untouched', async (t) => {
  const { app } = await withRule(t, { method: 'patch', path: '/BETA/requestRemoteHelpSessionAccessResponse', status: 429, times: 5 })
  assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })).statusCode, 200)
  assert.equal((await app.inject({ ...patch(), url: `/v1.0/RequestRemoteHelpSessionAccessResponse/${KNOWN_ID}` })).statusCode, 400)
  assert.equal((await app.inject(patch())).statusCode, 429)
})

test('two rules at once: each fires on its own requests', async (t) => {
  const { app } = await withRule(t, { method: 'PATCH', status: 429 })
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'GET', status: 503 } })
  assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })).statusCode, 503)
  assert.equal((await app.inject(patch())).statusCode, 429)
  assert.equal((await app.inject(patch())).statusCode, 200)
})

test('a seeded probability rule fires on the same requests in two runs', async (t) => {
  async function run () {
    const { app } = await withRule(t, { status: 503, probability: 0.5, seed: 1234, times: 1000 })
    const statuses = []
    for (let i = 0; i < 40; i++) statuses.push((await app.inject(patch())).statusCode)
    return statuses
  }
  const first = await run()
  assert.deepEqual(await run(), first)
  assert.ok(first.includes(503) && first.includes(200), first.join())
})

test('delayMs alone adds latency and the request then succeeds', async (t) => {
  const { app } = await withRule(t, { delayMs: 150 })
  const started = performance.now()
  const res = await app.inject(patch())
  assert.equal(res.statusCode, 200)
  assert.ok(performance.now() - started >= 140)
  assert.equal(res.json().sessionType, 'elevation')
})

test('delayMs with a status waits, then fails', async (t) => {
  const { app } = await withRule(t, { delayMs: 100, status: 504 })
  const started = performance.now()
  assert.equal((await app.inject(patch())).statusCode, 504)
  assert.ok(performance.now() - started >= 90)
})

test('a delayed request is released with Graph\'s 503 when the server closes', async (t) => {
  const { app } = await withRule(t, { delayMs: 60_000 })
  const pending = app.inject(patch())
  await new Promise((resolve) => setTimeout(resolve, 50))
  const started = performance.now()
  await app.close()
  assert.equal((await pending).statusCode, 503)
  assert.ok(performance.now() - started < 5000)
})

test('a delayed request\'s body is read while it waits: a large upload is not cut off by the request timeout, and is applied and journaled', async (t) => {
  const { app, port } = await buildListeningApp(t, { requestTimeoutMs: 1000 })
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'PATCH', delayMs: 2000 } })
  const sessionKey = 'k'.repeat(1024 * 1024)
  const sentAt = performance.now()
  const res = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, { method: 'PATCH', headers: JSON_AUTH, body: JSON.stringify({ sessionKey }) })
  assert.equal(res.status, 200)
  assert.ok(performance.now() - sentAt >= 1990)
  assert.equal((await res.json() as { sessionKey: string }).sessionKey.length, sessionKey.length)
  const [entry] = (await app.inject('/_mock/requests')).json().entries
  assert.deepEqual([entry.method, entry.status], ['PATCH', 200])
  // A delayed refusal still waits for its delay, the body read meanwhile.
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'PATCH', delayMs: 300, status: 503 } })
  const started = performance.now()
  const refused = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, { method: 'PATCH', headers: JSON_AUTH, body: JSON.stringify({ sessionKey }) })
  assert.equal(refused.status, 503)
  assert.ok(performance.now() - started >= 290)
})

test('a delayed body over the limit is Graph\'s 413 once the delay ends, whether its Content-Length says so or it is chunked', async (t) => {
  const { app, port } = await buildListeningApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'PATCH', delayMs: 200, times: 2 } })
  const big = Buffer.alloc(5 * 1024 * 1024, 0x20)
  const sized = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, { method: 'PATCH', headers: JSON_AUTH, body: big })
  assert.equal(sized.status, 413)
  const chunked = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, {
    method: 'PATCH',
    headers: JSON_AUTH,
    body: new ReadableStream({ start (controller) { controller.enqueue(big); controller.close() } }),
    duplex: 'half'
  } as RequestInit)
  assert.equal(chunked.status, 413)
  // On one connection: the refusal is answered at once and the connection closed, not left stalled on the rest of the body.
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'PATCH', delayMs: 200, times: 1 } })
  const { socket, closed } = await openRaw(port)
  socket.write(`PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n`)
  socket.write(big)
  socket.write(`\r\n0\r\n\r\nGET ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\nConnection: close\r\n\r\n`)
  const statuses = [...(await closed).matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((match) => Number(match[1]))
  assert.deepEqual(statuses, [413])
})

test('the listing shows active rules, their defaults and how often each fired', async (t) => {
  const { app, rule } = await withRule(t, { status: 429, times: 3, path: '/beta' })
  assert.deepEqual(rule, { id: rule.id, path: '/beta', status: 429, times: 3, remaining: 3, fired: 0, probability: 1, seed: rule.seed })
  await app.inject(patch())
  const [listed] = (await app.inject('/_mock/faults')).json().rules
  assert.equal(listed.fired, 1)
  assert.equal(listed.remaining, 2)
})

test('DELETE removes one rule, or all of them', async (t) => {
  const { app, rule } = await withRule(t, { status: 429, times: 9 })
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 500, times: 9 } })
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/faults/${rule.id}` })).statusCode, 204)
  assert.equal((await app.inject({ method: 'DELETE', url: `/_mock/faults/${rule.id}` })).statusCode, 404)
  assert.equal((await app.inject(patch())).statusCode, 500)
  assert.equal((await app.inject({ method: 'DELETE', url: '/_mock/faults' })).statusCode, 204)
  assert.equal((await app.inject(patch())).statusCode, 200)
})

const DEVICE = 'afe411a4-abac-48f6-84ea-ec57345b7e60'

test('a rule on a key in parentheses fires on that URL and on the key as a segment, as routing reads them', async (t) => {
  const { app } = await withRule(t, { path: `/beta/deviceManagement/managedDevices('${DEVICE}')`, status: 503, times: 3 })
  const statuses = []
  for (const url of [`/beta/deviceManagement/managedDevices('${DEVICE}')`, `/beta/deviceManagement/managedDevices/${DEVICE}`, `/beta/deviceManagement/managedDevices(%27${DEVICE}%27)/requestRemoteAssistance`]) {
    statuses.push((await app.inject({ url, headers: AUTH })).statusCode)
  }
  assert.deepEqual(statuses, [503, 503, 503])
})

test('a percent-encoded request path is faulted by the plain rule path, and the journal filter finds it by that path', async (t) => {
  const { app } = await withRule(t, { path: '/beta/deviceManagement/remoteAssistanceSettings', status: 503 })
  assert.equal((await app.inject({ url: '/beta/deviceManagement/%72emoteAssistanceSettings', headers: AUTH })).statusCode, 503)
  const { entries } = (await app.inject({ url: '/_mock/requests', query: { path: '/beta/deviceManagement/remoteAssistanceSettings' } })).json()
  assert.deepEqual(entries.map((entry: { status: number }) => entry.status), [503])
})

const badRules: Array<[Record<string, unknown>, RegExp]> = [
  [{}, /needs a status, a delayMs, or both/],
  [{ status: 418 }, /property 'status' .*\(429, 500, 503, 504\)/],
  [{ status: '429' }, /property 'status'/],
  [{ status: 429, times: 0 }, /property 'times' must be >= 1/],
  [{ status: 429, times: 1.5 }, /property 'times' must be integer/],
  [{ status: 429, probability: 0 }, /property 'probability'/],
  [{ status: 429, probability: 1.5 }, /property 'probability'/],
  [{ status: 429, path: 'beta' }, /property 'path'/],
  [{ status: 429, method: 'GET /x' }, /property 'method'/],
  [{ status: 429, delayMs: -1 }, /property 'delayMs'/],
  [{ status: 429, seed: -1 }, /property 'seed'/],
  [{ status: 429, retryAfterSeconds: 'soon' }, /property 'retryAfterSeconds'/],
  [{ status: 429, colour: 'red' }, /additional properties 'colour'/],
  [{ status: 429, path: '/beta/deviceManagement/remoteAssistanceSettings?x=1' }, /path prefix alone, without a query or fragment: .*holds a '\?'/],
  [{ status: 429, path: '/beta/deviceManagement#top' }, /without a query or fragment: .*holds a '#'/],
  [{ status: 429, path: '/beta/%zz' }, /percent-escape that does not decode, which no request's path can match/],
  [{ status: 429, times: 1e20 }, /property 'times' must be <= 1000000000/]
]
for (const [rule, message] of badRules) {
  test(`a bad rule is refused with a clear 400 and adds nothing: ${JSON.stringify(rule)}`, async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: '/_mock/faults', payload: rule })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.code, 'BadRequest')
    assert.match(res.json().error.message, message)
    assert.deepEqual((await app.inject('/_mock/faults')).json(), { rules: [] })
  })
}

import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import { test } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { appToken } from '../../src/issuer/tokens.js'
import { DEFAULT_TOKEN_ROLES, ENTITY_SET, JSON_AUTH, KNOWN_ID, SIGNING_KEY, buildListeningApp, buildTestApp, itemUrl, nowSeconds } from '../helper.js'

test('uploads their clients gave up on do not hold the close for its grace', async (t) => {
  const { app, port } = await buildListeningApp(t)
  for (let i = 0; i < 10; i++) {
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    socket.write(`PATCH ${itemUrl('x')} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a"`)
    await setTimeout(20)
    socket.destroy()
  }
  await setTimeout(100)
  const started = performance.now()
  await app.close()
  // The grace for requests still being handled is a second; none is left to wait for.
  assert.ok(performance.now() - started < 500, `closed in ${Math.round(performance.now() - started)} ms`)
})

/** One request on a raw connection kept open; resolves with the status line of its answer. */
async function statusOf (socket: Socket, request: string): Promise<string> {
  let received = ''
  const answered = new Promise<string>((resolve) => {
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk
      if (received.includes('\r\n\r\n')) resolve(received.split('\r\n')[0] ?? '')
    })
  })
  socket.write(request)
  return await answered
}

test('a request held by a fault delay gets Graph\'s 503 as soon as the close begins', async (t) => {
  const { app, port } = await buildListeningApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { delayMs: 10_000 } })
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  const status = statusOf(socket, `GET ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\n\r\n`)
  await setTimeout(100)
  const started = performance.now()
  const closed = app.close()
  assert.equal(await status, 'HTTP/1.1 503 Service Unavailable')
  assert.ok(performance.now() - started < 500, `answered after ${Math.round(performance.now() - started)} ms`)
  await closed
})

test('while the close waits for a request being handled, a new request on an open connection gets Graph\'s 503 and changes nothing', async (t) => {
  // A signing key that takes half a second keeps one signed request in flight through the close.
  const slowKey = async () => await new Promise<typeof SIGNING_KEY>((resolve) => globalThis.setTimeout(() => resolve(SIGNING_KEY), 500))
  const { app, port, store } = await buildListeningApp(t, { authMode: 'signed', signingKey: slowKey })
  const token = await appToken(SIGNING_KEY, { tenantId: 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa', clientId: 'app', roles: DEFAULT_TOKEN_ROLES, nowSeconds: nowSeconds() })
  const [slow, later] = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')]
  await Promise.all([once(slow, 'connect'), once(later, 'connect')])
  const slowStatus = statusOf(slow, `GET ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`)
  await setTimeout(50)
  const closed = app.close()
  await setTimeout(50)
  const body = '{"sessionKey":"during-close"}'
  const laterStatus = await statusOf(later, `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
  assert.equal(laterStatus, 'HTTP/1.1 503 Service Unavailable')
  assert.equal(await slowStatus, 'HTTP/1.1 200 OK')
  await closed
  assert.equal(store.entitySet(ENTITY_SET).get(KNOWN_ID)?.sessionKey, 'key-1')
})

test('a $batch the close meets answers its held item and every later one with Graph\'s 503, not a 500 for the whole batch', async (t) => {
  const { app, port } = await buildListeningApp(t)
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'GET', delayMs: 10_000, times: 1 } })
  const item = (id: string) => ({ id, method: 'GET', url: `/${ENTITY_SET}/${KNOWN_ID}` })
  const answer = fetch(`http://127.0.0.1:${port}/beta/$batch`, {
    method: 'POST',
    headers: { ...JSON_AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ requests: [item('1'), item('2')] })
  })
  await setTimeout(100)
  const closed = app.close()
  const res = await answer
  assert.equal(res.status, 200)
  const { responses } = await res.json() as { responses: Array<{ id: string, status: number, headers: Record<string, string>, body: { error: { code: string } } }> }
  assert.deepEqual(responses.map(({ id, status, body }) => [id, status, body.error.code]), [['1', 503, 'serviceNotAvailable'], ['2', 503, 'serviceNotAvailable']])
  assert.equal(responses[1]?.headers['Retry-After'], '1')
  await closed
})

test('a delayed upload whose token check ends after the close began is refused at once, not held for its delay', async (t) => {
  const slowKey = async () => await new Promise<typeof SIGNING_KEY>((resolve) => globalThis.setTimeout(() => resolve(SIGNING_KEY), 300))
  const { app, port } = await buildListeningApp(t, { authMode: 'signed', signingKey: slowKey })
  const tenantId = 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa'
  await app.inject({ method: 'POST', url: `/_mock/tenants/${tenantId}/faults`, payload: { method: 'PATCH', delayMs: 60_000 } })
  const token = await appToken(SIGNING_KEY, { tenantId, clientId: 'app', roles: DEFAULT_TOKEN_ROLES, nowSeconds: nowSeconds() })
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  const body = '{"sessionKey":"held"}'
  const status = statusOf(socket, `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
  await setTimeout(100)
  const started = performance.now()
  await app.close()
  assert.equal(await status, 'HTTP/1.1 503 Service Unavailable')
  assert.ok(performance.now() - started < 900, `closed in ${Math.round(performance.now() - started)} ms`)
})

test('pipelined requests on one connection are handled in the order they were sent', async (t) => {
  const { app, port } = await buildListeningApp(t)
  // The first GET is held by a delay, and the PATCH's body takes a turn to read: neither may let what follows it go first.
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'GET', path: itemUrl(KNOWN_ID), delayMs: 200, times: 1 } })
  const body = '{"sessionType":"elevation"}'
  const head = (method: string) => `${method} ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\n`
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let received = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => { received += chunk })
  socket.write(`${head('GET')}\r\n${head('PATCH')}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}${head('GET')}Connection: close\r\n\r\n`)
  await once(socket, 'close')
  const sessionTypes = [...received.matchAll(/"sessionType":"(\w+)"/g)].map((match) => match[1])
  assert.deepEqual(sessionTypes, ['viewScreen', 'elevation', 'elevation'])
  const journal = (await app.inject('/_mock/requests')).json().entries.filter((entry: { path: string }) => entry.path === itemUrl(KNOWN_ID))
  assert.deepEqual(journal.map((entry: { method: string }) => entry.method), ['GET', 'PATCH', 'GET'])
})

test('what a $batch\'s items and injected requests ride is not kept once they are answered', async (t) => {
  // A collection on demand, to see what is still held; the flag reaches only contexts made after it.
  setFlagsFromString('--expose-gc')
  const collectGarbage = runInNewContext('gc') as () => void
  const { app } = buildTestApp(t)
  const ridden: Array<WeakRef<object>> = []
  app.addHook('onRequest', (request, _reply, done) => {
    ridden.push(new WeakRef(request.raw.socket))
    done()
  })
  // Its answer, which holds the batch's own request, is not kept either.
  const statuses = async () => (await app.inject({
    method: 'POST',
    url: '/beta/$batch',
    headers: JSON_AUTH,
    payload: { requests: [{ id: '1', method: 'GET', url: `/${ENTITY_SET}/${KNOWN_ID}` }, { id: '2', method: 'GET', url: `/${ENTITY_SET}` }] }
  })).json<{ responses: Array<{ status: number }> }>().responses.map(({ status }) => status)
  assert.deepEqual(await statuses(), [200, 200])
  assert.equal(ridden.length, 3, 'the batch and its two items')
  for (let i = 0; i < 5 && ridden.some((ref) => ref.deref() !== undefined); i++) {
    await setTimeout(10)
    collectGarbage()
  }
  assert.deepEqual(ridden.map((ref) => ref.deref() === undefined), [true, true, true])
})

import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { test } from 'node:test'
import type { GraphErrorBody } from '../../src/graph/errors.js'
import { openRaw, parseRawAnswer, rawExchange } from '../raw-socket.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { CLOSE_GRACE_MS } from '../../src/graph/client-errors.js'
import { AUTH, ENTITY_SET, GUID, KNOWN_ID, buildListeningApp, itemUrl } from '../helper.js'

/** What every refusal must carry: Graph's envelope and headers, and a connection closed after it. */
function assertGraphRefusal (response: string, status: number, code: string) {
  const { status: actual, headers, body } = parseRawAnswer<GraphErrorBody>(response)
  assert.equal(actual, status)
  assert.equal(headers['content-type'], 'application/json')
  assert.match(headers['request-id'] ?? '', GUID)
  assert.ok(headers['client-request-id'])
  assert.ok(headers['x-ms-ags-diagnostic'])
  assert.equal(headers['strict-transport-security'], 'max-age=31536000')
  assert.ok(Number.isFinite(Date.parse(headers['date'] ?? '')))
  assert.equal(headers['connection'], 'close')
  assert.equal(body.error.code, code)
  assert.equal(body.error.innerError['request-id'], headers['request-id'])
  assert.equal(body.error.innerError['client-request-id'], headers['client-request-id'])
  return { headers, body }
}

const cases: Array<[string, string, number, string]> = [
  ['an unknown HTTP method', 'FROB / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'BadRequest'],
  ['a malformed request line', 'GET\r\n\r\n', 400, 'BadRequest'],
  ['headers larger than Node accepts', `GET / HTTP/1.1\r\nHost: x\r\nX-Flood: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'RequestHeaderFieldsTooLarge'],
  ['an Expect other than 100-continue', `GET ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.authorization}\r\nExpect: x-frob\r\n\r\n`, 417, 'ExpectationFailed'],
  ['a CONNECT request', 'CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: graph.microsoft.com:443\r\n\r\n', 400, 'BadRequest']
]
for (const [name, request, status, code] of cases) {
  test(`${name} gets Graph's envelope and headers, and the server keeps serving`, async (t) => {
    const { port } = await buildListeningApp(t)
    assertGraphRefusal(await rawExchange(port, request), status, code)
    const after = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, { headers: AUTH })
    assert.equal(after.status, 200)
  })
}

test('an unmet Expect and a CONNECT echo the caller\'s client-request-id and say what is not supported', async (t) => {
  const { port } = await buildListeningApp(t)
  const clientRequestId = 'c0ffee00-0000-4000-8000-000000000417'
  const expect = assertGraphRefusal(await rawExchange(port, `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nclient-request-id: ${clientRequestId}\r\nExpect: x-frob\r\nContent-Length: 2\r\n\r\n{}`), 417, 'ExpectationFailed')
  assert.equal(expect.headers['client-request-id'], clientRequestId)
  assert.match(expect.body.error.message, /100-continue/)
  const connect = assertGraphRefusal(await rawExchange(port, `CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\nclient-request-id: ${clientRequestId}\r\n\r\n`), 400, 'BadRequest')
  assert.equal(connect.headers['client-request-id'], clientRequestId)
  assert.match(connect.body.error.message, /CONNECT/)
})

test('Upgrade: websocket is no upgrade: Graph routing answers it as an ordinary request', async (t) => {
  const { port } = await buildListeningApp(t)
  const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
  const known = parseRawAnswer<{ sessionKey: string }>(await rawExchange(port, `GET ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.authorization}\r\n${upgrade}\r\n`))
  assert.equal(known.status, 200)
  assert.equal(known.body.sessionKey, 'key-1')
  const unknown = parseRawAnswer<GraphErrorBody>(await rawExchange(port, `GET /nowhere HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n`))
  assert.equal(unknown.status, 404)
  assert.equal(unknown.headers['content-type'], 'application/json')
  assert.equal(unknown.body.error.code, 'ResourceNotFound')
})

const REFUSED = 'FROB / HTTP/1.1\r\nHost: x\r\n\r\n'

/** Connects and sends a request, then neither reads the answer nor ever closes its side. */
async function silentClient (port: number, request: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  socket.pause()
  // The server may end the connection with a reset, which would otherwise be an unhandled error.
  socket.on('error', () => {})
  await once(socket, 'connect')
  socket.write(request)
  return socket
}

function connectionCount (server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => error === null ? resolve(count) : reject(error)))
}

/** Polls the server's open connections until there are `expected`, or the time is up; returns the last count. */
async function connectionsReach (server: Server, expected: number, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs
  let count = await connectionCount(server)
  while (count !== expected && Date.now() < deadline) {
    await sleep(25)
    count = await connectionCount(server)
  }
  return count
}

// Answers written on the raw socket; an unmet Expect is answered through a ServerResponse, whose connection Node closes.
const unanswered: Array<[string, string]> = [['a refused request', REFUSED], ['a CONNECT', 'CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n']]
for (const [name, request] of unanswered) {
  test(`${name}'s connection is closed after a grace, though its client neither reads nor closes it`, async (t) => {
    const { app, port } = await buildListeningApp(t)
    const clients = await Promise.all(Array.from({ length: 5 }, () => silentClient(port, request)))
    try {
      assert.equal(await connectionsReach(app.server, clients.length, 1000), clients.length)
      // Not at once: a client on a slow link still has the grace to read the answer.
      await sleep(CLOSE_GRACE_MS / 2)
      assert.equal(await connectionCount(app.server), clients.length)
      assert.equal(await connectionsReach(app.server, 0, CLOSE_GRACE_MS + 1000), 0)
    } finally {
      // Else, without the fix, app.close() would wait for these forever.
      for (const client of clients) client.destroy()
    }
    const after = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, { headers: AUTH })
    assert.equal(after.status, 200)
  })
}

test('the refusal reaches a client that reads it late, though it sent more after the refused request', async (t) => {
  const { port } = await buildListeningApp(t)
  const client = await silentClient(port, REFUSED + 'x'.repeat(256 * 1024))
  await sleep(CLOSE_GRACE_MS / 4)
  let response = ''
  client.setEncoding('utf8')
  client.on('data', (chunk: string) => { response += chunk })
  client.resume()
  await once(client, 'close')
  const { status, body } = parseRawAnswer<GraphErrorBody>(response)
  assert.equal(status, 400)
  assert.equal(body.error.code, 'BadRequest')
})

test('Expect: 100-continue: a body announced over 4 MiB gets Graph\'s 413 before it is sent; a smaller one is asked for and served', async (t) => {
  const { port, store } = await buildListeningApp(t)
  const head = (length: number) => `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.authorization}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${length}\r\n\r\n`
  const refused = await rawExchange(port, head(5 * 1024 * 1024))
  assert.doesNotMatch(refused, /^HTTP\/1\.1 100/)
  assertGraphRefusal(refused, 413, 'RequestEntityTooLarge')

  const body = '{"sessionType":"elevation"}'
  const { socket, received, closed } = await openRaw(port, head(Buffer.byteLength(body)))
  while (!received().includes('\r\n\r\n')) await sleep(5)
  assert.match(received(), /^HTTP\/1\.1 100 Continue\r\n\r\n$/)
  socket.end(body)
  const answer = (await closed).slice('HTTP/1.1 100 Continue\r\n\r\n'.length)
  assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/)
  assert.equal(store.entitySet(ENTITY_SET).get(KNOWN_ID)?.['sessionType'], 'elevation')

  // A whole set's replacement through the control API takes its own 64 MiB: asked for, not refused.
  const setPut = await openRaw(port, `PUT /_mock/store/${ENTITY_SET} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`)
  while (!setPut.received().includes('\r\n\r\n')) await sleep(5)
  assert.match(setPut.received(), /^HTTP\/1\.1 100 Continue\r\n\r\n$/)
  setPut.socket.destroy()
  assertGraphRefusal(await rawExchange(port, `PUT /_mock/store/${ENTITY_SET} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${65 * 1024 * 1024}\r\n\r\n`), 413, 'RequestEntityTooLarge')
})

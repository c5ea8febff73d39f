/**
 * Input written to break a server, sent over real sockets: every answer is Graph's error envelope,
 * nothing half-applied, nothing polluted, and the server goes on serving.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { describe, test } from 'node:test'
import { MESSAGES } from '../../src/graph/errors.js'
import { AUTH, COLLECTION_URL, ENTITY_SET, JSON_AUTH, KNOWN_ID, assertGraphShaped, buildListeningApp, buildTestApp, itemUrl, type Answer } from '../helper.js'
import { openRaw, parseRawAnswer, rawExchange } from '../raw-socket.js'

interface Exchange { method?: string, path: string, headers?: OutgoingHttpHeaders, body?: Buffer | string }

/** One request on its own connection, through Node's HTTP client. */
async function send (port: number, { method = 'PATCH', path, headers = JSON_AUTH, body }: Exchange): Promise<Answer> {
  const req = request({ host: '127.0.0.1', port, method, path, headers: { connection: 'close', ...headers } })
  // The server may answer (413, 431) and close before a large request is written: that answer counts.
  req.on('error', () => {})
  req.end(body)
  const [res] = await once(req, 'response') as [IncomingMessage]
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return { statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }
}

function errorOf (answer: Answer): { code: string, message: string } {
  assertGraphShaped(answer)
  return (JSON.parse(answer.body) as { error: { code: string, message: string } }).error
}

type Store = ReturnType<typeof buildTestApp>['store']
const snapshot = (store: Store) => JSON.stringify(store.entitySet(ENTITY_SET).list())

/** The store is untouched and the server still serves an ordinary PATCH. */
async function assertUnchangedAndServing (port: number, store: Store, before: string): Promise<void> {
  assert.equal(snapshot(store), before)
  const ok = await send(port, { path: itemUrl(KNOWN_ID), body: '{"sessionType":"elevation"}' })
  assert.equal(ok.statusCode, 200)
}

/** A PATCH sent with Transfer-Encoding: chunked, so no Content-Length tells its size. */
async function chunkedPatch (port: number, path: string, body: string): Promise<number> {
  const req = request({ host: '127.0.0.1', port, method: 'PATCH', path, headers: { ...JSON_AUTH, connection: 'close' } })
  for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.slice(at, at + 64 * 1024))
  req.end()
  const [res] = await once(req, 'response') as [IncomingMessage]
  res.resume()
  await once(res, 'end')
  return res.statusCode ?? 0
}

describe('bodies on requests that need none', () => {
  test('a DELETE or GET without a body is ordinary whatever its content type, on Graph and control routes', async (t) => {
    const { port, store } = await buildListeningApp(t)
    for (const contentType of ['application/json', 'text/plain']) {
      assert.equal((await send(port, { method: 'GET', path: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': contentType } })).statusCode, 200)
      assert.equal((await send(port, { method: 'DELETE', path: '/_mock/faults', headers: { 'content-type': contentType } })).statusCode, 204)
    }
    assert.equal((await send(port, { method: 'DELETE', path: itemUrl(KNOWN_ID), headers: JSON_AUTH })).statusCode, 204)
    assert.equal(store.entitySet(ENTITY_SET).get(KNOWN_ID), undefined)
  })

  test('a PATCH still needs its body', async (t) => {
    const { port } = await buildListeningApp(t)
    assert.equal(errorOf(await send(port, { path: itemUrl(KNOWN_ID) })).message, MESSAGES.emptyPayload)
    assert.equal(errorOf(await send(port, { path: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': 'text/plain' }, body: 'x' })).message, MESSAGES.unreadableJson)
  })
})

test('errors quote at most 200 characters of what the client sent, wherever it went', async (t) => {
  const { app, store } = buildTestApp(t)
  const before = snapshot(store)
  const long = 'x'.repeat(3_000_000)
  const answers = [
    await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}/${KNOWN_ID}`, payload: { sessionKey: 'k', sessionType: long, pubSubEncryptionKey: null, pubSubEncryption: null } }),
    await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}`, payload: { [long]: { sessionType: 1 } } }),
    await app.inject({ method: 'PUT', url: `/_mock/store/${ENTITY_SET}/${KNOWN_ID}`, payload: { sessionKey: 'k', sessionType: null, pubSubEncryptionKey: null, pubSubEncryption: null, [long]: 1 } }),
    await app.inject({ url: `/beta/${'s'.repeat(15_000)}`, headers: AUTH }),
    await app.inject({ url: `/${'v'.repeat(15_000)}/x`, headers: AUTH }),
    await app.inject({ url: `/_mock/requests?since=${'n'.repeat(15_000)}` }),
    await app.inject({ url: `/_mock/${'c'.repeat(15_000)}` })
  ]
  for (const answer of answers) {
    assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, answer.body.slice(0, 300))
    const { message } = JSON.parse(answer.body).error as { message: string }
    assert.ok(message.length < 800, `${message.length} characters: ${message.slice(0, 300)}`)
  }
  assert.equal(snapshot(store), before)
})

describe('hostile bodies', () => {
  test('a chunked upload is journaled by the bytes received: a 3 MiB body as null, a small one whole, and the listing still answers', async (t) => {
    const { app, port } = await buildListeningApp(t)
    const large = JSON.stringify({ sessionKey: 'v'.repeat(3 * 1024 * 1024) })
    for (let i = 0; i < 5; i++) assert.equal(await chunkedPatch(port, itemUrl('no-such-id'), large), 404)
    assert.equal(await chunkedPatch(port, itemUrl(KNOWN_ID), '{"sessionType":"elevation"}'), 200)
    const listing = await app.inject('/_mock/requests')
    assert.equal(listing.statusCode, 200)
    assert.ok(listing.body.length < 100_000, `${listing.body.length} characters`)
    const { entries } = listing.json<{ entries: Array<{ headers: Record<string, string>, body: unknown }> }>()
    assert.deepEqual(entries.map((entry) => [entry.headers['transfer-encoding'], entry.body]), [
      ...Array.from({ length: 5 }, () => ['chunked', null]),
      ['chunked', { sessionType: 'elevation' }]
    ])
  })

  test('prototype keys at any depth are refused by name, and pollute nothing', async (t) => {
    const { app, store } = buildTestApp(t)
    const before = snapshot(store)
    const bodies = [
      '{"__proto__":{"polluted":true},"sessionKey":"k"}',
      '{"constructor":{"prototype":{"polluted":true}},"sessionKey":"k"}',
      '{"sessionKey":"k","sessionType":{"__proto__":{"polluted":true}}}',
      '{"sessionKey":{"a":[{"b":{"__proto__":{"polluted":true}}}]}}',
      '[{"__proto__":{"polluted":true}}]'
    ]
    for (const payload of bodies) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload })
      assert.equal(res.statusCode, 400, payload)
      assert.equal(errorOf({ statusCode: res.statusCode, headers: res.headers, body: res.body }).code, 'ModelValidationFailure')
    }
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined)
    assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false)
    assert.equal(snapshot(store), before)
  })

  test('a 1 MB property name is refused, and the message quotes only its start', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const before = snapshot(store)
    const res = await send(port, { path: itemUrl(KNOWN_ID), body: JSON.stringify({ ['k'.repeat(1_000_000)]: 1 }) })
    assert.equal(res.statusCode, 400)
    const { message } = errorOf(res)
    assert.ok(message.length < 500, `message of ${message.length} characters`)
    assert.match(message, /^The property 'k{200}…' does not exist on type/)
    await assertUnchangedAndServing(port, store, before)
  })

  test('a 3 MB string is stored whole; a body over 4 MB is refused with 413 and changes nothing', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const long = 'v'.repeat(3_000_000)
    const stored = await send(port, { path: itemUrl(KNOWN_ID), body: JSON.stringify({ sessionKey: long }) })
    assert.equal(stored.statusCode, 200)
    assert.equal((JSON.parse(stored.body) as { sessionKey: string }).sessionKey, long)

    const before = snapshot(store)
    const tooLarge = await send(port, { path: itemUrl(KNOWN_ID), body: JSON.stringify({ sessionKey: 'v'.repeat(5 * 1024 * 1024) }) })
    assert.equal(tooLarge.statusCode, 413)
    errorOf(tooLarge)
    await assertUnchangedAndServing(port, store, before)
  })

  test('100,000 levels of nesting get a 400, and the journal still reads', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const before = snapshot(store)
    const depth = 100_000
    for (const body of [
      `{"sessionKey":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `{"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
      `${'['.repeat(depth)}${']'.repeat(depth)}`
    ]) {
      const res = await send(port, { path: itemUrl(KNOWN_ID), body })
      assert.equal(res.statusCode, 400)
      errorOf(res)
    }
    const journal = await send(port, { method: 'GET', path: '/_mock/requests', headers: {} })
    assert.equal(journal.statusCode, 200)
    assert.deepEqual((JSON.parse(journal.body) as { entries: Array<{ status: number }> }).entries.map((entry) => entry.status), [400, 400, 400])
    await assertUnchangedAndServing(port, store, before)
  })

  test('bytes that are not UTF-8 are refused as unreadable JSON, not stored as U+FFFD', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const before = snapshot(store)
    const invalid = [
      [0xff, 0xfe], // never valid in UTF-8
      [0xc0, 0xaf], // an overlong '/'
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate
      [0xe2, 0x82] // a sequence cut short
    ]
    for (const bytes of invalid) {
      const body = Buffer.concat([Buffer.from('{"sessionKey":"a'), Buffer.from(bytes), Buffer.from('"}')])
      const res = await send(port, { path: itemUrl(KNOWN_ID), body })
      assert.equal(res.statusCode, 400, JSON.stringify(bytes))
      assert.deepEqual(errorOf(res), { code: 'BadRequest', message: MESSAGES.unreadableJson, innerError: JSON.parse(res.body).error.innerError })
    }
    const accepted = await send(port, { path: itemUrl(KNOWN_ID), body: Buffer.from('{"sessionKey":"ключ-🔑"}') })
    assert.equal(accepted.statusCode, 200)
    assert.equal((JSON.parse(accepted.body) as { sessionKey: string }).sessionKey, 'ключ-🔑')
    // A byte order mark is skipped as a UTF-8 reader skips it, not refused or stored.
    const marked = await send(port, { path: itemUrl(KNOWN_ID), body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"sessionKey":"after a BOM"}')]) })
    assert.equal(marked.statusCode, 200)
    assert.equal((JSON.parse(marked.body) as { sessionKey: string }).sessionKey, 'after a BOM')
    assert.notEqual(snapshot(store), before)
  })

  test('a property given twice is refused as OData refuses it, whichever copy is valid', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const before = snapshot(store)
    for (const body of [
      '{"sessionType":"bogus","sessionType":"viewScreen"}',
      '{"sessionType":"viewScreen","sessionType":"bogus"}',
      '{"sessionKey":"a","\\u0073essionKey":"b"}'
    ]) {
      const res = await send(port, { path: itemUrl(KNOWN_ID), body })
      assert.equal(res.statusCode, 400, body)
      assert.match(errorOf(res).message, /^Multiple properties with the name 'session(Type|Key)' were detected in a resource or a complex value\. In OData, duplicate property names are not allowed\.$/)
    }
    await assertUnchangedAndServing(port, store, before)
  })
})

describe('hostile connections', () => {
  test('slow-loris: stalled headers and bodies get Graph\'s 408 after REQUEST_TIMEOUT_MS while others are served', async (t) => {
    const { port, store } = await buildListeningApp(t, { requestTimeoutMs: 500 })
    const before = snapshot(store)
    const started = Date.now()
    // Half send a whole header block and part of the body, half stop inside the headers.
    const stalled = Array.from({ length: 20 }, async (_, i) => {
      const { closed } = await openRaw(port, i % 2 === 0
        ? `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"sessionType":"elev`
        : `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bea`)
      const received = await closed
      return { received, afterMs: Date.now() - started }
    })
    // The server answers ordinary requests while the stalled ones hang.
    for (let i = 0; i < 5; i++) {
      assert.equal((await send(port, { method: 'GET', path: itemUrl(KNOWN_ID), headers: AUTH })).statusCode, 200)
    }
    for (const { received, afterMs } of await Promise.all(stalled)) {
      assert.match(received, /^HTTP\/1\.1 408 Request Timeout\r\n/)
      assert.match(received, /\r\nrequest-id: [0-9a-f-]{36}\r\n/)
      assert.match(received, /\r\n\r\n\{"error":\{"code":"RequestTimeout","message":"The request was not received in time\."/)
      assert.ok(afterMs >= 450 && afterMs < 5000, `closed after ${afterMs} ms`)
    }
    assert.equal(snapshot(store), before)
    await assertUnchangedAndServing(port, store, before)
  })

  test('a header flood gets Graph\'s 431; 200 ordinary headers are still served', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const before = snapshot(store)
    const flood = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`x-flood-${i}`, 'v']))
    const refused = await send(port, { method: 'GET', path: itemUrl(KNOWN_ID), headers: { ...AUTH, ...flood } })
    assert.equal(refused.statusCode, 431)
    assert.equal(errorOf(refused).code, 'RequestHeaderFieldsTooLarge')

    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-header-${i}`, 'value']))
    const served = await send(port, { method: 'GET', path: itemUrl(KNOWN_ID), headers: { ...AUTH, ...many } })
    assert.equal(served.statusCode, 200)
    await assertUnchangedAndServing(port, store, before)
  })

  test('a request without a Host header is answered like any other', async (t) => {
    const { port } = await buildListeningApp(t)
    const received = await rawExchange(port, `GET ${itemUrl('no-such-id')} HTTP/1.1\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n`)
    assert.match(received, /^HTTP\/1\.1 404 Not Found\r\n/)
    assert.match(received, /"code":"ResourceNotFound"/)
  })

  test('without a Host header, the answer\'s absolute URLs name the address the connection reached', async (t) => {
    const { port } = await buildListeningApp(t)
    const received = await rawExchange(port, `GET ${COLLECTION_URL}?$top=1 HTTP/1.0\r\nAuthorization: Bearer t\r\n\r\n`)
    const { status, body } = parseRawAnswer<Record<string, string>>(received)
    assert.equal(status, 200)
    assert.equal(body['@odata.context'], `http://127.0.0.1:${port}/beta/$metadata#${ENTITY_SET}`)
    assert.match(body['@odata.nextLink'] ?? '', new RegExp(`^http://127\\.0\\.0\\.1:${port}/beta/${ENTITY_SET}\\?\\$top=1&\\$skiptoken=`))
  })

  test('huge URLs: past the header limit a 431, an over-long id a 404, a long query string is ignored', async (t) => {
    const { port, store } = await buildListeningApp(t)
    const before = snapshot(store)
    const huge = await send(port, { method: 'GET', path: `${itemUrl(KNOWN_ID)}?q=${'x'.repeat(100_000)}`, headers: AUTH })
    assert.equal(huge.statusCode, 431)
    errorOf(huge)

    const longId = await send(port, { method: 'GET', path: itemUrl('x'.repeat(10_000)), headers: AUTH })
    assert.equal(longId.statusCode, 404)
    assert.equal(errorOf(longId).code, 'ResourceNotFound')

    const longQuery = await send(port, { method: 'GET', path: `${itemUrl(KNOWN_ID)}?q=${'x'.repeat(10_000)}`, headers: AUTH })
    assert.equal(longQuery.statusCode, 200)
    await assertUnchangedAndServing(port, store, before)
  })
})

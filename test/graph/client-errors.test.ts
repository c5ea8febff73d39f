import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { AUTH, GUID, KNOWN_ID, buildListeningApp, itemUrl } from '../helper.js'

/** Writes raw bytes and reads until the server closes the connection. */
function rawExchange (port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let response = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => { response += chunk })
    socket.on('close', () => resolve(response))
    socket.on('error', reject)
  })
}

function parse (response: string) {
  const [head = '', body = ''] = response.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers = Object.fromEntries(headerLines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
  }))
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) }
}

const cases: Array<[string, string, number, string]> = [
  ['an unknown HTTP method', 'FROB / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'BadRequest'],
  ['a malformed request line', 'GET\r\n\r\n', 400, 'BadRequest'],
  ['headers larger than Node accepts', `GET / HTTP/1.1\r\nHost: x\r\nX-Flood: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'RequestHeaderFieldsTooLarge']
]
for (const [name, request, status, code] of cases) {
  test(`${name} gets Graph's envelope and headers, and the server keeps serving`, async (t) => {
    const { port } = await buildListeningApp(t)
    const { status: actual, headers, body } = parse(await rawExchange(port, request))
    assert.equal(actual, status)
    assert.equal(headers['content-type'], 'application/json')
    assert.match(headers['request-id'] ?? '', GUID)
    assert.ok(headers['x-ms-ags-diagnostic'])
    assert.equal(body.error.code, code)
    assert.equal(body.error.innerError['request-id'], headers['request-id'])
    const after = await fetch(`http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`, { headers: AUTH })
    assert.equal(after.status, 200)
  })
}

import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import { test } from 'node:test'
import { JSON_AUTH, KNOWN_ID, buildListeningApp, itemUrl } from '../helper.js'

test('a request arriving while the server drains gets Graph\'s 503 with Retry-After, and the one in flight completes', async (t) => {
  const { app, port } = await buildListeningApp(t)
  const body = '{"sessionKey":"drain"}'
  const head = (length: number) => `PATCH ${itemUrl(KNOWN_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`

  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => { received += chunk })
  const closed = new Promise((resolve) => socket.on('close', resolve))
  // The first request is in flight (its body half sent) when the server starts closing.
  socket.write(head(body.length) + body.slice(0, 5))
  await setTimeout(50)
  const closing = app.close()
  await setTimeout(50)
  socket.write(body.slice(5) + head(body.length) + body)
  await closed
  await closing

  const responses = received.split(/(?=HTTP\/1\.1 )/)
  assert.equal(responses.length, 2)
  assert.match(responses[0] ?? '', /^HTTP\/1\.1 200 /)
  assert.match(responses[1] ?? '', /^HTTP\/1\.1 503 /)
  assert.match(responses[1] ?? '', /\r\nretry-after: 1\r\n/i)
  assert.match(responses[1] ?? '', /\r\nrequest-id: [0-9a-f-]{36}\r\n/i)
  assert.equal(JSON.parse((responses[1] ?? '').split('\r\n\r\n')[1] ?? '').error.code, 'serviceNotAvailable')
})

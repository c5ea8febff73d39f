import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import { test } from 'node:test'
import { JSON_AUTH, buildListeningApp, itemUrl } from './helper.js'

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

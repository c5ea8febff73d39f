import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import pino from 'pino'
import { buildApp } from '../src/app.js'
import { loggerOptions } from '../src/logger.js'
import { secretProperties } from '../src/resources/index.js'
import { KNOWN_ID, appClaims, freshState, itemUrl, unsignedJwt } from './helper.js'

const SECRET_TOKEN = 'super-secret-token-value'
const SECRET_KEY = 'c2VjcmV0LWVuY3J5cHRpb24ta2V5'

function capture () {
  const lines: string[] = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    }
  })
  return { lines, stream }
}

test('logs are JSON lines at the configured level', async (t) => {
  const { lines, stream } = capture()
  const app = buildApp({ ...freshState(), logger: { ...(await loggerOptions('info', false, secretProperties())), stream } })
  t.after(() => app.close())
  await app.inject({ url: itemUrl(KNOWN_ID), headers: { authorization: 'Bearer x' } })
  assert.ok(lines.length > 0)
  for (const line of lines) assert.equal(JSON.parse(line).level >= 30, true)
})

test('no log line holds a bearer token or an encryption key, whatever the request', async (t) => {
  const { lines, stream } = capture()
  const app = buildApp({ ...freshState(), logger: { ...(await loggerOptions('trace', false, secretProperties())), stream } })
  t.after(() => app.close())
  const jwt = unsignedJwt(appClaims({ roles: [], secret: SECRET_TOKEN }))
  const requests = [
    { method: 'PATCH' as const, headers: { authorization: `Bearer ${SECRET_TOKEN}`, 'content-type': 'application/json' }, payload: { pubSubEncryptionKey: SECRET_KEY } },
    { method: 'PATCH' as const, headers: { authorization: `Bearer ${SECRET_TOKEN}`, 'content-type': 'application/json' }, payload: { pubSubEncryptionKey: SECRET_KEY, unknown: 1 } },
    { method: 'PATCH' as const, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, payload: { pubSubEncryptionKey: SECRET_KEY } },
    { method: 'POST' as const, headers: { authorization: `Bearer ${SECRET_TOKEN}`, 'content-type': 'application/json' }, payload: `{"pubSubEncryptionKey":"${SECRET_KEY}"` }
  ]
  for (const request of requests) {
    await app.inject({ ...request, url: request.method === 'POST' ? '/beta/RequestRemoteHelpSessionAccessResponse' : itemUrl(KNOWN_ID) })
  }
  const log = lines.join('')
  assert.ok(lines.filter((line) => line.includes('"msg":"request completed"')).length === requests.length, 'every request was logged')
  assert.equal(log.includes(SECRET_TOKEN), false)
  assert.equal(log.includes(jwt.split('.')[1] ?? jwt), false)
  assert.equal(log.includes(SECRET_KEY), false)
})

test('the redaction paths hide headers and keys wherever a handler might log them', async () => {
  const { lines, stream } = capture()
  const logger = pino({ redact: (await loggerOptions('info', false, secretProperties())).redact }, stream)
  logger.info({ req: { headers: { authorization: `Bearer ${SECRET_TOKEN}` } }, body: { pubSubEncryptionKey: SECRET_KEY } })
  logger.info({ req: { body: { pubSubEncryptionKey: SECRET_KEY } }, headers: { authorization: SECRET_TOKEN } })
  const log = lines.join('')
  assert.equal(log.includes(SECRET_TOKEN), false)
  assert.equal(log.includes(SECRET_KEY), false)
  assert.equal((log.match(/\[REDACTED\]/g) ?? []).length, 4)
})

test('pretty output only on a terminal', async (t) => {
  const terminal = capture()
  const app = buildApp({ ...freshState(), logger: await loggerOptions('info', true, secretProperties(), terminal.stream) })
  t.after(() => app.close())
  await app.inject({ url: itemUrl(KNOWN_ID), headers: { authorization: 'Bearer x' } })
  await app.close()
  const pretty = terminal.lines.join('')
  assert.match(pretty, /INFO: request completed\n\s+reqId: "[0-9a-f-]{36}"\n\s+method: "GET"/)
  assert.throws(() => JSON.parse(terminal.lines[0] ?? ''))
  assert.equal((await loggerOptions('info', false, secretProperties())).stream, undefined)
})

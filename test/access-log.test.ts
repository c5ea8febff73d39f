import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test, type TestContext } from 'node:test'
import { buildApp } from '../src/app.js'
import { loggerOptions } from '../src/logger.js'
import { secretProperties, storedSets } from '../src/resources/index.js'
import { AUTH, JSON_AUTH, KNOWN_ID, appClaims, freshState, itemUrl, nowSeconds, unsignedJwt } from './helper.js'
import { rawExchange } from './raw-socket.js'

type Level = Parameters<typeof loggerOptions>[0]

/** An app logging at `level` into an array of parsed lines. */
async function loggingApp (t: TestContext, level: Level) {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    }
  })
  const app = buildApp({ ...freshState(), logger: { ...(await loggerOptions(level, false, secretProperties())), stream } })
  t.after(() => app.close())
  await app.ready()
  return { app, lines }
}

test('a refused request writes one line, with the code and message it was answered with', async (t) => {
  const { app, lines } = await loggingApp(t, 'info')
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { 'content-type': 'application/json' }, payload: '{}' })
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...JSON_AUTH, authorization: `Bearer ${unsignedJwt(appClaims({ exp: nowSeconds() - 3600 }))}` }, payload: '{}' })
  await app.inject({ url: '/beta/nothingHere', headers: AUTH })
  await app.inject('/_mock/store/nothingHere')
  assert.deepEqual(lines.map((line) => [line['msg'], line['statusCode'], line['code'], line['message']]), [
    ['request completed', 401, 'InvalidAuthenticationToken', 'Access token is empty.'],
    ['request completed', 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'],
    ['request completed', 400, 'BadRequest', "Resource not found for the segment 'nothingHere'."],
    ['request completed', 404, 'ResourceNotFound', `No entity set 'nothingHere'. Known entity sets: ${storedSets().join(', ')}.`]
  ])
})

test('a request a fault rule fired on names the rule on its one line', async (t) => {
  const { app, lines } = await loggingApp(t, 'info')
  const rule = (await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 429 } })).json<{ id: string }>()
  lines.length = 0
  await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })
  assert.equal(lines.length, 1)
  assert.deepEqual([lines[0]?.['statusCode'], lines[0]?.['code'], lines[0]?.['faultRuleId']], [429, 'TooManyRequests', rule.id])
})

test('an answered request has no refusal on its line; debug adds its headers, trace its small body, credentials redacted', async (t) => {
  for (const level of ['info', 'debug', 'trace'] as const) {
    const { app, lines } = await loggingApp(t, level)
    await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...JSON_AUTH, 'x-app': 'one' }, payload: { pubSubEncryptionKey: 'secret-key', sessionKey: 'k' } })
    assert.equal(lines.length, 1, level)
    const [line = {}] = lines
    assert.equal(line['code'], undefined)
    const headers = line['headers'] as Record<string, string> | undefined
    assert.deepEqual(headers === undefined ? undefined : [headers['x-app'], headers['authorization']], level === 'info' ? undefined : ['one', '[REDACTED]'], level)
    assert.deepEqual(line['body'], level === 'trace' ? { pubSubEncryptionKey: '[REDACTED]', sessionKey: 'k' } : undefined, level)
  }
})

test('at trace, bodies of control-API and token requests are not logged: they carry secrets no redaction path follows', async (t) => {
  const { app, lines } = await loggingApp(t, 'trace')
  await app.inject({ method: 'PUT', url: '/_mock/token-clients/app-1', payload: { roles: [], secret: 'client-secret-value' } })
  await app.inject({ method: 'PUT', url: `/_mock/store/RequestRemoteHelpSessionAccessResponse/${KNOWN_ID}`, payload: { sessionKey: 'k', sessionType: null, pubSubEncryptionKey: 'nested-key-value', pubSubEncryption: null } })
  await app.inject({ method: 'POST', url: '/contoso.com/oauth2/v2.0/token', headers: { 'content-type': 'application/json' }, payload: { client_secret: 'json-secret-value' } })
  const log = JSON.stringify(lines)
  assert.equal(lines.length, 3)
  for (const secret of ['client-secret-value', 'nested-key-value', 'json-secret-value']) assert.equal(log.includes(secret), false, secret)
})

test('secrets in a query string and overlong URLs are not logged', async (t) => {
  const { app, lines } = await loggingApp(t, 'info')
  await app.inject({ method: 'POST', url: '/contoso.com/oauth2/v2.0/token?client_secret=s3cret&client%5Fassertion=jwt&scope=x', payload: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  await app.inject({ url: `/beta/${'x'.repeat(5000)}`, headers: AUTH })
  assert.equal(lines.length, 2)
  const [token, long] = lines
  assert.equal(token?.['code'], 'invalid_request')
  assert.match(String(token?.['message']), /^AADSTS900144: The request body must contain the following parameter: 'client_id'\./)
  assert.equal(token?.['url'], '/contoso.com/oauth2/v2.0/token?client_secret=[REDACTED]&client%5Fassertion=[REDACTED]&scope=x')
  assert.equal(String(long?.['url']).length, 201)
  assert.ok(String(long?.['message']).length < 400)
})

test('a request Node\'s own parser refuses writes its one line too, with the code it was answered with', async (t) => {
  const { app, lines } = await loggingApp(t, 'info')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const raw = [
    'FROB / HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /beta/x?client_secret=s3cret HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n',
    'CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: graph.microsoft.com:443\r\n\r\n'
  ]
  for (const request of raw) await rawExchange(port, request)
  const refused = lines.filter((line) => line['msg'] === 'request completed')
  assert.deepEqual(refused.map((line) => [line['statusCode'], line['code'], line['method'], line['url']]), [
    [400, 'BadRequest', undefined, undefined],
    [417, 'ExpectationFailed', 'GET', '/beta/x?client_secret=[REDACTED]'],
    [400, 'BadRequest', 'CONNECT', 'graph.microsoft.com:443']
  ])
})

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { BUNDLED_FIXTURE_ID, failedStart, startServer } from './server-process.js'
import { ENTITY_SET } from './helper.js'

const headers = { authorization: 'Bearer anything', 'content-type': 'application/json' }

describe('the server as `npm start` runs it', () => {
  test('serves the quick start: PATCH a bundled fixture, 200 with the whole object, kept for the next request', async (t) => {
    const server = await startServer(t)
    const url = `${server.baseUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`
    const patched = await fetch(url, { method: 'PATCH', headers, body: '{"sessionType":"takeFullControl"}' })
    assert.equal(patched.status, 200)
    const body = await patched.json() as Record<string, string>
    assert.deepEqual(Object.keys(body).sort(), ['@odata.type', 'pubSubEncryption', 'pubSubEncryptionKey', 'sessionKey', 'sessionType'])
    assert.equal(body['@odata.type'], '#microsoft.graph.requestRemoteHelpSessionAccessResponse')
    assert.equal(body.sessionType, 'takeFullControl')
    const fetched = await fetch(url, { headers })
    assert.deepEqual(await fetched.json(), { '@odata.context': `${server.baseUrl}/beta/$metadata#${ENTITY_SET}/$entity`, ...body })
  })

  test('health answers once the bundled fixtures are loaded; MOCK_ADMIN_TOKEN and MOCK_JOURNAL_LIMIT apply', async (t) => {
    const server = await startServer(t, { MOCK_ADMIN_TOKEN: 'ci-admin', MOCK_JOURNAL_LIMIT: '2' })
    const health = await fetch(`${server.baseUrl}/_mock/health`)
    assert.equal(health.status, 200)
    const { records } = await health.json() as { records: Record<string, number> }
    assert.equal(records[ENTITY_SET], 3)
    assert.ok((records['deviceManagement.managedDevices'] ?? 0) >= 25)
    for (let i = 0; i < 3; i++) await fetch(`${server.baseUrl}/beta/${ENTITY_SET}`, { headers })
    assert.equal((await fetch(`${server.baseUrl}/_mock/requests`)).status, 401)
    const journal = await fetch(`${server.baseUrl}/_mock/requests`, { headers: { authorization: 'Bearer ci-admin' } })
    const { entries, evicted } = await journal.json() as { entries: unknown[], evicted: number }
    assert.deepEqual([entries.length, evicted], [2, 1])
  })

  test('AUTH_MODE=off says so loudly at start, and lets a request without a token in', async (t) => {
    const server = await startServer(t, { AUTH_MODE: 'off' })
    const warning = server.stdout().split('\n').filter((line) => line.includes('AUTH_MODE=off')).map((line) => JSON.parse(line) as { level: number })
    assert.equal(warning[0]?.level, 40)
    const res = await fetch(`${server.baseUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`)
    assert.equal(res.status, 200)
  })

  test('logs JSON lines with the records loaded and the URLs it listens on, and never the token', async (t) => {
    const server = await startServer(t)
    await fetch(`${server.baseUrl}/beta/${ENTITY_SET}`, { headers: { authorization: 'Bearer secret-in-logs-check' } })
    server.child.kill('SIGTERM')
    await server.exit
    const lines = server.stdout().trim().split('\n').map((line) => JSON.parse(line))
    assert.ok(lines.some((line) => line.msg === 'graph-mock ready' && line.records[ENTITY_SET] >= 3 && line.urls[0] === server.baseUrl))
    assert.equal(server.stdout().includes('secret-in-logs-check'), false)
  })

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} closes gracefully and exits 0`, async (t) => {
      const server = await startServer(t)
      assert.equal((await fetch(`${server.baseUrl}/beta/${ENTITY_SET}`, { headers })).status, 200)
      server.child.kill(signal)
      const { code } = await server.exit
      assert.equal(code, 0)
      assert.match(server.stdout(), new RegExp(`"signal":"${signal}".*"msg":"closing"`))
    })
  }

  test('many concurrent PATCHes never tear an object', async (t) => {
    const server = await startServer(t)
    const url = `${server.baseUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`
    const updates = Array.from({ length: 60 }, (_, i) => ({
      sessionKey: `key-${i}`, pubSubEncryptionKey: `enc-${i}`, pubSubEncryption: `alg-${i}`, sessionType: i % 2 === 0 ? 'viewScreen' : 'elevation'
    }))
    const consistent = (record: Record<string, string>) => {
      const i = record['sessionKey']?.slice(4)
      return record['pubSubEncryptionKey'] === `enc-${i}` && record['pubSubEncryption'] === `alg-${i}` && record['sessionType'] === (Number(i) % 2 === 0 ? 'viewScreen' : 'elevation')
    }
    const responses = await Promise.all(updates.map((update) => fetch(url, { method: 'PATCH', headers, body: JSON.stringify(update) }).then((res) => res.json() as Promise<Record<string, string>>)))
    for (const record of responses) assert.ok(consistent(record), JSON.stringify(record))
    const final = await (await fetch(url, { headers })).json() as Record<string, string>
    assert.ok(consistent(final))
  })
})

/** One HTTPS request trusting only `ca`, as an app with NODE_EXTRA_CA_CERTS would. */
async function httpsCall (url: string, ca: string, init: { method?: string, headers?: Record<string, string>, body?: string } = {}) {
  return await new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

describe('HTTPS beside HTTP', () => {
  test('both listeners share one state; the CA is written to TLS_DIR, served, and kept across restarts', async (t) => {
    const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-tls-'))
    t.after(() => rm(tlsDir, { recursive: true, force: true }))
    const env = { HTTPS_PORT: '0', TLS_DIR: tlsDir }
    const server = await startServer(t, env)
    assert.match(server.httpsUrl ?? '', /^https:/)
    const ca = await readFile(join(tlsDir, 'ca.pem'), 'utf8')

    const patched = await httpsCall(`${server.httpsUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`, ca, { method: 'PATCH', headers, body: '{"sessionType":"unattended"}' })
    assert.equal(patched.status, 200)
    const overHttp = await fetch(`${server.baseUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`, { headers })
    assert.equal((await overHttp.json() as { sessionType: string }).sessionType, 'unattended')
    const journal = await (await fetch(`${server.baseUrl}/_mock/requests`)).json() as { entries: Array<{ method: string }> }
    assert.deepEqual(journal.entries.map((entry) => entry.method), ['PATCH', 'GET'])
    assert.equal((await httpsCall(`${server.httpsUrl}/_mock/ca.pem`, ca)).body, ca)
    assert.equal(await (await fetch(`${server.baseUrl}/_mock/ca.pem`)).text(), ca)

    server.child.kill('SIGTERM')
    assert.equal((await server.exit).code, 0)
    const restarted = await startServer(t, env)
    assert.equal(await readFile(join(tlsDir, 'ca.pem'), 'utf8'), ca)
    assert.equal((await httpsCall(`${restarted.httpsUrl}/_mock/health`, ca)).status, 200)
  })

  test('without HTTPS there is no CA to serve', async (t) => {
    const server = await startServer(t)
    const res = await fetch(`${server.baseUrl}/_mock/ca.pem`)
    assert.equal(res.status, 404)
    assert.match((await res.json() as { error: { message: string } }).error.message, /HTTPS is off/)
  })
})

describe('a bad start stops with a message that says what to fix, and exit code 1', () => {
  test('a bad PORT', async () => {
    const { code, stderr } = await failedStart({ PORT: 'http' })
    assert.equal(code, 1)
    assert.match(stderr, /Invalid PORT="http": must be an integer port from 0 to 65535/)
  })

  test('a missing fixtures directory', async () => {
    const { code, stderr } = await failedStart({ FIXTURES_DIR: '/nonexistent/fixtures' })
    assert.equal(code, 1)
    assert.match(stderr, /Fixtures directory \/nonexistent\/fixtures does not exist/)
  })

  test('a bad fixture record, named by file, id and property', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-mock-bad-'))
    t.after(() => rm(dir, { recursive: true, force: true }))
    await writeFile(join(dir, `${ENTITY_SET}.json`), JSON.stringify({ 'bad-one': { sessionKey: 'k', sessionType: 'fullAccess', pubSubEncryptionKey: null, pubSubEncryption: null } }))
    const { code, stderr } = await failedStart({ FIXTURES_DIR: dir })
    assert.equal(code, 1)
    assert.match(stderr, new RegExp(`${ENTITY_SET}\\.json: record 'bad-one' property 'sessionType'`))
    assert.equal(stderr.includes('    at '), false, 'no stack trace for an expected failure')
  })

  test('HTTPS with half of the certificate settings', async () => {
    const { code, stderr } = await failedStart({ HTTPS_PORT: '0', TLS_CERT_FILE: '/nowhere/tls.crt' })
    assert.equal(code, 1)
    assert.equal(stderr, 'graph-mock could not start: Set both TLS_CERT_FILE and TLS_KEY_FILE, or neither for a generated certificate.\n')
  })

  test('a certificate without HTTPS_PORT, which nothing would serve', async () => {
    const { code, stderr } = await failedStart({ TLS_CERT_FILE: '/certs/tls.crt', TLS_KEY_FILE: '/certs/tls.key' })
    assert.equal(code, 1)
    assert.equal(stderr, 'graph-mock could not start: TLS_CERT_FILE and TLS_KEY_FILE are the certificate of HTTPS, which HTTPS_PORT turns on: set HTTPS_PORT too, or leave them out.\n')
  })

  test('a port already in use', async (t) => {
    const first = await startServer(t)
    const { code, stderr } = await failedStart({ PORT: new URL(first.baseUrl).port })
    assert.equal(code, 1)
    assert.equal(stderr, `graph-mock could not start: listen EADDRINUSE: address already in use 127.0.0.1:${new URL(first.baseUrl).port} (PORT). Set PORT to a free port (or 0 for any) and HOST to an address of this machine.\n`)
  })
})

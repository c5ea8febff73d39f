import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from 'node:test'
import { startServer } from '../server-process.js'

const SESSION_ID = '0f3c5a8e-2b7d-4e61-9c1a-5d8f2e7b4a90'
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'

test('@azure/identity and @microsoft/microsoft-graph-client run an app\'s whole flow against graph-mock over HTTPS', async (t) => {
  const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-sdk-'))
  t.after(() => rm(tlsDir, { recursive: true, force: true }))
  const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed' })
  const { port } = new URL(server.httpsUrl ?? '')
  const control = (path: string, method: string, body: unknown) =>
    fetch(`${server.baseUrl}/_mock${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  assert.equal((await control('/token-clients/unprivileged-app', 'PUT', { roles: ['DeviceManagementConfiguration.Read.All'] })).status, 200)
  assert.equal((await control('/faults', 'POST', { method: 'PATCH', status: 429, retryAfterSeconds: 1 })).status, 201)

  // The app sees nothing but base URLs, credentials and a CA to trust, as in production.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/clients/graph-client-app.ts'], {
    env: {
      PATH: process.env['PATH'],
      NODE_EXTRA_CA_CERTS: join(tlsDir, 'ca.pem'),
      GRAPH_BASE_URL: `https://localhost:${port}`,
      AUTHORITY_HOST: `https://localhost:${port}`,
      TENANT_ID,
      CLIENT_ID: 'remote-help-app',
      UNPRIVILEGED_CLIENT_ID: 'unprivileged-app',
      CLIENT_SECRET: 'app-secret',
      SESSION_ID,
      SESSION_TYPE: 'elevation'
    },
    timeout: 60_000
  })
  const results = JSON.parse(stdout)

  assert.equal(results.patched['@odata.type'], '#microsoft.graph.requestRemoteHelpSessionAccessResponse')
  assert.equal(results.patched.sessionType, 'elevation')
  assert.deepEqual(results.fetched, results.patched)
  assert.equal(results.notFound.type, 'GraphError')
  assert.equal(results.notFound.statusCode, 404)
  assert.equal(results.notFound.code, 'ResourceNotFound')
  assert.match(results.notFound.requestId, /^[0-9a-f-]{36}$/)
  assert.deepEqual([results.forbidden.statusCode, results.forbidden.code], [403, 'Forbidden'])

  // The 429 was retried by the SDK after Retry-After, with the token the issuer signed.
  const journal = await (await fetch(`${server.baseUrl}/_mock/requests?method=PATCH`)).json() as { entries: Array<{ status: number, headers: Record<string, string> }> }
  assert.deepEqual(journal.entries.map((entry) => entry.status), [429, 200, 403])
  assert.ok(journal.entries.every((entry) => entry.headers['authorization'] === 'Bearer [REDACTED]'))
})

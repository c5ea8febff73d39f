import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { BUNDLED_FIXTURE_ID, startServer } from '../server-process.js'
import { runSdkApp, tenantControl } from './sdk-app.js'

interface Failure { thrown: boolean, type?: string, statusCode?: number, code?: string, requestId?: string }
interface AppResults { patched: Record<string, string>, fetched: Record<string, string>, notFound: Failure, forbidden: Failure }

/**
 * Starts graph-mock with HTTPS and signed tokens, registers an app without the write role,
 * throttles the first PATCH, then runs `script` as its own process; resolves with what it
 * printed and the PATCHes graph-mock journaled.
 */
async function runApp (t: TestContext, script: string) {
  const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-sdk-'))
  t.after(() => rm(tlsDir, { recursive: true, force: true }))
  const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed' })
  const control = (path: string, method: string, body: unknown) =>
    fetch(`${tenantControl(server.baseUrl)}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  assert.equal((await control('/token-clients/unprivileged-app', 'PUT', { roles: ['DeviceManagementConfiguration.Read.All'] })).status, 200)
  assert.equal((await control('/faults', 'POST', { method: 'PATCH', status: 429, retryAfterSeconds: 1 })).status, 201)

  const stdout = await runSdkApp(script, {
    httpsUrl: server.httpsUrl ?? '',
    tlsDir,
    env: { UNPRIVILEGED_CLIENT_ID: 'unprivileged-app', SESSION_ID: BUNDLED_FIXTURE_ID, SESSION_TYPE: 'elevation' }
  })
  const journal = await (await fetch(`${tenantControl(server.baseUrl)}/requests?method=PATCH`)).json() as { entries: Array<{ status: number, headers: Record<string, string> }> }
  return { results: JSON.parse(stdout) as AppResults, patches: journal.entries }
}

function assertCommonFlow ({ results, patches }: Awaited<ReturnType<typeof runApp>>) {
  assert.equal(results.patched['@odata.type'], '#microsoft.graph.requestRemoteHelpSessionAccessResponse')
  assert.equal(results.patched['sessionType'], 'elevation')
  // A read names what it holds in @odata.context; the write's answer does not.
  const { '@odata.context': context, ...fetched } = results.fetched
  assert.match(context ?? '', /^https:\/\/localhost:\d+\/beta\/\$metadata#RequestRemoteHelpSessionAccessResponse\/\$entity$/)
  assert.deepEqual(fetched, results.patched)
  assert.equal(results.notFound.statusCode, 404)
  assert.match(results.notFound.requestId ?? '', /^[0-9a-f-]{36}$/)
  assert.equal(results.forbidden.statusCode, 403)
  // The 429 was retried by the SDK after Retry-After, each time with the token the issuer signed.
  assert.deepEqual(patches.map((entry) => entry.status), [429, 200, 403])
  assert.ok(patches.every((entry) => entry.headers['authorization'] === 'Bearer [REDACTED]'))
}

test('@azure/identity with @microsoft/microsoft-graph-client v3 runs an app\'s whole flow over HTTPS', async (t) => {
  const run = await runApp(t, 'test/clients/graph-client-app.ts')
  assertCommonFlow(run)
  assert.deepEqual([run.results.notFound.type, run.results.notFound.code], ['GraphError', 'ResourceNotFound'])
  assert.deepEqual([run.results.forbidden.type, run.results.forbidden.code], ['GraphError', 'Forbidden'])
})

test('@azure/identity with the Kiota stack (raw RequestInformation) runs the same flow over HTTPS', async (t) => {
  const run = await runApp(t, 'test/clients/kiota-app.ts')
  assertCommonFlow(run)
  assert.deepEqual([run.results.notFound.type, run.results.notFound.code], ['ODataError', 'ResourceNotFound'])
  assert.deepEqual([run.results.forbidden.type, run.results.forbidden.code], ['ODataError', 'Forbidden'])
})

/** startGraphMock, as a test suite runs it in its own process: free ports, its fixtures, its URLs, the control client, close. */
import assert from 'node:assert/strict'
import { request } from 'node:https'
import { createServer, type AddressInfo } from 'node:net'
import { test } from 'node:test'
// The errors a start rejects with, as the package exports them for instanceof checks.
import { ConfigError, FixtureError, ListenError, TlsError, startGraphMock, type GraphMock } from '../src/index.js'
import { BUNDLED_FIXTURE_ID } from './server-process.js'

const AUTH = { authorization: 'Bearer any-token' }
const PARTNERS = 'deviceManagement.remoteAssistancePartners'
const PARTNER_ID = '0d9f6c1e-4b2a-4f3e-9a8b-7c6d5e4f3a2b'
const PARTNER = { displayName: 'TeamViewer', onboardingUrl: null, onboardingStatus: 'notOnboarded', lastConnectionDateTime: null, onboardingRequestExpiryDateTime: null }

async function started (t: { after: (fn: () => Promise<void>) => void }, ...options: Parameters<typeof startGraphMock>): Promise<GraphMock> {
  const graph = await startGraphMock(...options)
  t.after(() => graph.close())
  return graph
}

test('with no options it serves the bundled fixtures on a free loopback port, and the control client resets what a test changed', async (t) => {
  const graph = await started(t)
  assert.match(graph.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal(graph.httpsUrl, undefined)
  assert.equal(graph.ca, undefined)
  const item = `${graph.url}/beta/RequestRemoteHelpSessionAccessResponse/${BUNDLED_FIXTURE_ID}`
  const patched = await fetch(item, { method: 'PATCH', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"sessionType":"elevation"}' })
  assert.equal(patched.status, 200)
  assert.equal((await patched.json() as { sessionType: string }).sessionType, 'elevation')

  await graph.control.reset()
  assert.notEqual((await (await fetch(item, { headers: AUTH })).json() as { sessionType: string }).sessionType, 'elevation')
})

test('two instances in one process keep their state apart', async (t) => {
  const [one, two] = await Promise.all([started(t), started(t)])
  assert.notEqual(one.url, two.url)
  const url = (graph: GraphMock) => `${graph.url}/beta/deviceManagement/remoteAssistancePartners`
  const created = await fetch(url(one), { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"displayName":"Only in one"}' })
  assert.equal(created.status, 201)
  const names = async (graph: GraphMock) => ((await (await fetch(url(graph), { headers: AUTH })).json()) as { value: Array<{ displayName: string }> }).value.map((partner) => partner.displayName)
  assert.ok((await names(one)).includes('Only in one'))
  assert.ok(!(await names(two)).includes('Only in one'))
})

test('fixtures given as objects are the only records, checked as fixture files are', async (t) => {
  const graph = await started(t, { fixtures: { [PARTNERS]: { [PARTNER_ID]: PARTNER } } })
  const partners = await (await fetch(`${graph.url}/beta/deviceManagement/remoteAssistancePartners`, { headers: AUTH })).json() as { value: Array<{ id: string }> }
  assert.deepEqual(partners.value.map((partner) => partner.id), [PARTNER_ID])
  const devices = await (await fetch(`${graph.url}/beta/deviceManagement/managedDevices`, { headers: AUTH })).json() as { value: unknown[] }
  assert.deepEqual(devices.value, [])

  await assert.rejects(startGraphMock({ fixtures: { [PARTNERS]: { [PARTNER_ID]: { ...PARTNER, onboardingStatus: 'sideways' } } } }), (error: Error) => {
    assert.ok(error instanceof FixtureError)
    assert.match(error.message, new RegExp(`^fixtures\\.${PARTNERS}: .*${PARTNER_ID}.*onboardingStatus`))
    return true
  })
  await assert.rejects(startGraphMock({ fixtures: { 'deviceManagement.managedDevice': {} } }), /fixtures\.deviceManagement\.managedDevice: no resource has the entity set 'deviceManagement\.managedDevice'/)
})

test('a bad option is refused with the option\'s own name and how to pass it, and nothing is left listening', async () => {
  await assert.rejects(startGraphMock({ port: 70_000 }), (error: Error) => {
    assert.ok(error instanceof ConfigError)
    assert.equal(error.message, 'Invalid option port: 70000; it must be an integer port from 0 to 65535 (0 picks a free one). Pass it like { port: 4000 }, or leave it out for the default.')
    return true
  })
  await assert.rejects(startGraphMock({ pageSize: 0 }), /^ConfigError: Invalid option pageSize: 0; .* Pass it like \{ pageSize: 1000 \}/)
  // @ts-expect-error: an option no setting has, as a JavaScript suite could pass it.
  await assert.rejects(startGraphMock({ mockPageSize: 5 }), /^TypeError: startGraphMock has no option 'mockPageSize'\. Its options: fixtures, port, host, /)
  // The fix is told in options' words, not the environment's.
  await assert.rejects(startGraphMock({ fixtures: '/nonexistent/graph-mock' }), (error: Error) => {
    assert.ok(error instanceof FixtureError)
    assert.equal(error.message, 'Fixtures directory /nonexistent/graph-mock does not exist. Set fixtures to a directory holding one <EntitySet>.json file per entity set.')
    return true
  })
  await assert.rejects(startGraphMock({ httpsPort: 0, tlsCertFile: '/nonexistent/tls.crt', tlsKeyFile: '/nonexistent/tls.key' }), (error: Error) => {
    assert.ok(error instanceof TlsError)
    assert.equal(error.message, 'tlsCertFile=/nonexistent/tls.crt cannot be read (ENOENT).')
    return true
  })
  await assert.rejects(startGraphMock({ httpsPort: 0, tlsCertFile: '/nonexistent/tls.crt' }), /^TlsError: Set both tlsCertFile and tlsKeyFile, or neither/)
  for (const fixtures of [null, [], 42]) {
    // @ts-expect-error: what a JavaScript suite could pass.
    await assert.rejects(startGraphMock({ fixtures }), /^TypeError: startGraphMock's fixtures must be a directory, or an object of records by entity set and id/)
  }
  // Options come typed: what the environment's text would be converted from is refused, as a wrong type.
  for (const [options, shown] of [[{ port: true }, 'port: true'], [{ port: '1e1' }, 'port: "1e1"'], [{ port: Number.NaN }, 'port: NaN'], [{ journalLimit: '5' }, 'journalLimit: "5"'], [{ adminToken: 5 }, 'adminToken: 5'], [{ port: [0] }, 'port: an array']] as const) {
    // @ts-expect-error: what a JavaScript suite could pass.
    await assert.rejects(startGraphMock(options), (error: Error) => error instanceof ConfigError && error.message.startsWith(`Invalid option ${shown}; it must be `), JSON.stringify(options))
  }
  for (const [options, shown] of [[null, 'null'], ['port=0', '"port=0"'], [[], 'an array']] as const) {
    // @ts-expect-error: what a JavaScript suite could pass.
    await assert.rejects(startGraphMock(options), { name: 'TypeError', message: `startGraphMock takes an object of options, like { port: 0, httpsPort: 0 }, or none; it was ${shown}.` })
  }
  // A certificate without HTTPS would be ignored; another setting's description is in options' words too.
  await assert.rejects(startGraphMock({ tlsCertFile: '/certs/tls.crt', tlsKeyFile: '/certs/tls.key' }), (error: Error) => error instanceof ConfigError &&
    error.message === 'tlsCertFile and tlsKeyFile are the certificate of HTTPS, which httpsPort turns on: set httpsPort too, or leave them out.')
  await assert.rejects(startGraphMock({ tenantIdleSeconds: 10 }), (error: Error) => /when tenantLimit is reached/.test(error.message) && !/MOCK_/.test(error.message))
  // Undefined is left out, as exactOptionalPropertyTypes lets a suite write it.
  const graph = await startGraphMock({ port: undefined, httpsPort: undefined, fixtures: undefined })
  await graph.close()
})

test('controlFor(tenantId) is the control API of that tenant alone', async (t) => {
  const graph = await started(t)
  const tenantId = '7d9c3b2a-1e4f-4a6b-8c5d-2f1e0a9b8c7d'
  await graph.controlFor(tenantId).addFaultRule({ body: { path: '/beta/deviceManagement', status: 503 } })
  assert.equal((await graph.controlFor(tenantId).listFaultRules()).rules.length, 1)
  assert.equal((await graph.control.listFaultRules()).rules.length, 0)
})

test('a port in use rejects the start, and the HTTP listener it opened first is closed again', async (t) => {
  const taken = await started(t)
  const httpPort = await freePort()
  const port = new URL(taken.url).port
  await assert.rejects(startGraphMock({ port: httpPort, httpsPort: Number(port) }), (error: Error) => error instanceof ListenError &&
    error.message === `listen EADDRINUSE: address already in use 127.0.0.1:${port} (httpsPort). Set httpsPort to a free port (or 0 for any) and host to an address of this machine.`)
  // Bindable again only if the failed start let go of it.
  assert.equal(await freePort(httpPort), httpPort)
})

test('with httpsPort it serves HTTPS with the CA it returns, and its authority issues tokens AUTH_MODE=signed accepts', async (t) => {
  // Typed as there, with httpsPort given.
  const graph = await startGraphMock({ httpsPort: 0, authMode: 'signed' })
  t.after(() => graph.close())
  assert.match(graph.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.match(graph.ca ?? '', /^-----BEGIN CERTIFICATE-----/)
  assert.equal(graph.authorityHost, graph.httpsUrl)
  assert.equal(graph.authority, `${graph.httpsUrl}/${graph.tenantId}`)

  const tokenAnswer = await httpsJson(graph, `${graph.authority}/oauth2/v2.0/token`, 'POST', new URLSearchParams({
    grant_type: 'client_credentials', client_id: 'suite-app', client_secret: 'any', scope: 'https://graph.microsoft.com/.default'
  }).toString())
  assert.equal(tokenAnswer.status, 200)
  const token = (tokenAnswer.body as { access_token: string }).access_token
  const settings = await httpsJson(graph, `${graph.httpsUrl}/beta/deviceManagement/remoteAssistanceSettings`, 'GET', undefined, token)
  assert.equal(settings.status, 200)
  const unsigned = await httpsJson(graph, `${graph.httpsUrl}/beta/deviceManagement/remoteAssistanceSettings`, 'GET', undefined, `${token.slice(0, token.lastIndexOf('.'))}.c2lnbmF0dXJl`)
  assert.equal(unsigned.status, 401)
})

test('close() stops listening, and may be called twice', async () => {
  const graph = await startGraphMock()
  await graph.close()
  await graph.close()
  await assert.rejects(fetch(`${graph.url}/_mock/health`))
})

/** A port nothing listens on (`port`, or any), found by listening there and closing again. */
async function freePort (port = 0): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return bound
}

/** A request trusting only the CA graph-mock returned, as an app given `ca` would. */
async function httpsJson (graph: GraphMock, url: string, method: string, form?: string, token?: string): Promise<{ status: number, body: unknown }> {
  return await new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`
    const sent = request(url, { method, headers, ca: graph.ca }, (answer) => {
      let text = ''
      answer.setEncoding('utf8').on('data', (chunk: string) => { text += chunk }).on('end', () => resolve({ status: answer.statusCode ?? 0, body: JSON.parse(text) }))
    })
    sent.on('error', reject)
    sent.end(form)
  })
}

/**
 * The typed control client against a listening graph-mock: each method as a suite would use it,
 * its errors, and the checks that keep it whole: every control route is declared (so the client
 * has it), and it bundles without Fastify or Node.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { test, type TestContext } from 'node:test'
import { build } from 'esbuild'
import { ControlApiError, createControlClient, type ControlClient, type ControlClientOptions, type FaultRule, type JournalEntry, type RecordOf, type ResetParts } from '../../src/client.js'
import { CONTROL_OPERATIONS, CONTROL_PREFIX, TENANT_PREFIX } from '../../src/control/operations.js'
import { PAGE_MAX_ITEMS } from '../../src/control/listing-page.js'
import { fixtureRules, storedSets } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { DEFAULT_TENANT_ID } from '../../src/state/tenants.js'
import type { AppDeps } from '../../src/app.js'
import { AUTH, COLLECTION_URL, ENTITY_SET, GUID, JSON_AUTH, KNOWN_ID, appClaims, buildListeningApp, itemUrl, seed, stateOf, unsignedJwt } from '../helper.js'

const aRecord = (sessionKey: string) => ({ sessionKey, sessionType: 'viewScreen', pubSubEncryptionKey: 'c2VjcmV0', pubSubEncryption: 'AES256' })

/** A listening app, the base URL a suite would be given, and a client of it. */
async function started (t: TestContext, deps: Partial<AppDeps> = {}, options: Partial<ControlClientOptions> = {}) {
  const built = await buildListeningApp(t, deps)
  const baseUrl = `http://127.0.0.1:${built.port}`
  return { ...built, baseUrl, client: createControlClient({ baseUrl, ...options }) }
}

/** The ControlApiError a call rejects with. */
async function refusal (call: Promise<unknown>): Promise<ControlApiError> {
  try {
    await call
  } catch (error) {
    assert.ok(error instanceof ControlApiError, String(error))
    return error
  }
  assert.fail('the call succeeded')
}

test('health, the clock, throttling and the OpenAPI document read as typed answers', async (t) => {
  const { client } = await started(t)
  const health = await client.health()
  assert.equal(health.status, 'ok')
  assert.deepEqual([health.records[ENTITY_SET], health.tenants], [2, 1])

  assert.equal((await client.readClock()).offsetSeconds, 0)
  const moved = await client.advanceClock({ body: { advanceSeconds: 60 } })
  assert.equal(moved.offsetSeconds, 60)
  assert.ok(Math.abs(Date.parse(moved.now) - Date.now() - 60_000) < 5000, moved.now)

  assert.deepEqual(await client.readThrottling(), { enabled: false })
  assert.deepEqual(await client.setThrottling({ body: { enabled: true } }), { enabled: true })
  assert.deepEqual(await client.readThrottling(), { enabled: true })

  const document = await client.openApi() as { paths: Record<string, unknown> }
  assert.ok('/_mock/faults/{ruleId}' in document.paths)
})

test('a record put through the store is what Graph serves; deleted, Graph no longer finds it', async (t) => {
  const { client, baseUrl } = await started(t)
  const id = randomUUID()
  assert.deepEqual(await client.putRecord({ params: { entitySet: ENTITY_SET, id }, body: aRecord('seeded') }), aRecord('seeded'))
  const served = await fetch(`${baseUrl}${itemUrl(id)}`, { headers: AUTH })
  assert.equal(served.status, 200)
  assert.equal((await served.json() as { sessionKey: string }).sessionKey, 'seeded')
  assert.deepEqual(await client.readRecord({ params: { entitySet: ENTITY_SET, id } }), aRecord('seeded'))
  assert.deepEqual(Object.keys(await client.listRecords({ params: { entitySet: ENTITY_SET } })).sort(), [...Object.keys(seed()[ENTITY_SET] ?? {}), id].sort())

  await client.deleteRecord({ params: { entitySet: ENTITY_SET, id } })
  assert.equal((await fetch(`${baseUrl}${itemUrl(id)}`, { headers: AUTH })).status, 404)

  assert.deepEqual(await client.replaceRecords({ params: { entitySet: ENTITY_SET }, body: { [id]: aRecord('alone') } }), { [id]: aRecord('alone') })
  assert.deepEqual(await client.listRecords({ params: { entitySet: ENTITY_SET }, query: { skip: 0 } }), { [id]: aRecord('alone') })
  // Path params are encoded: a slash and a question mark stay in the id.
  const missing = await refusal(client.readRecord({ params: { entitySet: ENTITY_SET, id: 'a/b?c' } }))
  assert.deepEqual([missing.status, missing.code, missing.message], [404, 'ResourceNotFound', `No record 'a/b?c' in ${ENTITY_SET}.`])

  await client.reset({ query: { only: 'store' } })
  assert.deepEqual(await client.listRecords({ params: { entitySet: ENTITY_SET } }), seed()[ENTITY_SET])
})

test('the store\'s methods take and give the records of the set they name, typed as its resource\'s', async (t) => {
  const { client, baseUrl } = await started(t, stateOf(await loadFixtures('fixtures', fixtureRules())))
  const devices = await client.listRecords({ params: { entitySet: 'deviceManagement.managedDevices' } })
  const [id = '', device] = Object.entries(devices)[0] ?? []
  assert.ok(device !== undefined)
  // Typed: deviceName is a device's string property, so this compiles and is the device's name.
  const renamed: typeof device = { ...device, deviceName: 'renamed-by-the-client' }
  const put = await client.putRecord({ params: { entitySet: 'deviceManagement.managedDevices', id }, body: renamed })
  assert.equal(put.deviceName, 'renamed-by-the-client')
  const served = await fetch(`${baseUrl}/beta/deviceManagement/managedDevices/${id}?$select=deviceName`, { headers: AUTH })
  assert.equal((await served.json() as { deviceName: string }).deviceName, 'renamed-by-the-client')
  const settings = await client.readRecord({ params: { entitySet: 'deviceManagement.remoteAssistanceSettings', id: 'remoteAssistanceSettings' } })
  // Typed as the schema says, for the type checker: a member of the enum, not any string.
  const state = settings.remoteAssistanceState satisfies 'disabled' | 'enabled' | undefined
  assert.ok(state === 'disabled' || state === 'enabled', JSON.stringify(settings))
})

test('a fault rule added through the client is what Graph answers, until removed', async (t) => {
  const { client, baseUrl } = await started(t)
  const rule = await client.addFaultRule({ body: { path: COLLECTION_URL, status: 503, times: 1 } })
  assert.deepEqual([rule.status, rule.remaining, rule.fired], [503, 1, 0])
  const failed = await fetch(`${baseUrl}${COLLECTION_URL}`, { headers: AUTH })
  assert.deepEqual([failed.status, (await failed.json() as { error: { code: string } }).error.code], [503, 'serviceNotAvailable'])
  assert.equal((await fetch(`${baseUrl}${COLLECTION_URL}`, { headers: AUTH })).status, 200, 'the rule fired its one time')
  assert.deepEqual(await client.listFaultRules(), { rules: [] })

  const lasting = await client.addFaultRule({ body: { status: 429, times: 5 } })
  assert.deepEqual((await client.listFaultRules()).rules.map(({ id }) => id), [lasting.id])
  await client.removeFaultRule({ params: { ruleId: lasting.id } })
  assert.equal((await fetch(`${baseUrl}${COLLECTION_URL}`, { headers: AUTH })).status, 200)
  await client.addFaultRule({ body: { delayMs: 1 } })
  await client.clearFaultRules()
  assert.deepEqual(await client.listFaultRules(), { rules: [] })

  const pointless = await refusal(client.addFaultRule({ body: {} }))
  assert.deepEqual([pointless.status, pointless.code, pointless.message], [400, 'BadRequest', 'A fault rule needs a status, a delayMs, or both.'])
  const gone = await refusal(client.removeFaultRule({ params: { ruleId: lasting.id } }))
  assert.deepEqual([gone.status, gone.code], [404, 'ResourceNotFound'])
})

test('the journal filters as its query says, values stringified; cleared, it is empty', async (t) => {
  const { client, baseUrl } = await started(t)
  await fetch(`${baseUrl}${itemUrl(KNOWN_ID)}`, { headers: AUTH })
  await fetch(`${baseUrl}${itemUrl(KNOWN_ID)}`, { method: 'PATCH', headers: JSON_AUTH, body: '{"sessionKey":"patched"}' })
  await fetch(`${baseUrl}${itemUrl(KNOWN_ID)}`, { method: 'PATCH', headers: JSON_AUTH, body: '{"unknown":1}' })

  const { entries } = await client.listRequests({ query: { method: 'PATCH', status: '4xx' } })
  assert.deepEqual(entries.map(({ method, status, body }) => [method, status, body]), [['PATCH', 400, { unknown: 1 }]])
  assert.equal((await client.listRequests({ query: { limit: 2, earlyRetry: false } })).entries.length, 2)
  assert.equal((await client.listRequests()).entries.length, 3)
  await client.clearRequests()
  assert.deepEqual((await client.listRequests()).entries, [])
  await fetch(`${baseUrl}${COLLECTION_URL}`, { headers: AUTH })
  await client.reset({ query: { only: 'store,journal' } })
  assert.deepEqual((await client.listRequests()).entries, [])
  await client.reset()
})

test('the paged listings come back whole: the client follows Link: rel="next", and stops at the journal\'s limit', async (t) => {
  const state = stateOf(seed(), storedSets(), { journalLimit: PAGE_MAX_ITEMS + 5 })
  for (let n = 0; n < PAGE_MAX_ITEMS + 5; n++) {
    state.journal.record({ id: 0, receivedAt: n, method: 'GET', url: `/beta/x/${n}`, headers: {}, query: {}, bodyText: undefined, status: 200, requestId: `r${n}`, durationMs: 1 })
  }
  for (let n = 0; n <= PAGE_MAX_ITEMS; n++) state.clients.put(`app-${n}`, { roles: [] })
  const { client } = await started(t, state)

  const clients = await client.listTokenClients()
  assert.equal(Object.keys(clients).length, PAGE_MAX_ITEMS + 1)
  assert.deepEqual(clients[`app-${PAGE_MAX_ITEMS}`], { roles: [] })
  const all = await client.listRequests({ query: { method: 'get' } })
  assert.deepEqual([all.entries.length, all.entries.at(-1)?.id], [PAGE_MAX_ITEMS + 5, PAGE_MAX_ITEMS + 5])
  const limited = await client.listRequests({ query: { limit: PAGE_MAX_ITEMS + 2 } })
  assert.deepEqual([limited.entries.length, limited.entries.at(-1)?.id], [PAGE_MAX_ITEMS + 2, PAGE_MAX_ITEMS + 2])
})

test('a registered token client gets its roles from the issuer', async (t) => {
  const { client, baseUrl } = await started(t)
  const registration = { roles: ['DeviceManagementServiceConfig.Read.All'], secret: 's3cret' }
  assert.deepEqual(await client.putTokenClient({ params: { clientId: 'app-1' }, body: registration }), registration)
  assert.deepEqual(await client.listTokenClients(), { 'app-1': registration })
  const answer = await fetch(`${baseUrl}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's3cret', scope: 'https://graph.microsoft.com/.default' })
  })
  const { access_token: token = '' } = await answer.json() as { access_token?: string }
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { roles: string[] }
  assert.deepEqual(claims.roles, registration.roles)
})

test('with tenantId, tenant-scoped calls land in that tenant only; tenants are listed and forgotten service-wide', async (t) => {
  const { client, baseUrl } = await started(t)
  const tenantId = randomUUID()
  const scoped = createControlClient({ baseUrl, tenantId })
  const id = randomUUID()
  await scoped.putRecord({ params: { entitySet: ENTITY_SET, id }, body: aRecord('theirs') })
  assert.deepEqual(await scoped.readRecord({ params: { entitySet: ENTITY_SET, id } }), aRecord('theirs'))
  assert.equal((await refusal(client.readRecord({ params: { entitySet: ENTITY_SET, id } }))).status, 404)
  const inTenant = await fetch(`${baseUrl}${itemUrl(id)}`, { headers: { authorization: `Bearer ${unsignedJwt(appClaims({ tid: tenantId }))}` } })
  assert.equal(inTenant.status, 200)
  assert.equal((await scoped.listRequests()).entries.length, 1)
  assert.deepEqual((await client.listRequests()).entries, [])

  // Service-wide operations ignore tenantId.
  assert.deepEqual((await scoped.listTenants()).tenants.map((tenant) => tenant.tenantId), [DEFAULT_TENANT_ID, tenantId])
  assert.equal((await scoped.health()).tenants, 2)
  await client.forgetTenant({ params: { tenantId } })
  assert.deepEqual((await client.listTenants()).tenants.map((tenant) => tenant.tenantId), [DEFAULT_TENANT_ID])
  const again = await refusal(client.forgetTenant({ params: { tenantId } }))
  assert.deepEqual([again.status, again.code, again.message], [404, 'ResourceNotFound', `No tenant '${tenantId}' in use.`])
  await scoped.reset()
  await client.forgetTenants()
  assert.equal((await client.health()).tenants, 1)

  const notGuid = await refusal(createControlClient({ baseUrl, tenantId: 'contoso' }).listFaultRules())
  assert.deepEqual([notGuid.status, notGuid.code], [400, 'BadRequest'])
})

test('ca.pem comes as text; without a local CA it is a 404, its request-id the answer\'s', async (t) => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
  assert.equal(await (await started(t, { caPem: pem })).client.caPem(), pem)

  const answers: Response[] = []
  const { client } = await started(t, {}, {
    fetch: async (url, init) => {
      const answer = await fetch(url, init)
      answers.push(answer)
      return answer
    }
  })
  const error = await refusal(client.caPem())
  assert.deepEqual([error.name, error.status, error.code], ['ControlApiError', 404, 'ResourceNotFound'])
  // The server cannot tell how it was started: the fix names the setting and the option alike.
  assert.equal(error.message, "No local CA: HTTPS is off (set HTTPS_PORT, or startGraphMock's httpsPort), or its certificate comes from TLS_CERT_FILE (tlsCertFile).")
  assert.match(error.requestId ?? '', GUID)
  assert.equal(error.requestId, answers.at(-1)?.headers.get('request-id'))
})

test('with MOCK_ADMIN_TOKEN, a client without it is refused with Graph\'s 401, health aside; with it, every call passes', async (t) => {
  const { client, baseUrl } = await started(t, { adminToken: 'admin-secret' })
  assert.equal((await client.health()).status, 'ok')
  const refused = await refusal(client.reset())
  assert.deepEqual([refused.status, refused.code, refused.message], [401, 'Unauthorized', "The control API needs the header Authorization: Bearer <MOCK_ADMIN_TOKEN> (the control client's adminToken option)."])
  assert.match(refused.requestId ?? '', GUID)
  const admin = createControlClient({ baseUrl: `${baseUrl}/`, adminToken: 'admin-secret' })
  await admin.reset()
  assert.deepEqual(await admin.listFaultRules(), { rules: [] })
})

test('an answer that is not Graph\'s envelope still throws ControlApiError, saying what came back', async () => {
  const calls: Array<[string, RequestInit]> = []
  const client = createControlClient({
    baseUrl: 'http://proxy.test/graph-mock',
    adminToken: 't',
    fetch: async (url, init) => {
      calls.push([url, init])
      return new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } })
    }
  })
  const error = await refusal(client.advanceClock({ body: { advanceSeconds: 1 } }))
  assert.deepEqual([error.status, error.code, error.requestId], [502, undefined, undefined])
  assert.equal(error.message, 'POST /graph-mock/_mock/clock answered 502 Bad Gateway without Graph\'s error envelope, so baseUrl may not be graph-mock\'s: "<html>Bad Gateway</html>"')
  assert.deepEqual(calls, [['http://proxy.test/graph-mock/_mock/clock', {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: '{"advanceSeconds":1}'
  }]])
  const fix = 'Pass graph-mock\'s own URL, like http://127.0.0.1:4000 (startGraphMock\'s url).'
  for (const [baseUrl, what] of [
    ['127.0.0.1:4000/x y', 'is no URL'],
    // A valid URL whose scheme is `localhost:`, which fetch would refuse only at the first call.
    ['localhost:4000', 'is no http or https URL'],
    ['http://127.0.0.1:4000/beta', 'is Graph\'s base URL, under which there is no control API'],
    ['http://127.0.0.1:4000/v1.0/', 'is Graph\'s base URL, under which there is no control API']
  ] as const) {
    assert.throws(() => createControlClient({ baseUrl }), { name: 'TypeError', message: `createControlClient's baseUrl ${JSON.stringify(baseUrl)} ${what}. ${fix}` }, baseUrl)
  }
})

test('every control route is a declared operation, in both scopes, with the declared summary, and the client has a method for each', async (t) => {
  const { app, client } = await started(t)
  const document = app.swagger() as { paths: Record<string, Record<string, { summary?: string }>> }
  const served = new Map<string, string | undefined>()
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(`${CONTROL_PREFIX}/`)) continue
    for (const [method, operation] of Object.entries(item)) served.set(`${method.toUpperCase()} ${path}`, operation.summary)
  }
  const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}')
  const declared = new Map<string, string>()
  for (const { method, url, tenantScoped, schema } of Object.values(CONTROL_OPERATIONS)) {
    declared.set(`${method} ${openApiPath(`${CONTROL_PREFIX}${url}`)}`, schema.summary)
    if (tenantScoped) declared.set(`${method} ${openApiPath(`${CONTROL_PREFIX}${TENANT_PREFIX}${url}`)}`, schema.summary)
  }
  assert.deepEqual([...served.entries()].sort(), [...declared.entries()].sort())
  assert.deepEqual(Object.keys(client).sort(), Object.keys(CONTROL_OPERATIONS).sort())
})

test('the client bundles for a browser, without Fastify, graph-mock\'s state (its schemas aside) or any Node module', async () => {
  const { metafile, outputFiles } = await build({
    entryPoints: [new URL('../../src/client.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent'
  })
  const inputs = Object.keys(metafile.inputs)
  // The state's schema files, TypeBox alone, may come along; nothing else of the state may.
  assert.deepEqual(inputs.filter((input) => /fastify|src\/state\/(?!.*-schemas\.ts$)|^node:/.test(input)), [])
  assert.ok(inputs.includes('src/control/operations.ts'), inputs.join(', '))
  const bytes = outputFiles[0]?.contents.length ?? Infinity
  assert.ok(bytes < 80_000, `${bytes} bytes`)
})

/** Never called: for the type checker (npm run typecheck), which fails when one of these wrong calls compiles. */
export function wrongCalls (client: ControlClient): unknown[] {
  const answers: [Promise<void>, Promise<{ now: string, offsetSeconds: number }>, Promise<string>] = [client.reset(), client.readClock(), client.caPem()]
  return [
    answers,
    // @ts-expect-error the fault rule schema has no property stauts
    client.addFaultRule({ body: { stauts: 503 } }),
    // @ts-expect-error a fault rule answers 429, 500, 503 or 504
    client.addFaultRule({ body: { status: 404 } }),
    // @ts-expect-error readRecord needs its params
    client.readRecord(),
    // @ts-expect-error the store's params are entitySet and id
    client.readRecord({ params: { entitySet: ENTITY_SET } }),
    // @ts-expect-error health takes nothing
    client.health({ query: {} }),
    // @ts-expect-error only is a string
    client.reset({ query: { only: ['store'] } }),
    // @ts-expect-error only names what a reset puts back: store, journal, faults, clients, throttling, clock
    client.reset({ query: { only: 'stroe' } }),
    // @ts-expect-error each of its first two parts is checked too
    client.reset({ query: { only: 'journal,fualts' } }),
    // @ts-expect-error a status filter is a status or a class such as 4xx
    client.listRequests({ query: { status: '42x' } }),
    client.reset({ query: { only: 'store,journal,faults' } }),
    client.reset({ query: { only: ['store', 'clock'].join(',') as ResetParts } }),
    client.listRequests({ query: { status: '4xx' } }).then(({ entries }) => entries satisfies JournalEntry[]),
    client.listFaultRules().then(({ rules }) => rules satisfies FaultRule[]),
    client.readRecord({ params: { entitySet: 'deviceManagement.managedDevices', id: 'x' } }).then((device) => device satisfies RecordOf<'deviceManagement.managedDevices'>),
    // @ts-expect-error a session access response has no property sessionKy
    client.putRecord({ params: { entitySet: ENTITY_SET, id: 'x' }, body: { sessionKy: 'k', sessionType: 'viewScreen', pubSubEncryptionKey: null, pubSubEncryption: null } }),
    // @ts-expect-error a partner's onboardingStatus is one of its enum's members
    client.replaceRecords({ params: { entitySet: 'deviceManagement.remoteAssistancePartners' }, body: { x: { displayName: 'p', onboardingUrl: 'https://x', onboardingStatus: 'done' } } }),
    // @ts-expect-error the settings' state is one of its enum's members, and not typed any
    client.readRecord({ params: { entitySet: 'deviceManagement.remoteAssistanceSettings', id: 'x' } }).then((settings) => settings.remoteAssistanceState satisfies 'on' | undefined),
    // @ts-expect-error a managed device has no property deviceNam
    client.readRecord({ params: { entitySet: 'deviceManagement.managedDevices', id: 'x' } }).then((device) => device.deviceNam),
    // What the store fills in may be left out; what it cannot fill may not.
    client.putRecord({ params: { entitySet: 'deviceManagement.managedDevices', id: 'x' }, body: { deviceName: 'PC-1', operatingSystem: 'Windows' } }),
    // @ts-expect-error the settings' remoteAssistanceState has no default, and null is none of its values
    client.putRecord({ params: { entitySet: 'deviceManagement.remoteAssistanceSettings', id: 'x' }, body: { blockChat: true, allowSessionsToUnenrolledDevices: false } }),
    // A set named in another case, or any string, takes and gives any record, as the route does.
    client.putRecord({ params: { entitySet: 'devicemanagement.manageddevices', id: 'x' }, body: { deviceNam: 'x' } }),
    client.listRecords({ params: { entitySet: String(ENTITY_SET) } }).then((records) => records['x']?.['anything'])
  ]
}

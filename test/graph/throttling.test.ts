/**
 * Intune's throttling and the tenant's clock through the app: with throttling on, an app's 101st
 * partner write in 20 s is Graph's 429 with its Retry-After, other apps pass until the tenant's
 * budget is spent, reads count against `all` only and a spent write budget does not refuse them,
 * devices have budgets of their own, the pseudo set none; an early retry is refused and journaled
 * as one, when it falls in the budget whose Retry-After runs; moving the clock frees the window,
 * expires tokens and Remote Help sessions; the switch, the clock and reset are per tenant.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { test, type TestContext } from 'node:test'
import type { InjectOptions } from 'fastify'
import { fixtureRules, storedSets } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { AUTH, GUID, INNER_ERROR_DATE, JSON_AUTH, appClaims, assertGraphShaped, buildTestApp, nowSeconds, stateOf, unsignedJwt } from '../helper.js'

const seed = await loadFixtures(fileURLToPath(new URL('../../fixtures', import.meta.url)), fixtureRules())
const firstId = (set: string) => Object.keys(seed[set] ?? {})[0] ?? ''
const PARTNER_SET = 'deviceManagement.remoteAssistancePartners'
const PARTNER = `/beta/deviceManagement/remoteAssistancePartners/${firstId(PARTNER_SET)}`
const SETTINGS = '/beta/deviceManagement/remoteAssistanceSettings'
const DEVICE = `/beta/deviceManagement/managedDevices/${firstId('deviceManagement.managedDevices')}`
const PSEUDO = `/beta/RequestRemoteHelpSessionAccessResponse/${firstId('RequestRemoteHelpSessionAccessResponse')}`
const ROLES = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementManagedDevices.ReadWrite.All']
const TOO_MANY = 'Please retry again later.'

type App = ReturnType<typeof buildTestApp>['app']
interface JournalEntry { method: string, path: string, status: number, body: unknown, requestId: string, earlyRetry: boolean }
interface Journal { entries: JournalEntry[] }
interface Clock { now: string, offsetSeconds: number }
interface ThrottleError { error: { code: string, message: string, innerError: Record<string, string> } }

/** The headers of an app-only JWT that may write partners and devices; `claims` names the app (appid, azp) and the tenant. */
const asApp = (claims: Record<string, unknown>) => ({
  authorization: `Bearer ${unsignedJwt(appClaims({ roles: ROLES, ...claims }))}`,
  'content-type': 'application/json'
})
const APP_A = asApp({ appid: 'app-a' })
const APP_B = asApp({ appid: 'app-b' })

const patch = (url: string, headers: Record<string, string>, body: Record<string, unknown> = { displayName: 'Renamed' }): InjectOptions =>
  ({ method: 'PATCH', url, headers, payload: body })
const get = (url: string, headers: Record<string, string>): InjectOptions => ({ url, headers })
const times = (count: number, status: number) => Array.from({ length: count }, () => status)

/** An app around the fixtures, its tenants starting with throttling on (or off). */
function fixturesApp (t: TestContext, throttling: boolean) {
  return buildTestApp(t, stateOf(seed, storedSets(), { throttling }))
}

/** The statuses of `count` requests sent one after another. */
async function statuses (app: App, count: number, request: InjectOptions): Promise<number[]> {
  const answered: number[] = []
  for (let i = 0; i < count; i++) answered.push((await app.inject(request)).statusCode)
  return answered
}

async function journal (app: App, query: string, tenant = ''): Promise<JournalEntry[]> {
  return (await app.inject({ url: `/_mock${tenant}/requests?${query}` })).json<Journal>().entries
}

async function advance (app: App, seconds: number, tenant = ''): Promise<Clock> {
  const moved = await app.inject({ method: 'POST', url: `/_mock${tenant}/clock`, payload: { advanceSeconds: seconds } })
  assert.equal(moved.statusCode, 200, moved.body)
  return moved.json<Clock>()
}

/** Asserts Graph's throttling answer, whose Retry-After is in [`least`, `most`] seconds; returns it. */
function assertTooMany (res: Awaited<ReturnType<App['inject']>>, least: number, most: number): number {
  assert.equal(res.statusCode, 429, res.body)
  assertGraphShaped(res)
  const retryAfter = Number(res.headers['retry-after'])
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= least && retryAfter <= most, `Retry-After ${String(res.headers['retry-after'])} not in [${least}, ${most}]`)
  const { error } = res.json<ThrottleError>()
  assert.equal(error.code, 'TooManyRequests')
  assert.equal(error.message, TOO_MANY)
  const { date, 'request-id': requestId, 'client-request-id': clientRequestId, ...details } = error.innerError
  assert.deepEqual(details, { code: '429', message: 'Please retry after', status: '429' })
  assert.match(String(date), INNER_ERROR_DATE)
  assert.equal(requestId, res.headers['request-id'])
  assert.match(String(clientRequestId), GUID)
  return retryAfter
}

/** The least Retry-After a window whose oldest request came at or after `since` (ms) can give now: it frees at most 20 s after it. */
const leastRetryAfter = (since: number) => Math.max(1, Math.ceil((since + 20_000 - Date.now()) / 1000))

test('with throttling on, an app\'s 101st partner PATCH in 20 s is Graph\'s 429 with a Retry-After, and changes nothing', async (t) => {
  const { app, store } = fixturesApp(t, true)
  const since = Date.now()
  for (let i = 0; i < 100; i++) assert.equal((await app.inject(patch(PARTNER, APP_A, { displayName: `Round ${i}` }))).statusCode, 200)
  const refused = await app.inject(patch(PARTNER, APP_A, { displayName: 'Refused' }))
  assertTooMany(refused, leastRetryAfter(since), 20)
  assert.equal(store.entitySet(PARTNER_SET).get(firstId(PARTNER_SET))?.['displayName'], 'Round 99')
  // Journaled with the body it was sent, as a first refusal, not an early retry.
  const [entry] = await journal(app, 'status=429')
  assert.deepEqual(entry && { method: entry.method, body: entry.body, earlyRetry: entry.earlyRetry, requestId: entry.requestId }, {
    method: 'PATCH', body: { displayName: 'Refused' }, earlyRetry: false, requestId: refused.headers['request-id']
  })
})

test('another app passes until the tenant\'s 200 partner writes are spent; the app is the token\'s appid, else its azp', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  // A v2 token names its app in azp: the same app, whose budget is spent.
  assertTooMany(await app.inject(patch(PARTNER, asApp({ azp: 'app-a' }))), leastRetryAfter(since), 20)
  // appid, when there is one, is the app, whatever azp says.
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, asApp({ appid: 'app-b', azp: 'app-a' }))), times(100, 200))
  // 200 writes in the tenant: an app that sent nothing yet is refused, partners and settings alike.
  assertTooMany(await app.inject(patch(PARTNER, asApp({ appid: 'app-c' }))), leastRetryAfter(since), 20)
  assertTooMany(await app.inject(patch(SETTINGS, asApp({ appid: 'app-d' }), { blockChat: true })), leastRetryAfter(since), 20)
  // Reads have the tenant's 2,000, and devices budgets of their own.
  assert.equal((await app.inject(get(PARTNER, asApp({ appid: 'app-e' })))).statusCode, 200)
  assert.equal((await app.inject(patch(DEVICE, asApp({ appid: 'app-e' }), { notes: 'device' }))).statusCode, 200)
})

test('the token is checked first: a refused token is Graph\'s 401 or 403, never a 429, and spends no budget', async (t) => {
  const { app } = fixturesApp(t, true)
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  const expired = await app.inject(patch(PARTNER, asApp({ appid: 'app-a', exp: nowSeconds() - 3600 })))
  assert.deepEqual([expired.statusCode, expired.json<ThrottleError>().error.code], [401, 'InvalidAuthenticationToken'])
  // app-b's refused tokens, 200 of them, leave its budget and the tenant's whole.
  assert.deepEqual(await statuses(app, 150, patch(PARTNER, asApp({ appid: 'app-b', roles: ['DeviceManagementServiceConfig.Read.All'] }))), times(150, 403))
  assert.deepEqual(await statuses(app, 50, patch(PARTNER, asApp({ appid: 'app-b', exp: nowSeconds() - 3600 }))), times(50, 401))
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_B)), times(100, 200))
  // app-a's 401 was no throttling refusal: its next request is refused as a first one, not an early retry.
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)
  assert.deepEqual(await journal(app, 'earlyRetry=true'), [])
})

test('tokens naming no app count as one app; opaque tokens too', async (t) => {
  const { app } = fixturesApp(t, true)
  assert.deepEqual(await statuses(app, 50, patch(PARTNER, asApp({}))), times(50, 200))
  assert.deepEqual(await statuses(app, 50, patch(PARTNER, JSON_AUTH)), times(50, 200))
  assert.equal((await app.inject(patch(PARTNER, asApp({})))).statusCode, 429)
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 200)
})

test('reads count against `all` only: 900 GETs leave an app its 100 writes, and then its 1,000 requests are spent', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 450, get(PARTNER, APP_A)), times(450, 200))
  assert.deepEqual(await statuses(app, 450, get(SETTINGS, APP_A)), times(450, 200))
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assertTooMany(await app.inject(get(PARTNER, APP_A)), leastRetryAfter(since), 20)
  // The tenant's `all` is 2,000: another app still reads and writes.
  assert.equal((await app.inject(get(PARTNER, APP_B))).statusCode, 200)
  assert.equal((await app.inject(patch(PARTNER, APP_B))).statusCode, 200)
})

test('a managed device\'s PATCH and actions have the device budgets: 200 writes per app, 400 per tenant', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 199, patch(DEVICE, APP_A, { notes: 'a' })), times(199, 200))
  assert.equal((await app.inject({ method: 'POST', url: `${DEVICE}/requestRemoteAssistance`, headers: { authorization: APP_A.authorization } })).statusCode, 204)
  assertTooMany(await app.inject(patch(DEVICE, APP_A, { notes: 'a' })), leastRetryAfter(since), 20)
  // Partners are another area: app-a has its 100 writes there.
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assert.deepEqual(await statuses(app, 200, patch(DEVICE, APP_B, { notes: 'b' })), times(200, 200))
  assertTooMany(await app.inject(patch(DEVICE, asApp({ appid: 'app-c' }), { notes: 'c' })), leastRetryAfter(since), 20)
})

test('the pseudo set RequestRemoteHelpSessionAccessResponse is never throttled', async (t) => {
  const { app } = fixturesApp(t, true)
  assert.deepEqual(await statuses(app, 250, patch(PSEUDO, APP_A, { sessionType: 'viewScreen' })), times(250, 200))
  assert.deepEqual(await statuses(app, 50, get(PSEUDO, APP_A)), times(50, 200))
  assert.deepEqual(await journal(app, 'status=429'), [])
})

test('an app back before its Retry-After is refused again, with the time left, and journaled with earlyRetry: true', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  const first = assertTooMany(await app.inject(patch(PARTNER, APP_A)), leastRetryAfter(since), 20)
  assertTooMany(await app.inject(patch(PARTNER, APP_A)), 1, first)
  // Another app is not held back by app-a's wait.
  assert.equal((await app.inject(patch(PARTNER, APP_B))).statusCode, 200)

  const early = await journal(app, 'earlyRetry=true')
  assert.deepEqual(early.map(({ method, status, earlyRetry }) => `${method} ${status} ${earlyRetry}`), ['PATCH 429 true'])
  const refused = await journal(app, 'status=429')
  assert.deepEqual(refused.map(({ earlyRetry }) => earlyRetry), [false, true])
  const others = await journal(app, 'earlyRetry=false')
  assert.equal(others.length, 102)
  assert.ok(others.every(({ earlyRetry }) => !earlyRetry))
})

/*
 * Intune counts POST, PUT, DELETE and PATCH apart from all requests: "Limit per tenant for all apps"
 * and "Limit per app per tenant" for each (learn.microsoft.com/graph/throttling-limits#intune-service-limits,
 * includes/throttling-intune-remote-assistance.md), so a spent write budget and its Retry-After hold back writes only.
 */
test('an app whose 100 writes are spent, and told to wait, still reads: 200, not an early retry; its next write is one', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  const first = assertTooMany(await app.inject(patch(PARTNER, APP_A)), leastRetryAfter(since), 20)
  const read = await app.inject(get(PARTNER, APP_A))
  assert.equal(read.statusCode, 200, read.body)
  assert.equal(read.headers['retry-after'], undefined)
  assert.equal((await app.inject(get(SETTINGS, APP_A))).statusCode, 200)
  // The write budget's Retry-After still runs: a write now is refused, and is early.
  assertTooMany(await app.inject(patch(PARTNER, APP_A)), 1, first)

  const reads = await journal(app, 'method=GET')
  assert.deepEqual(reads.map(({ status, earlyRetry }) => `${status} ${earlyRetry}`), ['200 false', '200 false'])
  assert.equal(reads[0]?.requestId, read.headers['request-id'])
  const refused = await journal(app, 'status=429')
  assert.deepEqual(refused.map(({ method, earlyRetry }) => `${method} ${earlyRetry}`), ['PATCH false', 'PATCH true'])
})

test('the tenant\'s 200 writes spent, an app that wrote none reads on, and waits to write', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_B)), times(100, 200))
  const appC = asApp({ appid: 'app-c' })
  const first = assertTooMany(await app.inject(patch(PARTNER, appC)), leastRetryAfter(since), 20)
  assert.equal((await app.inject(get(PARTNER, appC))).statusCode, 200)
  assertTooMany(await app.inject(patch(SETTINGS, appC, { blockChat: true })), 1, first)
  assert.deepEqual((await journal(app, 'earlyRetry=true')).map(({ method, path }) => `${method} ${path}`), [`PATCH ${SETTINGS}`])
})

/** The least Retry-After a window whose oldest request came at `since` (ms, wall time) can give once the clock is `offsetSeconds` ahead. */
const leastRetryAfterAhead = (since: number, offsetSeconds: number) => Math.max(1, Math.ceil((since + 20_000 - offsetSeconds * 1000 - Date.now()) / 1000))

test('each refusal\'s Retry-After and earlyRetry follow the budget that refused it: reads wait for `all`, writes for both', async (t) => {
  const { app } = fixturesApp(t, true)
  // 900 reads, then, 5 s later, 100 writes: the app's 1,000 requests and its 100 writes are spent, the first to free 5 s apart.
  const readsSince = Date.now()
  assert.deepEqual(await statuses(app, 900, get(SETTINGS, APP_A)), times(900, 200))
  await advance(app, 5)
  const writesSince = Date.now()
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))

  // The write waits for its write budget, 20 s after the first write, the later of the two it is refused by.
  const writeWait = assertTooMany(await app.inject(patch(PARTNER, APP_A)), leastRetryAfter(writesSince), 20)
  // That refusal told the app `all` was spent too: a read before `all` frees, 20 s after the first read, is early, and waits for `all` only.
  const readWait = assertTooMany(await app.inject(get(PARTNER, APP_A)), leastRetryAfterAhead(readsSince, 5), 15)
  assert.ok(readWait < writeWait, `a read's Retry-After ${readWait} is the all-requests budget's, not the writes' ${writeWait}`)
  assertTooMany(await app.inject(get(PARTNER, APP_A)), 1, readWait)

  // 15 s on, the reads have left the window: a read passes and is no early retry; a write is one, 5 s short of its Retry-After.
  await advance(app, 15)
  assert.equal((await app.inject(get(PARTNER, APP_A))).statusCode, 200)
  assertTooMany(await app.inject(patch(PARTNER, APP_A)), Math.max(1, writeWait - 16), writeWait - 14)

  const refused = await journal(app, 'status=429')
  assert.deepEqual(refused.map(({ method, earlyRetry }) => `${method} ${earlyRetry}`), ['PATCH false', 'GET true', 'GET true', 'PATCH true'])
})

interface BatchAnswer { responses: Array<{ id: string, status: number, headers: Record<string, string> }> }

/** A $batch of `count` PATCHes of the partner by app-a; the ids of its answers that got `status`, in order. */
async function batchOfPatches (app: App, count: number) {
  const requests = Array.from({ length: count }, (_, i) => ({
    id: String(i + 1), method: 'PATCH', url: PARTNER.slice('/beta'.length), headers: { 'content-type': 'application/json' }, body: { displayName: `Item ${i}` }
  }))
  const res = await app.inject({ method: 'POST', url: '/beta/$batch', headers: APP_A, payload: { requests } })
  assert.equal(res.statusCode, 200, res.body)
  return res.json<BatchAnswer>().responses.sort((a, b) => Number(a.id) - Number(b.id))
}

test('a $batch\'s items count one by one: past the app\'s budget each is a 429 with its Retry-After', async (t) => {
  const { app } = fixturesApp(t, true)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 90, patch(PARTNER, APP_A)), times(90, 200))
  const answers = await batchOfPatches(app, 20)
  assert.deepEqual(answers.map(({ status }) => status).sort(), [...times(10, 200), ...times(10, 429)])
  for (const { headers } of answers.filter(({ status }) => status === 429)) {
    const retryAfter = Number(headers['Retry-After'])
    assert.ok(retryAfter >= leastRetryAfter(since) && retryAfter <= 20, JSON.stringify(headers))
  }
  // Each refused item is journaled as a request of its own.
  assert.equal((await journal(app, 'status=429')).length, 10)
})

test('the items of one $batch are not early retries: none was sent after a Retry-After was given', async (t) => {
  const { app } = fixturesApp(t, true)
  assert.deepEqual(await statuses(app, 90, patch(PARTNER, APP_A)), times(90, 200))
  await batchOfPatches(app, 20)
  const refused = await journal(app, 'status=429')
  assert.deepEqual(refused.map(({ earlyRetry }) => earlyRetry), Array.from({ length: 10 }, () => false))
  assert.deepEqual(await journal(app, 'earlyRetry=true'), [])
})

test('POST /_mock/clock moves the tenant\'s time on: 20 s frees the window, with no wait; less does not', async (t) => {
  const { app } = fixturesApp(t, true)
  const clock = (await app.inject({ url: '/_mock/clock' })).json<Clock>()
  assert.equal(clock.offsetSeconds, 0)
  assert.ok(Math.abs(Date.parse(clock.now) - Date.now()) < 1000)
  const since = Date.now()
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  const waitFor = assertTooMany(await app.inject(patch(PARTNER, APP_A)), leastRetryAfter(since), 20)

  // 10 s on, the app must still wait about 10 s more, and is early.
  const moved = await advance(app, 10)
  assert.equal(moved.offsetSeconds, 10)
  assert.ok(Math.abs(Date.parse(moved.now) - Date.now() - 10_000) < 1000)
  assertTooMany(await app.inject(patch(PARTNER, APP_A)), waitFor - 11, waitFor - 9)
  assert.equal((await journal(app, 'earlyRetry=true')).length, 1)

  // 20 s after the window's first request: a new window, the whole budget again, and not early.
  assert.equal((await advance(app, 10)).offsetSeconds, 20)
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)
  assert.equal((await journal(app, 'earlyRetry=true')).length, 1)
  assert.ok(Date.now() - since < 15_000, 'no wall time was waited')

  // The clock never runs back, and takes a number of seconds only.
  for (const payload of [{ advanceSeconds: 0 }, { advanceSeconds: -20 }, { advanceSeconds: '20' }, {}, { advanceSeconds: 1, by: 2 }]) {
    const bad = await app.inject({ method: 'POST', url: '/_mock/clock', payload })
    assert.equal(bad.statusCode, 400, JSON.stringify(payload))
  }
  assert.equal((await app.inject({ url: '/_mock/clock' })).json<Clock>().offsetSeconds, 20)
})

test('throttling is off by default: an app\'s 300 PATCHes all pass, and count for nothing once it is turned on', async (t) => {
  const { app } = fixturesApp(t, false)
  assert.deepEqual((await app.inject({ url: '/_mock/throttling' })).json(), { enabled: false })
  assert.deepEqual(await statuses(app, 300, patch(PARTNER, APP_A)), times(300, 200))
  assert.deepEqual(await statuses(app, 300, patch(DEVICE, APP_A, { notes: 'x' })), times(300, 200))
  const on = await app.inject({ method: 'PUT', url: '/_mock/throttling', payload: { enabled: true } })
  assert.deepEqual([on.statusCode, on.json()], [200, { enabled: true }])
  assert.deepEqual((await app.inject({ url: '/_mock/throttling' })).json(), { enabled: true })
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)
  // Off again: refused no more; the windows keep what they counted.
  await app.inject({ method: 'PUT', url: '/_mock/throttling', payload: { enabled: false } })
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 200)
  await app.inject({ method: 'PUT', url: '/_mock/throttling', payload: { enabled: true } })
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)
  for (const payload of [{ enabled: 'yes' }, {}, { enabled: true, budget: 10 }]) {
    assert.equal((await app.inject({ method: 'PUT', url: '/_mock/throttling', payload })).statusCode, 400, JSON.stringify(payload))
  }
})

test('PUT /_mock/tenants/{tid}/throttling switches one tenant; its throttling and its clock leave the others alone', async (t) => {
  const { app } = fixturesApp(t, false)
  const [one, two] = [randomUUID(), randomUUID()]
  for (const tid of [one, two]) assert.equal((await app.inject({ method: 'POST', url: `/_mock/tenants/${tid}/reset` })).statusCode, 204)
  const [inOne, inTwo] = [asApp({ appid: 'app-a', tid: one }), asApp({ appid: 'app-a', tid: two })]
  const switchOn = await app.inject({ method: 'PUT', url: `/_mock/tenants/${one}/throttling`, payload: { enabled: true } })
  assert.deepEqual([switchOn.statusCode, switchOn.json()], [200, { enabled: true }])
  assert.deepEqual((await app.inject({ url: `/_mock/tenants/${two}/throttling` })).json(), { enabled: false })
  assert.deepEqual((await app.inject({ url: '/_mock/throttling' })).json(), { enabled: false })

  // The same app in each tenant: refused in the one throttled only.
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, inOne)), times(100, 200))
  assert.equal((await app.inject(patch(PARTNER, inOne))).statusCode, 429)
  assert.deepEqual(await statuses(app, 150, patch(PARTNER, inTwo)), times(150, 200))
  assert.deepEqual(await statuses(app, 150, patch(PARTNER, APP_A)), times(150, 200))
  await app.inject({ method: 'PUT', url: `/_mock/tenants/${two}/throttling`, payload: { enabled: true } })
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, inTwo)), times(100, 200))
  assert.equal((await app.inject(patch(PARTNER, inTwo))).statusCode, 429)

  // Tenant one's clock moves on; two's and the default tenant's do not, and two's app still waits.
  assert.equal((await advance(app, 20, `/tenants/${one}`)).offsetSeconds, 20)
  assert.equal((await app.inject({ url: `/_mock/tenants/${two}/clock` })).json<Clock>().offsetSeconds, 0)
  assert.equal((await app.inject({ url: '/_mock/clock' })).json<Clock>().offsetSeconds, 0)
  assert.equal((await app.inject(patch(PARTNER, inOne))).statusCode, 200)
  assert.equal((await app.inject(patch(PARTNER, inTwo))).statusCode, 429)
  // Each tenant's journal holds its own refusals.
  assert.deepEqual((await journal(app, 'status=429', `/tenants/${one}`)).length, 1)
  assert.deepEqual((await journal(app, 'status=429', `/tenants/${two}`)).length, 2)
  assert.deepEqual(await journal(app, 'status=429'), [])
})

test('reset: ?only=throttling empties the windows and puts the switch back, ?only=clock the clock and the windows it counted; ?only=store keeps both', async (t) => {
  const { app } = fixturesApp(t, false)
  const reset = async (only?: string) => {
    const res = await app.inject({ method: 'POST', url: only === undefined ? '/_mock/reset' : `/_mock/reset?only=${only}` })
    assert.equal(res.statusCode, 204, res.body)
  }
  const clockOffset = async () => (await app.inject({ url: '/_mock/clock' })).json<Clock>().offsetSeconds
  const enabled = async () => (await app.inject({ url: '/_mock/throttling' })).json<{ enabled: boolean }>().enabled
  await app.inject({ method: 'PUT', url: '/_mock/throttling', payload: { enabled: true } })
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)
  await advance(app, 5)

  await reset('store,journal')
  assert.deepEqual([await enabled(), await clockOffset()], [true, 5])
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)

  await reset('clock')
  assert.deepEqual([await enabled(), await clockOffset()], [true, 0])
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 200)

  await reset('throttling')
  // Back to how the tenant started: off; and on again, its windows are empty.
  assert.equal(await enabled(), false)
  await app.inject({ method: 'PUT', url: '/_mock/throttling', payload: { enabled: true } })
  assert.deepEqual(await statuses(app, 100, patch(PARTNER, APP_A)), times(100, 200))
  assert.equal((await app.inject(patch(PARTNER, APP_A))).statusCode, 429)

  // A whole reset does both.
  await advance(app, 5)
  await reset()
  assert.deepEqual([await enabled(), await clockOffset()], [false, 0])
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset?only=throttle' })).statusCode, 400)
})

test('a tenant started throttled is put back throttled by reset', async (t) => {
  const { app } = fixturesApp(t, true)
  await app.inject({ method: 'PUT', url: '/_mock/throttling', payload: { enabled: false } })
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset?only=throttling' })).statusCode, 204)
  assert.deepEqual((await app.inject({ url: '/_mock/throttling' })).json(), { enabled: true })
})

test('the clock moves token lifetimes: past exp and the 5-minute clock skew a token is expired; before nbf it is not yet valid', async (t) => {
  const { app } = fixturesApp(t, false)
  const tenant = randomUUID()
  await app.inject({ method: 'POST', url: `/_mock/tenants/${tenant}/reset` })
  const expiring = asApp({ appid: 'app-a', exp: nowSeconds() + 60 })
  const later = asApp({ appid: 'app-a', nbf: nowSeconds() + 400, exp: nowSeconds() + 3600 })
  const expiringElsewhere = asApp({ appid: 'app-a', exp: nowSeconds() + 60, tid: tenant })
  const status = async (headers: Record<string, string>) => {
    const res = await app.inject(get(PARTNER, headers))
    return res.statusCode === 401 ? res.json<ThrottleError>().error.message : res.statusCode
  }
  assert.deepEqual([await status(expiring), await status(later)], [200, 'Lifetime validation failed, the token is not yet valid.'])
  // Microsoft.IdentityModel's 300 s skew: 60 s past its exp a token still passes, 400 s before its nbf it does not.
  await advance(app, 120)
  assert.deepEqual([await status(expiring), await status(later)], [200, 200])
  await advance(app, 300)
  const expired = await app.inject(get(PARTNER, expiring))
  assert.equal(expired.statusCode, 401)
  assert.deepEqual([expired.json<ThrottleError>().error.code, expired.json<ThrottleError>().error.message], ['InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'])
  assert.match(String(expired.headers['www-authenticate']), /^Bearer realm=""/)
  assert.equal(await status(later), 200)
  // Another tenant's clock has not moved.
  assert.equal(await status(expiringElsewhere), 200)
})

test('the clock moves Remote Help sessions: one created, then 2 hours on, is gone; one created then lives an hour of the tenant\'s time', async (t) => {
  const { app } = fixturesApp(t, false)
  const created = await app.inject({ method: 'POST', url: `${DEVICE}/createRemoteHelpSession`, headers: JSON_AUTH, payload: { sessionType: 'viewScreen' } })
  assert.equal(created.statusCode, 200, created.body)
  const { sessionKey } = created.json<{ sessionKey: string }>()
  const retrieve = (key: string) => app.inject({ url: `${DEVICE}/retrieveRemoteHelpSession(sessionKey='${key}')`, headers: AUTH })
  const open = await retrieve(sessionKey)
  assert.equal(open.statusCode, 200)
  assert.ok(Math.abs(Date.parse(open.json().sessionExpirationDateTime) - Date.now() - 3_600_000) < 5000)

  await advance(app, 50 * 60)
  assert.equal((await retrieve(sessionKey)).statusCode, 200)
  await advance(app, 70 * 60)
  const gone = await retrieve(sessionKey)
  assert.equal(gone.statusCode, 404)
  assert.equal(gone.json().error.code, 'ResourceNotFound')
  assert.match(gone.json().error.message, /it was never created here, it has ended, or it expired\./)

  // Created at the tenant's time, 2 hours ahead: it ends an hour after that.
  const next = (await app.inject({ method: 'POST', url: `${DEVICE}/createRemoteHelpSession`, headers: JSON_AUTH, payload: {} })).json<{ sessionKey: string }>()
  const nextOpen = await retrieve(next.sessionKey)
  assert.equal(nextOpen.statusCode, 200)
  assert.ok(Math.abs(Date.parse(nextOpen.json().sessionExpirationDateTime) - Date.now() - 3 * 3_600_000) < 5000)
})

test('the clock moves partners\' onboarding requests: their expiry is an hour after the tenant\'s time', async (t) => {
  const { app } = fixturesApp(t, false)
  await advance(app, 2 * 3600)
  assert.equal((await app.inject({ method: 'POST', url: `${PARTNER}/beginOnboarding`, headers: AUTH })).statusCode, 204)
  const partner = (await app.inject(get(PARTNER, AUTH))).json<{ onboardingRequestExpiryDateTime: string }>()
  assert.ok(Math.abs(Date.parse(partner.onboardingRequestExpiryDateTime) - Date.now() - 3 * 3_600_000) < 5000)
})

test('once a batch with a refused item is answered, the app\'s next request before its Retry-After is an early retry', async (t) => {
  const { app } = fixturesApp(t, true)
  const headers = asApp({ appid: 'app-batching' })
  for (let index = 0; index < 100; index++) await app.inject(patch(PARTNER, headers, { displayName: `n${index}` }))
  const items = [1, 2, 3].map((index) => ({ id: String(index), method: 'PATCH', url: PARTNER.replace('/beta', ''), headers: { 'Content-Type': 'application/json' }, body: { displayName: `x${index}` } }))
  const batch = await app.inject({ method: 'POST', url: '/beta/$batch', headers, payload: { requests: items } })
  assert.deepEqual(batch.json<{ responses: Array<{ status: number }> }>().responses.map((item) => item.status), [429, 429, 429])
  assert.equal((await journal(app, 'earlyRetry=true')).length, 0)
  assert.equal((await app.inject(patch(PARTNER, headers))).statusCode, 429)
  assert.deepEqual((await journal(app, 'earlyRetry=true')).map((entry) => entry.method), ['PATCH'])
})

test('putting a moved clock back forgets the windows it counted, so no app is locked out for the time it ran ahead', async (t) => {
  const { app } = fixturesApp(t, true)
  // A token good for the two years the clock will run through.
  const longLived = asApp({ appid: 'app-long', exp: nowSeconds() + 2 * 31_536_000 })
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 31_536_000 } })).statusCode, 200)
  for (let index = 0; index < 100; index++) await app.inject(patch(PARTNER, longLived, { displayName: `n${index}` }))
  assert.equal((await app.inject(patch(PARTNER, longLived))).statusCode, 429)
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset?only=clock' })).statusCode, 204)
  assert.equal((await app.inject(patch(PARTNER, longLived))).statusCode, 200)
  assert.deepEqual((await app.inject('/_mock/throttling')).json(), { enabled: true })
})

test('the clock runs at most 100 years ahead; past that, Graph\'s 400 and the clock unmoved', async (t) => {
  const { app } = fixturesApp(t, false)
  for (let year = 0; year < 100; year++) await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 31_536_000 } })
  const past = await app.inject({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 31_536_000 } })
  assert.deepEqual([past.statusCode, past.json().error.code], [400, 'BadRequest'])
  assert.match(past.json().error.message, /at most 3153600000 s ahead/)
  assert.equal((await app.inject('/_mock/clock')).json<Clock>().offsetSeconds, 3_153_600_000)
})

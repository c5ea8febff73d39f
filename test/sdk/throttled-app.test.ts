/**
 * End to end: an app on Graph beta's official TypeScript SDK (test/clients/throttled-app.ts)
 * renames a remote assistance partner in a loop against a graph-mock process with throttling on,
 * over HTTPS, with tokens its issuer signed. The suite spends the app's 100 writes first, with a
 * token of the same app, and moves graph-mock's clock so that the window frees a slot about 1.5 s
 * later: the app's first PATCH is Graph's 429 with a Retry-After of 1 or 2 s, which the SDK's
 * retry handler waits before it sends the request again, and every call of the app succeeds; the
 * journal shows each 429 followed by the retry, none of them early. No wall-time wait beyond the
 * Retry-After.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startServer } from '../server-process.js'
import { TENANT_ID, runSdkApp, tenantControl } from './sdk-app.js'

const PARTNER_SET = 'deviceManagement.remoteAssistancePartners'
/** The tenant and app runSdkApp configures the app with. */
const CLIENT_ID = 'remote-help-app'
const GO_NAME = 'Throttled app, go'
const ROUNDS = 3
/** How long after the app's go-ahead the oldest request of its full window leaves it. */
const FREED_IN_MS = 1500
const APP_BUDGET = 100

interface RetrySeen { attempt: number, status: number, retryAfter: string | null }
interface Round { round: number, sent: string, read?: string, seen: RetrySeen[], ms: number, error?: unknown }
interface AppResults { polls: number, rounds: Round[] }
interface JournalEntry { id: number, time: string, method: string, headers: Record<string, string>, body: { displayName?: string } | null, status: number, earlyRetry: boolean }
interface Journal { entries: JournalEntry[] }

test('an app on the beta SDK, throttled, waits the Retry-After of its 429 and its every PATCH succeeds', async (t) => {
  const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-throttled-app-'))
  t.after(() => rm(tlsDir, { recursive: true, force: true }))
  const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed', MOCK_THROTTLING: 'on' })
  const partners = JSON.parse(await readFile(new URL(`../../fixtures/${PARTNER_SET}.json`, import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>
  const [partnerId = '', partner = {}] = Object.entries(partners)[0] ?? []
  const partnerUrl = `${server.baseUrl}/beta/deviceManagement/remoteAssistancePartners/${partnerId}`
  const requests = async (query: string) => (await (await fetch(`${tenantControl(server.baseUrl)}/requests?${query}`)).json() as Journal).entries

  // Another instance of the same app: its token, from graph-mock's issuer, names it as the app's do.
  const issued = await fetch(`${server.baseUrl}/${TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'app-secret', scope: 'https://graph.microsoft.com/.default' })
  })
  assert.equal(issued.status, 200)
  const { access_token: token } = await issued.json() as { access_token: string }
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { appid?: string, azp?: string }
  assert.equal(claims.appid, CLIENT_ID)

  const app = runSdkApp('test/clients/throttled-app.ts', {
    httpsUrl: server.httpsUrl ?? '',
    tlsDir,
    env: { PARTNER_ID: partnerId, GO_NAME, ROUNDS: String(ROUNDS) }
  }).then((stdout) => ({ stdout }), (error: Error) => ({ error }))

  // The app is up, with its token, once it polls the partner.
  const polling = Date.now()
  while ((await requests('method=GET&path=/beta/deviceManagement/remoteAssistancePartners')).length === 0) {
    assert.ok(Date.now() - polling < 30_000, 'the app never polled the partner')
    await sleep(25)
  }

  // The app's 100 writes, spent at once, so that their window frees in one go.
  const since = Date.now()
  const spent = await Promise.all(Array.from({ length: APP_BUDGET }, (_, i) => fetch(partnerUrl, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: `Spent ${i}` })
  }).then((res) => res.status)))
  assert.deepEqual(spent, Array.from({ length: APP_BUDGET }, () => 200))

  // The clock on, so that the window frees FREED_IN_MS from now; then the go-ahead, through the store, which counts for no budget.
  const advanceSeconds = (since + 20_000 - FREED_IN_MS - Date.now()) / 1000
  assert.ok(advanceSeconds > 0)
  const moved = await fetch(`${tenantControl(server.baseUrl)}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds }) })
  assert.equal(moved.status, 200, await moved.text())
  const go = await fetch(`${tenantControl(server.baseUrl)}/store/${PARTNER_SET}/${partnerId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...partner, displayName: GO_NAME })
  })
  assert.equal(go.status, 200, await go.text())

  const outcome = await app
  assert.ok('stdout' in outcome, String('error' in outcome ? outcome.error : ''))
  const results = JSON.parse(outcome.stdout) as AppResults

  await t.test('the app\'s first PATCH got a 429 with a Retry-After of 1 or 2 s, which the SDK waited before its retry', () => {
    const [first] = results.rounds
    assert.ok(first !== undefined)
    const [throttled] = first.seen
    assert.deepEqual(throttled && { attempt: throttled.attempt, status: throttled.status }, { attempt: 0, status: 429 })
    assert.match(String(throttled?.retryAfter), /^[12]$/)
    assert.ok(first.ms >= Number(throttled?.retryAfter) * 1000, `the call took ${first.ms} ms`)
  })

  await t.test('every call of the app succeeded, each read back the name it sent, in a few seconds of wall time', () => {
    assert.equal(results.rounds.length, ROUNDS)
    for (const round of results.rounds) {
      assert.equal(round.error, undefined, JSON.stringify(round.error))
      assert.equal(round.read, round.sent)
      // Only throttling was retried, each time on a Retry-After of 1 or 2 s.
      for (const seen of round.seen) assert.deepEqual([seen.status, /^[12]$/.test(String(seen.retryAfter))], [429, true])
    }
    const total = results.rounds.reduce((sum, { ms }) => sum + ms, 0)
    assert.ok(total < 8000, `the rounds took ${total} ms`)
  })

  await t.test('the journal: each 429 of the app\'s is followed by its retry, after the Retry-After, none early; each round ends 200', async () => {
    const patches = (await requests('method=PATCH&path=/beta/deviceManagement/remoteAssistancePartners'))
      .filter(({ body }) => body?.displayName?.startsWith('Renamed by the throttled app') === true)
    assert.equal(patches[0]?.status, 429)
    // What the SDK saw, in order, is what graph-mock answered.
    const seen = results.rounds.flatMap((round) => round.seen)
    assert.equal(patches.filter(({ status }) => status === 429).length, seen.length)
    let refusals = 0
    assert.equal(patches.filter(({ status }) => status === 200).length, ROUNDS)
    patches.forEach((entry, index) => {
      assert.equal(entry.earlyRetry, false, `entry ${entry.id}`)
      const before = patches[index - 1]
      if (before?.status !== 429) {
        // A round's first request.
        assert.equal(entry.headers['retry-attempt'], undefined)
        return
      }
      // The retry: the same body, numbered by the SDK, sent no sooner than the Retry-After allowed.
      assert.deepEqual(entry.body, before.body)
      assert.equal(entry.headers['retry-attempt'], String(Number(before.headers['retry-attempt'] ?? '0') + 1))
      const retryAfterMs = Number(seen[refusals++]?.retryAfter) * 1000
      const waited = Date.parse(entry.time) - Date.parse(before.time)
      assert.ok(waited >= retryAfterMs - 20, `the retry came ${waited} ms after its 429, whose Retry-After was ${retryAfterMs} ms`)
    })
    assert.equal(patches.at(-1)?.status, 200)
    assert.deepEqual(await requests('earlyRetry=true'), [])
  })
})

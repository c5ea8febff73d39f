/**
 * npm run test:soak: graph-mock at full rate for SOAK_SECONDS (60 by default) with fault rules
 * firing on a share of requests. Only the injected errors may appear, and memory must stay flat.
 * Not part of npm test: it takes a minute and both cores.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import autocannon from 'autocannon'
import { ENTITY_SET, JSON_AUTH } from '../helper.js'
import { BUNDLED_FIXTURE_ID } from '../server-process.js'
import { rssMiB, startProcess } from '../../bench/harness.js'

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 60)

test(`${SECONDS} s at full rate with fault rules firing: only injected errors, memory flat`, { timeout: (SECONDS + 60) * 1000 }, async (t) => {
  // LOG_LEVEL=warn, its output discarded: a minute of request logs is not worth keeping.
  const server = await startProcess({ command: [process.execPath, 'dist/server.js'], env: { LOG_LEVEL: 'warn' }, readyPath: '/_mock/health' })
  t.after(() => server.stop())
  const pid = server.pid
  for (const rule of [{ status: 429, probability: 0.05, seed: 1 }, { status: 503, probability: 0.05, seed: 2 }]) {
    const res = await fetch(`${server.baseUrl}/_mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'PATCH', times: 1_000_000_000, ...rule }) })
    assert.equal(res.status, 201)
  }

  const samples: Array<{ second: number, rss: number }> = []
  const started = Date.now()
  const sampler = setInterval(() => {
    rssMiB(pid).then((rss) => samples.push({ second: Math.round((Date.now() - started) / 1000), rss }), () => {})
  }, 5000)
  const result = await autocannon({
    url: `${server.baseUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`,
    method: 'PATCH',
    headers: JSON_AUTH,
    requests: [{ body: '{"sessionType":"elevation"}' }, { body: '{"sessionKey":"soak"}' }],
    connections: 32,
    duration: SECONDS
  })
  clearInterval(sampler)

  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count]))
  t.diagnostic(`${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, statuses ${JSON.stringify(statuses)}`)
  t.diagnostic(`RSS MiB: ${samples.map(({ second, rss }) => `${second}s ${rss.toFixed(1)}`).join(', ')}`)
  assert.equal(result.errors, 0)
  assert.equal(result.timeouts, 0)
  assert.deepEqual(Object.keys(statuses).sort(), ['200', '429', '503'])
  // Each rule fires on about 5% of the requests that reach it.
  const total = result.requests.total
  assert.ok((statuses['429'] ?? 0) > total * 0.03 && (statuses['503'] ?? 0) > total * 0.03, JSON.stringify(statuses))

  // Flat: once settled (JIT, pools, the full journal ring), the last samples are within 20 MiB of
  // the first ones. Averages of up to three, since one sample swings by tens of MiB with the GC.
  const settled = samples.filter(({ second }) => second >= Math.min(15, SECONDS / 2))
  assert.ok(settled.length >= 2, 'too few memory samples')
  const average = (some: typeof settled) => some.reduce((sum, { rss }) => sum + rss, 0) / some.length
  const third = Math.max(1, Math.floor(settled.length / 3))
  const growth = average(settled.slice(-third)) - average(settled.slice(0, third))
  assert.ok(growth < 20, `RSS grew ${growth.toFixed(1)} MiB`)

  const health = await fetch(`${server.baseUrl}/_mock/health`)
  assert.equal(health.status, 200)
})

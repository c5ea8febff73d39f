/**
 * npm run bench, JSON batching: 20 GETs of one managed device in one `$batch` against the same
 * GET sent alone, as items answered per second, alternating in each round. Batching must not
 * be slower per item than sending alone (target ≥ 1).
 */
import { readFileSync } from 'node:fs'
import { CONNECTIONS, load, median, pinnedCommand, row, startProcess, type Figures } from './harness.js'

const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const ITEMS = 20
const TARGET = 1
const AUTH = { authorization: 'Bearer bench' }
const DEVICE_ID = Object.keys(JSON.parse(readFileSync(new URL('../fixtures/deviceManagement.managedDevices.json', import.meta.url), 'utf8')) as Record<string, unknown>)[0] ?? ''
const DEVICE_PATH = `/deviceManagement/managedDevices/${DEVICE_ID}`
const BATCH_BODY = JSON.stringify({ requests: Array.from({ length: ITEMS }, (_, index) => ({ id: String(index + 1), method: 'GET', url: DEVICE_PATH })) })

// As users run it: the default journal, which records every item too.
const server = await startProcess({ command: [process.execPath, 'dist/server.js'], env: { LOG_LEVEL: 'warn' }, readyPath: '/_mock/health' })
const alone = { name: 'GET alone', url: `${server.baseUrl}/beta${DEVICE_PATH}`, method: 'GET' as const, headers: AUTH }
const batched = { name: `$batch of ${ITEMS} GETs`, url: `${server.baseUrl}/beta/$batch`, method: 'POST' as const, headers: AUTH, body: BATCH_BODY }
const runs: { alone: Figures[], batched: Figures[] } = { alone: [], batched: [] }
try {
  const answered = await (await fetch(batched.url, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: BATCH_BODY })).json() as { responses: Array<{ status: number }> }
  if (answered.responses.length !== ITEMS || answered.responses.some((item) => item.status !== 200)) throw new Error(`the batch did not answer ${ITEMS} 200s: ${JSON.stringify(answered).slice(0, 300)}`)
  await load({ ...alone, seconds: 1 })
  await load({ ...batched, seconds: 1 })
  for (let round = 0; round < ROUNDS; round++) {
    runs.alone.push(await load({ ...alone, seconds: SLICE_SECONDS }))
    runs.batched.push(await load({ ...batched, seconds: SLICE_SECONDS }))
  }
} finally {
  await server.stop()
}

const ratios = runs.batched.map((run, round) => (run.requestsPerSecond * ITEMS) / (runs.alone[round]?.requestsPerSecond ?? Number.NaN))
const ratio = median(ratios)
console.log(`\n# JSON batching\n\nGET ${DEVICE_PATH} alone and ${ITEMS} of it in one POST /beta/$batch, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_SECONDS} s each, medians; the default journal on; node ${process.version}, ${pinnedCommand().length > 0 ? 'server on core 0, load on core 1' : 'unpinned'}\n`)
console.log(row(['request', 'req/s', 'items/s', 'p50 ms', 'p99 ms']))
console.log(row(['---', '---:', '---:', '---:', '---:']))
for (const [name, figures, items] of [[alone.name, runs.alone, 1], [batched.name, runs.batched, ITEMS]] as const) {
  const perSecond = median(figures.map((run) => run.requestsPerSecond))
  console.log(row([name, perSecond.toFixed(0), (perSecond * items).toFixed(0), String(median(figures.map((run) => run.p50))), String(median(figures.map((run) => run.p99)))]))
}
console.log(`\n${row(['figure', 'each round', 'median', 'target', 'verdict'])}`)
console.log(row(['---', '---:', '---:', '---:', '---']))
console.log(row(['items/s batched over alone', ratios.map((value) => value.toFixed(2)).join(', '), ratio.toFixed(2), `≥ ${TARGET}`, ratio >= TARGET ? 'met' : 'MISSED']))
process.exitCode = ratio >= TARGET ? 0 : 1

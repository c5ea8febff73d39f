/**
 * npm run bench, JSON batching: 20 GETs of one managed device in one `$batch` against the same
 * GET sent alone, as items answered per second, alternating in each round. Twice: from one
 * connection, as an app sends its calls in turn (batching saves it 19 round trips of 20), and
 * from 32, which keep the server's core busy (where only the server's cost per item counts).
 * Batching must not be slower per item than sending alone (target ≥ 1 for each). Then the
 * server's memory over many more batches, which must stay flat as the PATCH's does (an item rides
 * inject's mock socket, which once kept every item answered).
 */
import { readFileSync } from 'node:fs'
import { CONNECTIONS, load, median, pinnedCommand, printGrowth, row, rssMiB, startProcess, type Figures } from './harness.js'

const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const ITEMS = 20
const TARGET = 1
const AUTH = { authorization: 'Bearer bench' }
const DEVICE_ID = Object.keys(JSON.parse(readFileSync(new URL('../fixtures/deviceManagement.managedDevices.json', import.meta.url), 'utf8')) as Record<string, unknown>)[0] ?? ''
const DEVICE_PATH = `/deviceManagement/managedDevices/${DEVICE_ID}`
const BATCH_BODY = JSON.stringify({ requests: Array.from({ length: ITEMS }, (_, index) => ({ id: String(index + 1), method: 'GET', url: DEVICE_PATH })) })
const LOADS = [1, CONNECTIONS] as const
/** Batches answered before memory is first read (after the rounds above), and after: 100,000 and 400,000 items. */
const MEMORY_BATCHES = [5_000, 20_000] as const

// As users run it: the default journal, which records every item too.
const server = await startProcess({ command: [process.execPath, 'dist/server.js'], env: { LOG_LEVEL: 'warn' }, readyPath: '/_mock/health' })
const alone = { name: 'GET alone', url: `${server.baseUrl}/beta${DEVICE_PATH}`, method: 'GET' as const, headers: AUTH }
const batched = { name: `$batch of ${ITEMS} GETs`, url: `${server.baseUrl}/beta/$batch`, method: 'POST' as const, headers: AUTH, body: BATCH_BODY }
const runs = new Map(LOADS.map((connections) => [connections, { alone: [] as Figures[], batched: [] as Figures[] }]))
const rss: number[] = []
try {
  const answered = await (await fetch(batched.url, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: BATCH_BODY })).json() as { responses: Array<{ status: number }> }
  if (answered.responses.length !== ITEMS || answered.responses.some((item) => item.status !== 200)) throw new Error(`the batch did not answer ${ITEMS} 200s: ${JSON.stringify(answered).slice(0, 300)}`)
  await load({ ...alone, seconds: 1 })
  await load({ ...batched, seconds: 1 })
  for (let round = 0; round < ROUNDS; round++) {
    for (const connections of LOADS) {
      runs.get(connections)?.alone.push(await load({ ...alone, seconds: SLICE_SECONDS, connections }))
      runs.get(connections)?.batched.push(await load({ ...batched, seconds: SLICE_SECONDS, connections }))
    }
  }
  let sent = 0
  for (const batches of MEMORY_BATCHES) {
    await load({ ...batched, amount: batches - sent })
    sent = batches
    rss.push(await rssMiB(server.pid))
  }
} finally {
  await server.stop()
}

console.log(`\n# JSON batching\n\nGET ${DEVICE_PATH} alone and ${ITEMS} of it in one POST /beta/$batch, ${ROUNDS} rounds of ${SLICE_SECONDS} s each, medians; the default journal on; node ${process.version}, ${pinnedCommand().length > 0 ? 'server on core 0, load on core 1' : 'unpinned'}\n`)
console.log(row(['connections', 'request', 'req/s', 'items/s', 'p50 ms', 'p99 ms']))
console.log(row(['---:', '---', '---:', '---:', '---:', '---:']))
for (const [connections, figures] of runs) {
  for (const [name, own, items] of [[alone.name, figures.alone, 1], [batched.name, figures.batched, ITEMS]] as const) {
    const perSecond = median(own.map((run) => run.requestsPerSecond))
    console.log(row([connections, name, perSecond.toFixed(0), (perSecond * items).toFixed(0), String(median(own.map((run) => run.p50))), String(median(own.map((run) => run.p99)))]))
  }
}
console.log(`\n${row(['items/s batched over alone', 'each round', 'median', 'target', 'verdict'])}`)
console.log(row(['---', '---:', '---:', '---:', '---']))
let missed = 0
for (const [connections, figures] of runs) {
  const ratios = figures.batched.map((run, round) => (run.requestsPerSecond * ITEMS) / (figures.alone[round]?.requestsPerSecond ?? Number.NaN))
  const ratio = median(ratios)
  if (ratio < TARGET) missed++
  console.log(row([`${connections} connection${connections === 1 ? '' : 's'}`, ratios.map((value) => value.toFixed(2)).join(', '), ratio.toFixed(2), `≥ ${TARGET}`, ratio >= TARGET ? 'met' : 'MISSED']))
}
const items = MEMORY_BATCHES.map((batches) => (batches * ITEMS).toLocaleString('en'))
console.log('')
if (!printGrowth([`RSS after ${items[0]} more items`, `after ${items[1]}`], rss)) missed++
process.exitCode = missed === 0 ? 0 : 1

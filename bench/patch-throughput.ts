/**
 * npm run bench: PATCH throughput and latency of graph-mock under load, beside a bare Fastify
 * route measured in the same run, as ratios. graph-mock runs twice per log level: as the core
 * alone (journal off, no fault rules) and as users run it (a 1000-entry journal, and a fault
 * rule checked on every request that never fires), so the hot-path cost of the control API is
 * a ratio too.
 */
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import autocannon from 'autocannon'

const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7)
const CONNECTIONS = 32
const FIXTURE_ID = '0f3c5a8e-2b7d-4e61-9c1a-5d8f2e7b4a90'
const PATH = `/beta/RequestRemoteHelpSessionAccessResponse/${FIXTURE_ID}`

interface Figures { requestsPerSecond: number, p50: number, p99: number }

/** A port free right now, so the server's address is known without reading its (level-dependent) logs. */
async function freePort (): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as AddressInfo
  probe.close()
  await once(probe, 'close')
  return port
}

/**
 * With taskset (util-linux) and two cores or more, the servers get core 0 and this process, which
 * runs autocannon, core 1: the two then stop taking turns on one core, which on a 2-core machine
 * swung single runs by a factor of two. Without taskset they run wherever the OS puts them.
 */
function pinnedCommand (): string[] {
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' })
    return ['taskset', '-c', '0']
  } catch {
    return []
  }
}
const PINNED = pinnedCommand()

async function startProcess (script: string, env: Record<string, string>) {
  const port = await freePort()
  const [command = process.execPath, ...prefixArgs] = [...PINNED, process.execPath]
  const child = spawn(command, [...prefixArgs, '--import', 'tsx', script], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    // Request logs go to /dev/null: still formatted and written, as a container runtime would take them.
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`${script} exited with ${code}`) })
  const baseUrl = `http://127.0.0.1:${port}`
  for (;;) {
    const up = await Promise.race([fetch(`${baseUrl}${PATH}`).then(() => true, () => false), exited])
    if (up) break
    await setTimeout(50)
  }
  return { baseUrl, stop: async () => { child.kill('SIGTERM'); await once(child, 'exit') } }
}

/** A rule every bench request is checked against (same method, so the path is compared) and that never fires. */
const IDLE_FAULT_RULE = { method: 'PATCH', path: '/beta/NoSuchEntitySet', status: 503, times: 1_000_000_000 }

async function addIdleFaultRule (baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/_mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(IDLE_FAULT_RULE) })
  if (res.status !== 201) throw new Error(`adding the fault rule answered ${res.status}`)
}

async function load (name: string, baseUrl: string, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: `${baseUrl}${PATH}`,
    method: 'PATCH',
    headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
    body: '{"sessionType":"takeFullControl"}',
    connections: CONNECTIONS,
    duration: seconds
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

interface Subject { name: string, script: string, env: Record<string, string>, target?: number, setUp?: (baseUrl: string) => Promise<void> }
const CORE = { MOCK_JOURNAL_LIMIT: '0' }
const AS_USED = { MOCK_JOURNAL_LIMIT: '1000' }
const subjects: Subject[] = [
  { name: 'bare Fastify route', script: 'bench/bare-server.ts', env: {} },
  { name: 'core, LOG_LEVEL=info', script: 'src/server.ts', env: { LOG_LEVEL: 'info', ...CORE }, target: 0.6 },
  { name: 'journal + fault rule, LOG_LEVEL=info', script: 'src/server.ts', env: { LOG_LEVEL: 'info', ...AS_USED }, target: 0.6, setUp: addIdleFaultRule },
  { name: 'core, LOG_LEVEL=warn', script: 'src/server.ts', env: { LOG_LEVEL: 'warn', ...CORE }, target: 0.8 },
  { name: 'journal + fault rule, LOG_LEVEL=warn', script: 'src/server.ts', env: { LOG_LEVEL: 'warn', ...AS_USED }, target: 0.8, setUp: addIdleFaultRule }
]
/** Throughput of each "journal + fault rule" subject over the core subject before it. */
const CONTROL_COST_TARGET = 0.9

// Every server is started once and loaded in turn, a short slice each, round after round. Each
// ratio is taken within its round, between slices seconds apart, so a burst of load from
// elsewhere on a shared machine skews one round, not every figure of one server.
const servers = []
for (const subject of subjects) {
  const server = await startProcess(subject.script, subject.env)
  await subject.setUp?.(server.baseUrl)
  await load(subject.name, server.baseUrl, 1) // warm-up: JIT and connection set-up
  servers.push(server)
}
const runs: Figures[][] = subjects.map(() => [])
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, subject] of subjects.entries()) {
      runs[index]?.push(await load(subject.name, servers[index]?.baseUrl ?? '', SLICE_SECONDS))
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()))
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
/** Per round, throughput of subject `index` over that of subject `base`. */
const ratiosTo = (index: number, base: number) =>
  (runs[index] ?? []).map((run, round) => run.requestsPerSecond / (runs[base]?.[round]?.requestsPerSecond ?? Number.NaN))
const row = (cells: string[]) => `| ${cells.join(' | ')} |`
const verdict = (ratio: number, target: number) => (ratio >= target ? 'met' : 'MISSED')
let missed = 0

console.log(`\nPATCH ${PATH}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_SECONDS} s per server, medians; node ${process.version}, ${PINNED.length > 0 ? 'servers on core 0, load on core 1' : 'unpinned'}\n`)
console.log(row(['server', 'req/s', 'p50 ms', 'p99 ms', 'ratio to bare (each round)', 'median ratio', 'target', 'verdict']))
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---']))
for (const [index, subject] of subjects.entries()) {
  const own = runs[index] ?? []
  const ratios = ratiosTo(index, 0)
  const ratio = median(ratios)
  if (subject.target !== undefined && ratio < subject.target) missed++
  console.log(row([
    subject.name,
    median(own.map((run) => run.requestsPerSecond)).toFixed(0),
    String(median(own.map((run) => run.p50))),
    String(median(own.map((run) => run.p99))),
    index === 0 ? '' : ratios.map((value) => value.toFixed(2)).join(', '),
    ratio.toFixed(2),
    subject.target === undefined ? '' : `≥ ${subject.target}`,
    subject.target === undefined ? '' : verdict(ratio, subject.target)
  ]))
}

console.log('\nCost of the journal and fault matching: throughput with them over the core\'s\n')
console.log(row(['log level', 'each round', 'median', 'target', 'verdict']))
console.log(row(['---', '---:', '---:', '---:', '---']))
for (const [index, subject] of subjects.entries()) {
  if (subject.setUp === undefined) continue
  const ratios = ratiosTo(index, index - 1)
  const ratio = median(ratios)
  if (ratio < CONTROL_COST_TARGET) missed++
  console.log(row([subject.env['LOG_LEVEL'] ?? '', ratios.map((value) => value.toFixed(2)).join(', '), ratio.toFixed(2), `≥ ${CONTROL_COST_TARGET}`, verdict(ratio, CONTROL_COST_TARGET)]))
}
process.exitCode = missed === 0 ? 0 : 1

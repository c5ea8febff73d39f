/**
 * npm run bench: PATCH throughput and p99 latency of graph-mock under load, beside a bare
 * Fastify route measured in the same run, as ratios. Each server runs in its own process.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import autocannon from 'autocannon'

const DURATION_SECONDS = Number(process.env['BENCH_DURATION'] ?? 5)
const CONNECTIONS = 32
const FIXTURE_ID = '0f3c5a8e-2b7d-4e61-9c1a-5d8f2e7b4a90'
const PATH = `/beta/RequestRemoteHelpSessionAccessResponse/${FIXTURE_ID}`

interface Figures { name: string, requestsPerSecond: number, p50: number, p99: number }

/** A port free right now, so the server's address is known without reading its (level-dependent) logs. */
async function freePort (): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as AddressInfo
  probe.close()
  await once(probe, 'close')
  return port
}

async function startProcess (script: string, env: Record<string, string>) {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
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

async function measure (name: string, script: string, env: Record<string, string> = {}): Promise<Figures> {
  const server = await startProcess(script, env)
  try {
    const options = {
      url: `${server.baseUrl}${PATH}`,
      method: 'PATCH' as const,
      headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
      body: '{"sessionType":"takeFullControl"}',
      connections: CONNECTIONS
    }
    await autocannon({ ...options, duration: 1 }) // warm-up: JIT and connection set-up
    const result = await autocannon({ ...options, duration: DURATION_SECONDS })
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
    return { name, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
  } finally {
    await server.stop()
  }
}

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const subjects = [
  { name: 'graph-mock, LOG_LEVEL=info', env: { LOG_LEVEL: 'info' }, target: 0.6 },
  { name: 'graph-mock, LOG_LEVEL=warn', env: { LOG_LEVEL: 'warn' }, target: 0.8 }
]

// Rounds interleave the servers and each ratio is taken within its round, so a burst of load
// from elsewhere on a shared machine skews one round, not every figure of one server.
const bareRuns: Figures[] = []
const ratios = subjects.map(() => [] as number[])
const subjectRuns = subjects.map(() => [] as Figures[])
for (let round = 0; round < ROUNDS; round++) {
  const bare = await measure('bare Fastify route', 'bench/bare-server.ts')
  bareRuns.push(bare)
  for (const [index, subject] of subjects.entries()) {
    const figures = await measure(subject.name, 'src/server.ts', subject.env)
    subjectRuns[index]?.push(figures)
    ratios[index]?.push(figures.requestsPerSecond / bare.requestsPerSecond)
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const medianFigures = (runs: Figures[]) => ({
  requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)).toFixed(0),
  p50: String(median(runs.map((run) => run.p50))),
  p99: String(median(runs.map((run) => run.p99)))
})

const row = (cells: string[]) => `| ${cells.join(' | ')} |`
console.log(`\nPATCH ${PATH}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, median of ${ROUNDS} interleaved rounds, node ${process.version}\n`)
console.log(row(['server', 'req/s', 'p50 ms', 'p99 ms', 'ratio to bare (each round)', 'median ratio', 'target', 'verdict']))
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---']))
const bare = medianFigures(bareRuns)
console.log(row(['bare Fastify route', bare.requestsPerSecond, bare.p50, bare.p99, '', '1.00', '', '']))
let missed = 0
for (const [index, subject] of subjects.entries()) {
  const figures = medianFigures(subjectRuns[index] ?? [])
  const ratio = median(ratios[index] ?? [])
  if (ratio < subject.target) missed++
  const each = (ratios[index] ?? []).map((value) => value.toFixed(2)).join(', ')
  console.log(row([subject.name, figures.requestsPerSecond, figures.p50, figures.p99, each, ratio.toFixed(2), `≥ ${subject.target}`, ratio >= subject.target ? 'met' : 'MISSED']))
}
process.exitCode = missed === 0 ? 0 : 1

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

const bare = await measure('bare Fastify route', 'bench/bare-server.ts')
const runs = [
  { figures: await measure('graph-mock, LOG_LEVEL=info', 'src/server.ts', { LOG_LEVEL: 'info' }), target: 0.6 },
  { figures: await measure('graph-mock, LOG_LEVEL=warn', 'src/server.ts', { LOG_LEVEL: 'warn' }), target: 0.8 }
]

const row = (cells: string[]) => `| ${cells.join(' | ')} |`
console.log(`\nPATCH ${PATH}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, node ${process.version}\n`)
console.log(row(['server', 'req/s', 'p50 ms', 'p99 ms', 'ratio to bare', 'target', 'verdict']))
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---']))
console.log(row([bare.name, bare.requestsPerSecond.toFixed(0), String(bare.p50), String(bare.p99), '1.00', '', '']))
let missed = 0
for (const { figures, target } of runs) {
  const ratio = figures.requestsPerSecond / bare.requestsPerSecond
  if (ratio < target) missed++
  console.log(row([figures.name, figures.requestsPerSecond.toFixed(0), String(figures.p50), String(figures.p99), ratio.toFixed(2), `≥ ${target}`, ratio >= target ? 'met' : 'MISSED']))
}
process.exitCode = missed === 0 ? 0 : 1

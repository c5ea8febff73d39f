/** What every benchmark script shares: free ports, CPU pinning, starting servers and loading them with autocannon. */
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import autocannon from 'autocannon'

export const CONNECTIONS = 32
export { ENTITY_SET } from '../src/resources/request-remote-help-session-access-response/schemas.js'
export { BUNDLED_FIXTURE_ID as FIXTURE_ID } from '../test/server-process.js'
export const PATCH_BODY = '{"sessionType":"takeFullControl"}'

export interface Figures { requestsPerSecond: number, p50: number, p99: number, requests: number }

/** A port free right now, so the server's address is known without reading its (level-dependent) logs. */
export async function freePort (): Promise<number> {
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
 * This process is pinned on the first call, so importing the harness changes nothing.
 */
let pinning: string[] | undefined
export function pinnedCommand (): string[] {
  pinning ??= (() => {
    try {
      execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' })
      return ['taskset', '-c', '0']
    } catch {
      return []
    }
  })()
  return pinning
}

export interface Launch {
  /** The command and its arguments; a server is passed its port as PORT and as `{port}` in args. */
  command: string[]
  env?: Record<string, string>
  cwd?: string
  /** Answers 200 once the server is ready. */
  readyPath: string
  readyHeaders?: Record<string, string>
}

export interface Started { baseUrl: string, pid: number, startMs: number, stop: () => Promise<void> }

/** Starts a server and waits for its first 200; startMs is spawn to that answer. */
export async function startProcess ({ command, env = {}, cwd, readyPath, readyHeaders = {} }: Launch): Promise<Started> {
  const port = await freePort()
  const [file = '', ...args] = [...pinnedCommand(), ...command.map((part) => part.replaceAll('{port}', String(port)))]
  const spawnedAt = performance.now()
  const child = spawn(file, args, {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    // Request logs go to /dev/null: still formatted and written, as a container runtime would take them.
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`${command.join(' ')} exited with ${code}`) })
  const baseUrl = `http://127.0.0.1:${port}`
  for (;;) {
    const ready = await Promise.race([fetch(`${baseUrl}${readyPath}`, { headers: readyHeaders }).then((res) => res.status === 200, () => false), exited])
    if (ready) break
    await setTimeout(10)
  }
  const startMs = performance.now() - spawnedAt
  exited.catch(() => {})
  return { baseUrl, pid: child.pid ?? 0, startMs, stop: async () => { child.kill('SIGTERM'); await once(child, 'exit') } }
}

export async function rssMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

let ticksPerSecond: number | undefined
/**
 * The CPU time a process has used so far, in µs, from /proc/<pid>/stat: in user space (its
 * JavaScript, V8, Node's C++) and in the kernel on its behalf (its syscalls). A server's user
 * time per request moved by about 2% between slices on this shared VM, where its throughput
 * moved by 10% and more, so it measures a change to the request path more finely.
 */
export async function cpuMicros (pid: number): Promise<{ user: number, system: number }> {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const micros = (field: string | undefined) => Number(field) * 1_000_000 / (ticksPerSecond ?? 100)
  return { user: micros(fields[11]), system: micros(fields[12]) }
}

/** A rule every bench request is checked against (same method, so the path is compared) and that never fires. */
const IDLE_FAULT_RULE = { method: 'PATCH', path: '/beta/NoSuchEntitySet', status: 503, times: 1_000_000_000 }

export async function addIdleFaultRule (baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/_mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(IDLE_FAULT_RULE) })
  if (res.status !== 201) throw new Error(`adding the fault rule answered ${res.status}`)
}

/** `requests`: each connection's requests in turn (paths on `url`'s origin), in place of one method, headers and body. */
export interface Load { name: string, url: string, method?: 'PATCH' | 'GET' | 'POST', headers?: Record<string, string>, body?: string, requests?: autocannon.Request[], seconds?: number, amount?: number, connections?: number }

/** PATCH (or GET, or a POST of `body`, or `requests` in turn) load; any non-2xx answer or socket error aborts the benchmark, since its figures would mean nothing. */
export async function load ({ name, url, method = 'PATCH', headers = {}, body = PATCH_BODY, requests, seconds, amount, connections = CONNECTIONS }: Load): Promise<Figures> {
  const result = await autocannon({
    url,
    // A list of requests carries each one's method, headers and body: no default is merged into them.
    ...(requests !== undefined ? { requests } : method === 'GET' ? { method, headers } : { method, headers: { 'content-type': 'application/json', ...headers }, body }),
    connections,
    ...(amount === undefined ? { duration: seconds ?? 2 } : { amount })
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
export const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`

/** A server's RSS growth between two readings, as a table with its target (the same for every memory bench); whether it was met. */
export const MEMORY_GROWTH_TARGET_MIB = 20
export function printGrowth (columns: readonly string[], readings: readonly number[]): boolean {
  const growth = (readings.at(-1) ?? Number.NaN) - (readings.at(-2) ?? Number.NaN)
  const met = growth < MEMORY_GROWTH_TARGET_MIB
  console.log(row([...columns, 'growth between', 'target', 'verdict']))
  console.log(row([...columns, '', '', ''].map((_, index) => (index === columns.length + 2 ? '---' : '---:'))))
  console.log(row([...readings.map((mib) => `${mib.toFixed(1)} MiB`), `${growth.toFixed(1)} MiB`, `< ${MEMORY_GROWTH_TARGET_MIB} MiB`, met ? 'met' : 'MISSED']))
  return met
}

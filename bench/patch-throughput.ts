/**
 * npm run bench: PATCH throughput and latency of graph-mock under load, beside two ceilings
 * measured in the same run, as ratios: a bare Fastify route, and a Graph-shaped bare route that
 * answers with graph-mock's own status, headers and body bytes and does nothing else; and beside
 * them, without a target, a validated PATCH in plain Fastify, which does the least any mock
 * must (both checked at start to answer as graph-mock does). graph-mock runs twice per log level: as the core alone
 * (journal off, no fault rules) and as users run it (a 1000-entry journal, and a fault rule
 * checked on every request that never fires), so the hot-path cost of the control API is a
 * ratio too.
 */
import { readFileSync } from 'node:fs'
import { CONNECTIONS, ENTITY_SET, FIXTURE_ID, pinnedCommand, addIdleFaultRule, cpuMicros, load, median, row, startProcess, type Figures } from './harness.js'

const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7)
const PATH = `/beta/${ENTITY_SET}/${FIXTURE_ID}`
const AUTH = { authorization: 'Bearer bench' }

/**
 * `target`: over the bare route (issue 12's); `graphTarget`: over the Graph-shaped one, with
 * `p99Within` ms of its p99 (issue 17's); `issuedToken`: its requests bear a token from the
 * server's own issuer, as an SDK app's do, instead of an opaque one.
 */
interface Subject { name: string, script: string, env: Record<string, string>, target?: number, graphTarget?: number, p99Within?: number, setUp?: (baseUrl: string) => Promise<void>, get?: string, issuedToken?: boolean }
/** The first bundled managed device: a GET of one entity of 83 properties, beside the PATCH of the seed's small one. */
const DEVICE_ID = Object.keys(JSON.parse(readFileSync(new URL('../fixtures/deviceManagement.managedDevices.json', import.meta.url), 'utf8')) as Record<string, unknown>)[0] ?? ''
const CORE = { MOCK_JOURNAL_LIMIT: '0' }
const AS_USED = { MOCK_JOURNAL_LIMIT: '1000' }
const subjects: Subject[] = [
  { name: 'bare Fastify route', script: 'bench/bare-server.mjs', env: {} },
  { name: 'Graph-shaped bare route', script: 'bench/bare-graph-server.mjs', env: {} },
  { name: 'validated PATCH in plain Fastify', script: 'bench/validated-patch-server.mjs', env: {} },
  { name: 'core, LOG_LEVEL=info', script: 'dist/server.js', env: { LOG_LEVEL: 'info', ...CORE }, target: 0.6 },
  { name: 'journal + fault rule, LOG_LEVEL=info', script: 'dist/server.js', env: { LOG_LEVEL: 'info', ...AS_USED }, target: 0.6, graphTarget: 0.75, setUp: addIdleFaultRule },
  { name: 'core, LOG_LEVEL=warn', script: 'dist/server.js', env: { LOG_LEVEL: 'warn', ...CORE }, target: 0.8 },
  { name: 'journal + fault rule, LOG_LEVEL=warn', script: 'dist/server.js', env: { LOG_LEVEL: 'warn', ...AS_USED }, target: 0.8, graphTarget: 0.9, p99Within: 2, setUp: addIdleFaultRule },
  { name: 'GET one managed device, core, LOG_LEVEL=warn', script: 'dist/server.js', env: { LOG_LEVEL: 'warn', ...CORE }, get: `/beta/deviceManagement/managedDevices/${DEVICE_ID}` },
  { name: 'issued token, core, LOG_LEVEL=warn', script: 'dist/server.js', env: { LOG_LEVEL: 'warn', ...CORE }, issuedToken: true },
  { name: 'issued token, AUTH_MODE=signed, core, LOG_LEVEL=warn', script: 'dist/server.js', env: { LOG_LEVEL: 'warn', AUTH_MODE: 'signed', ...CORE }, issuedToken: true }
]
const urlOf = (baseUrl: string, subject: Subject) => `${baseUrl}${subject.get ?? PATH}`

/** An app-only token from the server's issuer, as @azure/identity's client-secret credential asks for one. */
async function issuedToken (baseUrl: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'bench', client_secret: 'bench', scope: 'https://graph.microsoft.com/.default' })
  const res = await fetch(`${baseUrl}/common/oauth2/v2.0/token`, { method: 'POST', body: form })
  const { access_token: token } = await res.json() as { access_token?: string }
  if (token === undefined) throw new Error(`The issuer gave no token: ${res.status}`)
  return token
}
/** Throughput of each "journal + fault rule" subject over the core subject before it. */
const CONTROL_COST_TARGET = 0.9

/** A plain Fastify server stands beside graph-mock only while it answers as graph-mock does: same status, header names and values, body. */
async function sameAnswers (bareUrl: string, graphMockUrl: string): Promise<void> {
  const answer = async (baseUrl: string) => {
    const res = await fetch(`${baseUrl}${PATH}`, { method: 'PATCH', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{"sessionType":"takeFullControl"}' })
    // Values that differ by request or by clock only.
    const headers = [...res.headers].filter(([name]) => !['date', 'request-id', 'client-request-id'].includes(name))
    return JSON.stringify({ status: res.status, headers, body: await res.text() })
  }
  const [bare, graphMock] = [await answer(bareUrl), await answer(graphMockUrl)]
  if (bare !== graphMock) throw new Error(`${bareUrl} no longer answers as graph-mock does:\n${bare}\n${graphMock}`)
}

// Every server is started once and loaded in turn, a short slice each, round after round. Each
// ratio is taken within its round, between slices seconds apart, so a burst of load from
// elsewhere on a shared machine skews one round, not every figure of one server.
/** Each subject's server, with the Authorization header its requests bear. */
const servers = []
for (const subject of subjects) {
  const server = await startProcess({ command: [process.execPath, subject.script], env: subject.env, readyPath: '/_mock/health' })
  await subject.setUp?.(server.baseUrl)
  const headers = subject.issuedToken === true ? { authorization: `Bearer ${await issuedToken(server.baseUrl)}` } : AUTH
  await load({ name: subject.name, url: urlOf(server.baseUrl, subject), method: subject.get === undefined ? 'PATCH' : 'GET', headers, seconds: 1 }) // warm-up: JIT and connection set-up
  servers.push({ ...server, headers })
}
const GRAPH_SHAPED = 1
const FIRST_GRAPH_MOCK = subjects.findIndex((subject) => subject.script === 'dist/server.js')
for (const index of [GRAPH_SHAPED, GRAPH_SHAPED + 1]) await sameAnswers(servers[index]?.baseUrl ?? '', servers[FIRST_GRAPH_MOCK]?.baseUrl ?? '')
const runs: Figures[][] = subjects.map(() => [])
/** Each server's CPU over its slices, and the requests it answered in them. */
const cpu = subjects.map(() => ({ user: 0, system: 0, requests: 0 }))
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, subject] of subjects.entries()) {
      const pid = servers[index]?.pid ?? 0
      const before = await cpuMicros(pid)
      const figures = await load({ name: subject.name, url: urlOf(servers[index]?.baseUrl ?? '', subject), method: subject.get === undefined ? 'PATCH' : 'GET', headers: servers[index]?.headers ?? AUTH, seconds: SLICE_SECONDS })
      const after = await cpuMicros(pid)
      runs[index]?.push(figures)
      const used = cpu[index]
      if (used !== undefined) {
        used.user += after.user - before.user
        used.system += after.system - before.system
        used.requests += figures.requests
      }
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()))
}

/** Per round, throughput of subject `index` over that of subject `base`. */
const ratiosTo = (index: number, base: number) =>
  (runs[index] ?? []).map((run, round) => run.requestsPerSecond / (runs[base]?.[round]?.requestsPerSecond ?? Number.NaN))
let missed = 0
const verdict = (ratio: number, target: number) => (ratio >= target ? 'met' : 'MISSED')

console.log(`\nPATCH ${PATH} (one row: GET of one managed device; the last two with a token from the server's own issuer), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_SECONDS} s per server, medians; node ${process.version}, ${pinnedCommand().length > 0 ? 'servers on core 0, load on core 1' : 'unpinned'}\n`)
console.log(row(['server', 'req/s', 'p50 ms', 'p99 ms', 'ratio to bare (each round)', 'median', 'target', 'verdict', 'ratio to Graph-shaped (each round)', 'median', 'target', 'verdict']))
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---:', '---:', '---:', '---']))
const p99Of = (index: number) => median((runs[index] ?? []).map((run) => run.p99))
const checked = (met: boolean) => { if (!met) missed++; return met ? 'met' : 'MISSED' }
for (const [index, subject] of subjects.entries()) {
  const own = runs[index] ?? []
  const ratios = ratiosTo(index, 0)
  const ratio = median(ratios)
  const graphRatios = ratiosTo(index, GRAPH_SHAPED)
  const graphRatio = median(graphRatios)
  const p99Met = subject.p99Within === undefined || p99Of(index) <= p99Of(GRAPH_SHAPED) + subject.p99Within
  console.log(row([
    subject.name,
    median(own.map((run) => run.requestsPerSecond)).toFixed(0),
    String(median(own.map((run) => run.p50))),
    String(p99Of(index)),
    index === 0 ? '' : ratios.map((value) => value.toFixed(2)).join(', '),
    ratio.toFixed(2),
    subject.target === undefined ? '' : `≥ ${subject.target}`,
    subject.target === undefined ? '' : checked(ratio >= subject.target),
    index <= GRAPH_SHAPED ? '' : graphRatios.map((value) => value.toFixed(2)).join(', '),
    index < GRAPH_SHAPED ? '' : graphRatio.toFixed(2),
    [subject.graphTarget === undefined ? '' : `≥ ${subject.graphTarget}`, subject.p99Within === undefined ? '' : `p99 ≤ ${p99Of(GRAPH_SHAPED) + subject.p99Within} ms`].filter(Boolean).join(', '),
    subject.graphTarget === undefined ? '' : checked(graphRatio >= subject.graphTarget && p99Met)
  ]))
}

// No target: what a request costs the server, which the throughput ratios above follow with more noise.
console.log('\nServer CPU per request over all rounds (µs), from /proc/<pid>/stat: user (JavaScript, V8, Node) and system (syscalls)\n')
console.log(row(['server', 'user', 'system', 'Graph-shaped route\'s user over it', 'Graph-shaped route\'s user + system over its']))
console.log(row(['---', '---:', '---:', '---:', '---:']))
const perRequest = (index: number) => {
  const { user, system, requests } = cpu[index] ?? { user: 0, system: 0, requests: 0 }
  return { user: user / requests, system: system / requests }
}
const ceiling = perRequest(GRAPH_SHAPED)
for (const [index, subject] of subjects.entries()) {
  const { user, system } = perRequest(index)
  console.log(row([subject.name, user.toFixed(1), system.toFixed(1), (ceiling.user / user).toFixed(2), ((ceiling.user + ceiling.system) / (user + system)).toFixed(2)]))
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

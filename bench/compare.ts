/**
 * npm run bench, first part: graph-mock beside what users would run instead, in one run on one
 * machine, as ratios. PATCH throughput and latency against a bare Fastify route (the ceiling),
 * json-server on a db.json of the same records and Stoplight Prism mocking graph-mock's own
 * OpenAPI document; cold start of each; graph-mock's memory over a million requests; and its
 * PATCH cost and start-up with 100,000 fixture records. The peers are installed into a throwaway
 * folder under the system temp directory, never into this project.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONNECTIONS, ENTITY_SET, FIXTURE_ID, PATCH_BODY, pinnedCommand, addIdleFaultRule, load, median, printGrowth, row, rssMiB, startProcess, type Figures, type Launch } from './harness.js'

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const STARTS = Number(process.env['BENCH_STARTS'] ?? 5)
const MEMORY_REQUESTS = Number(process.env['BENCH_MEMORY_REQUESTS'] ?? 1_000_000)
const SCALE_RECORDS = 100_000
const PEERS = { 'json-server': '0.17.4', '@stoplight/prism-cli': '5.14.2' }
const PEERS_DIR = join(tmpdir(), 'graph-mock-bench-peers')
const WORK_DIR = join(tmpdir(), 'graph-mock-bench-work')
const AUTH = { authorization: 'Bearer bench' }
const GRAPH_PATH = `/beta/${ENTITY_SET}/${FIXTURE_ID}`

let missed = 0
const verdict = (met: boolean) => { if (!met) missed++; return met ? 'met' : 'MISSED' }

/** The peers at pinned versions, installed once into a folder of their own. */
function installPeers (): void {
  const wanted = Object.entries(PEERS).map(([name, version]) => `${name}@${version}`)
  const installed = Object.entries(PEERS).every(([name, version]) => {
    const manifest = join(PEERS_DIR, 'node_modules', name, 'package.json')
    return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === version
  })
  if (installed) return
  console.log(`Installing ${wanted.join(', ')} into ${PEERS_DIR} …`)
  mkdirSync(PEERS_DIR, { recursive: true })
  execFileSync('npm', ['install', '--prefix', PEERS_DIR, '--no-save', '--no-audit', '--no-fund', ...wanted], { stdio: 'inherit' })
}

/** Fixture records with ids that sort and read well; the bench's own id is always among them. */
function records (count: number): Record<string, Record<string, string>> {
  const all: Record<string, Record<string, string>> = {}
  for (let i = 0; i < count - 1; i++) {
    all[`00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`] = { sessionKey: `key-${i}`, sessionType: 'viewScreen', pubSubEncryptionKey: 'c2VjcmV0', pubSubEncryption: 'AES256' }
  }
  all[FIXTURE_ID] = { sessionKey: 'bench', sessionType: 'viewScreen', pubSubEncryptionKey: 'c2VjcmV0', pubSubEncryption: 'AES256' }
  return all
}

async function fixturesDir (seed: Record<string, Record<string, string>>): Promise<string> {
  const dir = join(WORK_DIR, `fixtures-${Object.keys(seed).length}`)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, `${ENTITY_SET}.json`), JSON.stringify(seed))
  return dir
}

/** Where graph-mock stands in the list of subjects; every ratio is graph-mock's over another's. */
const GRAPH_MOCK = 1

interface Subject {
  name: string
  launch: Launch
  patchPath: string
  headers: Record<string, string>
  /** The least graph-mock's throughput over this subject's may be. */
  minRatio?: number
}

async function subjects (): Promise<Subject[]> {
  await rm(WORK_DIR, { recursive: true, force: true })
  await mkdir(WORK_DIR, { recursive: true })
  const seed = records(10)
  const fixtures = await fixturesDir(seed)
  // json-server keeps an array of records with an `id` each, and writes db.json after every change.
  const db = join(WORK_DIR, 'db.json')
  await writeFile(db, JSON.stringify({ [ENTITY_SET]: Object.entries(seed).map(([id, record]) => ({ id, ...record })) }))

  // Prism mocks graph-mock's own OpenAPI document, so both answer the same operation.
  const graphMock = await startProcess({ command: [process.execPath, 'dist/server.js'], env: { FIXTURES_DIR: fixtures }, readyPath: '/_mock/health' })
  const openApi = join(WORK_DIR, 'openapi.json')
  await writeFile(openApi, await (await fetch(`${graphMock.baseUrl}/_mock/openapi.json`)).text())
  await graphMock.stop()

  const bin = (name: string, file: string) => join(PEERS_DIR, 'node_modules', name, file)
  return [
    { name: 'bare Fastify route', launch: { command: [process.execPath, 'bench/bare-server.mjs'], readyPath: '/_mock/health' }, patchPath: GRAPH_PATH, headers: AUTH, minRatio: 0.6 },
    { name: 'graph-mock', launch: { command: [process.execPath, 'dist/server.js'], env: { FIXTURES_DIR: fixtures }, readyPath: '/_mock/health' }, patchPath: GRAPH_PATH, headers: AUTH },
    {
      name: `json-server ${PEERS['json-server']}`,
      launch: { command: [process.execPath, bin('json-server', 'lib/cli/bin.js'), '--quiet', '--host', '127.0.0.1', '--port', '{port}', db], readyPath: `/${ENTITY_SET}/${FIXTURE_ID}` },
      patchPath: `/${ENTITY_SET}/${FIXTURE_ID}`,
      headers: {},
      minRatio: 10
    },
    {
      name: `Prism ${PEERS['@stoplight/prism-cli']} (mock)`,
      launch: { command: [process.execPath, bin('@stoplight/prism-cli', 'dist/index.js'), 'mock', '-h', '127.0.0.1', '-p', '{port}', openApi], readyPath: GRAPH_PATH, readyHeaders: AUTH },
      patchPath: GRAPH_PATH,
      headers: AUTH,
      minRatio: 20
    }
  ]
}

async function throughput (all: Subject[]): Promise<void> {
  const servers = []
  for (const subject of all) {
    const server = await startProcess(subject.launch)
    await load({ name: subject.name, url: `${server.baseUrl}${subject.patchPath}`, headers: subject.headers, seconds: 1 })
    servers.push(server)
  }
  const runs: Figures[][] = all.map(() => [])
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, subject] of all.entries()) {
        runs[index]?.push(await load({ name: subject.name, url: `${servers[index]?.baseUrl ?? ''}${subject.patchPath}`, headers: subject.headers, seconds: SLICE_SECONDS }))
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
  const graphMock = runs[GRAPH_MOCK] ?? []
  /** Per round, graph-mock's throughput over subject `index`'s. */
  const overRound = (index: number) => median(graphMock.map((run, round) => run.requestsPerSecond / (runs[index]?.[round]?.requestsPerSecond ?? Number.NaN)))
  console.log(`\n## PATCH under load\n\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_SECONDS} s per server, medians; ratios taken within each round.\n`)
  console.log(row(['server', 'req/s', 'p50 ms', 'p99 ms', 'graph-mock over it', 'target', 'verdict']))
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---']))
  for (const [index, subject] of all.entries()) {
    const own = runs[index] ?? []
    const p99 = median(own.map((run) => run.p99))
    const cells = [subject.name, median(own.map((run) => run.requestsPerSecond)).toFixed(0), median(own.map((run) => run.p50)), p99]
    if (index === GRAPH_MOCK) {
      console.log(row([...cells, '', 'p99 < 10 ms', verdict(p99 < 10)]))
    } else {
      const ratio = overRound(index)
      const target = subject.minRatio
      console.log(row([...cells, ratio.toFixed(ratio < 1 ? 2 : 1), target === undefined ? '' : `≥ ${target}`, target === undefined ? '' : verdict(ratio >= target)]))
    }
  }
}

/** How long the first PATCH after start takes: graph-mock compiles a route's schemas on its first request. */
async function firstPatchMs (baseUrl: string, subject: Subject): Promise<number> {
  const sentAt = performance.now()
  const res = await fetch(`${baseUrl}${subject.patchPath}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...subject.headers }, body: PATCH_BODY })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`${subject.name}: the first PATCH answered ${res.status}`)
  return performance.now() - sentAt
}

async function coldStarts (all: Subject[]): Promise<void> {
  console.log(`\n## Cold start\n\nProcess spawn to the first 200 from its ready route, median of ${STARTS} starts; then the time its first PATCH takes.\n`)
  console.log(row(['server', 'each start (ms)', 'median ms', 'target', 'verdict', 'first PATCH, median ms']))
  console.log(row(['---', '---:', '---:', '---:', '---', '---:']))
  for (const subject of all) {
    const times: number[] = []
    const firstPatches: number[] = []
    for (let i = 0; i < STARTS; i++) {
      const server = await startProcess(subject.launch)
      times.push(server.startMs)
      firstPatches.push(await firstPatchMs(server.baseUrl, subject))
      await server.stop()
    }
    const isGraphMock = subject === all[GRAPH_MOCK]
    const startMedian = median(times)
    console.log(row([subject.name, times.map((ms) => ms.toFixed(0)).join(', '), startMedian.toFixed(0), isGraphMock ? '< 500' : '', isGraphMock ? verdict(startMedian < 500) : '', median(firstPatches).toFixed(0)]))
  }
}

async function memory (graphMock: Subject): Promise<void> {
  const server = await startProcess(graphMock.launch)
  try {
    // As users run it: the default 1000-entry journal and a fault rule checked on every request.
    await addIdleFaultRule(server.baseUrl)
    const url = `${server.baseUrl}${graphMock.patchPath}`
    const atStart = await rssMiB(server.pid)
    await load({ name: 'memory', url, headers: graphMock.headers, amount: 100_000 })
    const at100k = await rssMiB(server.pid)
    await load({ name: 'memory', url, headers: graphMock.headers, amount: MEMORY_REQUESTS - 100_000 })
    const atEnd = await rssMiB(server.pid)
    console.log('\n## Memory\n\ngraph-mock with the default 1000-entry journal and a fault rule checked on every request.\n')
    verdict(printGrowth(['RSS after start', 'after 100,000 requests', `after ${MEMORY_REQUESTS.toLocaleString('en')}`], [atStart, at100k, atEnd]))
  } finally {
    await server.stop()
  }
}

async function scale (graphMock: Subject): Promise<void> {
  const large = await fixturesDir(records(SCALE_RECORDS))
  const small = graphMock.launch
  const big = { ...small, env: { ...small.env, FIXTURES_DIR: large } }
  const starts: Record<string, number[]> = { small: [], big: [] }
  for (let i = 0; i < 3; i++) {
    for (const [name, launch] of [['small', small], ['big', big]] as const) {
      const server = await startProcess(launch)
      starts[name]?.push(server.startMs)
      await server.stop()
    }
  }
  const servers = [await startProcess(small), await startProcess(big)]
  const ratios: number[] = []
  try {
    for (const server of servers) await load({ name: 'warm-up', url: `${server.baseUrl}${graphMock.patchPath}`, headers: graphMock.headers, seconds: 1 })
    for (let round = 0; round < ROUNDS; round++) {
      const [ten, many] = [
        await load({ name: '10 records', url: `${servers[0]?.baseUrl ?? ''}${graphMock.patchPath}`, headers: graphMock.headers, seconds: SLICE_SECONDS }),
        await load({ name: `${SCALE_RECORDS} records`, url: `${servers[1]?.baseUrl ?? ''}${graphMock.patchPath}`, headers: graphMock.headers, seconds: SLICE_SECONDS })
      ]
      ratios.push(many.requestsPerSecond / ten.requestsPerSecond)
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
  }
  const ratio = median(ratios)
  console.log(`\n## Scale\n\nThe same PATCH with 10 and with ${SCALE_RECORDS.toLocaleString('en')} fixture records.\n`)
  console.log(row(['figure', '10 records', `${SCALE_RECORDS.toLocaleString('en')} records`, 'ratio', 'target', 'verdict']))
  console.log(row(['---', '---:', '---:', '---:', '---:', '---']))
  console.log(row(['PATCH throughput (each round)', '', ratios.map((value) => value.toFixed(2)).join(', '), ratio.toFixed(2), '≥ 0.9 (flat)', verdict(ratio >= 0.9)]))
  const [smallStart, bigStart] = [median(starts['small'] ?? []), median(starts['big'] ?? [])]
  console.log(row(['start-up, median of 3 (ms)', smallStart.toFixed(0), bigStart.toFixed(0), (bigStart / smallStart).toFixed(2), '', '']))
}

installPeers()
const all = await subjects()
console.log(`# graph-mock benchmarks\n\n${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${pinnedCommand().length > 0 ? 'servers on core 0, load on core 1' : 'unpinned'}.`)
await throughput(all)
await coldStarts(all)
const graphMockSubject = all[GRAPH_MOCK] as Subject
await memory(graphMockSubject)
await scale(graphMockSubject)
await rm(WORK_DIR, { recursive: true, force: true })
process.exitCode = missed === 0 ? 0 : 1

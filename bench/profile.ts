/**
 * npm run bench:profile: where a PATCH's time goes. Runs dist/server.js under V8's sampling
 * profiler (--cpu-prof) while autocannon sends the seed's PATCH for a few seconds, in each
 * configuration issue 17 names and in the Graph-shaped bare route, then maps every sample through the bundle's source maps to the
 * file it came from and sums self time by part of the request path. Figures are per request, in
 * microseconds of the server's CPU, so configurations compare directly.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENTITY_SET, FIXTURE_ID, addIdleFaultRule, load, row, startProcess } from './harness.js'

const SECONDS = Number(process.env['BENCH_DURATION'] ?? 4)
const PATH = `/beta/${ENTITY_SET}/${FIXTURE_ID}`
const AUTH = { authorization: 'Bearer bench' }
const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

interface Configuration { name: string, script?: string, env: Record<string, string>, faultRule: boolean }
const CONFIGURATIONS: Configuration[] = [
  { name: 'Graph-shaped bare route', script: 'bench/bare-graph-server.mjs', env: {}, faultRule: false },
  { name: 'warn, journal, fault rule', env: { LOG_LEVEL: 'warn', MOCK_JOURNAL_LIMIT: '1000' }, faultRule: true },
  { name: 'info, journal, fault rule', env: { LOG_LEVEL: 'info', MOCK_JOURNAL_LIMIT: '1000' }, faultRule: true },
  { name: 'warn, journal, fault rule, throttling on', env: { LOG_LEVEL: 'warn', MOCK_JOURNAL_LIMIT: '1000', MOCK_THROTTLING: 'on' }, faultRule: true }
]

/** Parts of the request path, by the source file a sample's function came from; the first match wins. */
const PARTS: Array<[part: string, test: RegExp]> = [
  ['access log (pino)', /src\/access-log\.ts|node_modules\/(pino|sonic-boom|thread-stream|fast-redact|@pinojs|quick-format|safe-stable-stringify|on-exit-leak-free|atomic-sleep)/],
  ['journal', /src\/(graph\/journal-recorder|state\/journal)\.ts/],
  ['fault rules', /src\/state\/(fault-rules|path-prefix)\.ts/],
  ['throttling', /src\/(graph\/throttling|graph\/throttling-limits|state\/throttle)\.ts/],
  ['token check', /src\/graph\/(auth|token-claims|token-signature|permissions)\.ts/],
  ['front door', /src\/graph\/(front-door|request-state|request-outcome|route-config|graceful-close)\.ts/],
  ['Graph headers', /src\/graph\/headers\.ts/],
  ['body parsing', /src\/(graph\/json-body|json-duplicates)\.ts|secure-json-parse/],
  // The validators' own code is generated at run time (new Function): it counts under V8 and native.
  ['validation', /src\/(schema-compilers|graph\/validation-errors|graph\/kit-validator)\.ts|node_modules\/(ajv|@fastify\/ajv-compiler|fast-uri|@sinclair\/typebox)/],
  ['handler and store', /src\/(graph\/resource-routes|graph\/answer-texts|graph\/resource|state\/store|state\/tenants|state\/state|state\/clock|odata\/)/],
  ['serialisation', /node_modules\/(fast-json-stringify|@fastify\/fast-json-stringify-compiler|json-schema-ref-resolver)/],
  ['Fastify (routing, hooks, reply)', /node_modules\/(fastify|find-my-way|avvio|light-my-request|@fastify\/(error|forwarded|proxy-addr)|toad-cache|process-warning|abstract-logging|rfdc)/],
  ['other graph-mock code', /src\//]
]

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number, columnNumber: number } }
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

/** Source maps of the bundle's files, by their file:// URL. */
async function sourceMaps (): Promise<Map<string, SourceMap>> {
  const maps = new Map<string, SourceMap>()
  for (const file of (await readdir(DIST)).filter((name) => name.endsWith('.js.map'))) {
    maps.set(`file://${join(DIST, file.slice(0, -'.map'.length))}`, new SourceMap(JSON.parse(await readFile(join(DIST, file), 'utf8'))))
  }
  return maps
}

function partOf (node: ProfileNode, maps: Map<string, SourceMap>): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame
  if (url === '') return functionName === '(garbage collector)' ? 'garbage collection' : functionName === '(idle)' ? 'idle' : 'V8 and native (syscalls, JSON, generated code)'
  if (url.startsWith('node:')) return /http|net|stream|_http/.test(url) ? 'Node\'s HTTP and sockets' : 'other Node internals'
  const source = maps.get(url)?.findEntry(lineNumber, columnNumber)
  const file = source !== undefined && 'originalSource' in source ? source.originalSource : url
  return PARTS.find(([, test]) => test.test(file))?.[0] ?? 'other dependencies'
}

async function profileOf (configuration: Configuration, maps: Map<string, SourceMap>): Promise<{ perRequest: Map<string, number>, requests: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'graph-mock-profile-'))
  const server = await startProcess({ command: [process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, configuration.script ?? 'dist/server.js'], env: configuration.env, readyPath: '/_mock/health' })
  try {
    if (configuration.faultRule) await addIdleFaultRule(server.baseUrl)
    await load({ name: configuration.name, url: `${server.baseUrl}${PATH}`, headers: AUTH, seconds: 1 }) // warm-up
    const figures = await load({ name: configuration.name, url: `${server.baseUrl}${PATH}`, headers: AUTH, seconds: SECONDS })
    await server.stop()
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'))
    if (file === undefined) throw new Error('the server wrote no profile')
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as Profile
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
    const self = new Map<string, number>()
    profile.samples.forEach((id, index) => {
      const node = nodes.get(id)
      if (node === undefined) return
      const part = partOf(node, maps)
      self.set(part, (self.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0))
    })
    // The warm-up's requests are in the profile too, and start-up; per request over both loads is close enough for shares.
    const requests = figures.requestsPerSecond * (SECONDS + 1)
    return { perRequest: new Map([...self].map(([part, micros]) => [part, micros / requests])), requests }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const maps = await sourceMaps()
const results: Array<{ configuration: Configuration, perRequest: Map<string, number>, requests: number }> = []
for (const configuration of CONFIGURATIONS) results.push({ configuration, ...(await profileOf(configuration, maps)) })
const parts = [...new Set(results.flatMap(({ perRequest }) => [...perRequest.keys()]))]
  .filter((part) => part !== 'idle')
  .sort((a, b) => (results[1]?.perRequest.get(b) ?? 0) - (results[1]?.perRequest.get(a) ?? 0))
console.log(`\n## Where a PATCH's time goes\n\nServer CPU per request (µs), sampled by --cpu-prof over ${SECONDS} s of load (32 connections), samples mapped to their source through dist/'s source maps.\n`)
console.log(row(['part', ...results.map(({ configuration }) => configuration.name)]))
console.log(row(['---', ...results.map(() => '---:')]))
for (const part of parts) console.log(row([part, ...results.map(({ perRequest }) => (perRequest.get(part) ?? 0).toFixed(1))]))
console.log(row(['**busy, all parts**', ...results.map(({ perRequest }) => [...perRequest].filter(([part]) => part !== 'idle').reduce((sum, [, micros]) => sum + micros, 0).toFixed(1))]))

/**
 * npm run bench, last part: OData query options and paging over 100,000 managed devices. A
 * filtered page ($filter, $top=100) under load beside a GET of one device by id, as a ratio
 * taken in each round; then the cost of paging: one unpaged filtered pass against the same
 * query in pages of 1,000 followed to the end, and a deep page against an early one.
 */
import { open, copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONNECTIONS, load, median, pinnedCommand, row, rssMiB, startProcess, type Figures } from './harness.js'

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const WALKS = Number(process.env['BENCH_WALKS'] ?? 5)
/**
 * The filtered page scans every device (200 ms each on the bench machine), so a slice of
 * seconds would end with one per connection still queued in the server, where they would
 * slow the next slice: its load is a number of requests, all of which are answered.
 */
const FILTERED_REQUESTS = Number(process.env['BENCH_FILTERED_REQUESTS'] ?? CONNECTIONS)
const DEVICES = 100_000
const PAGE = 1000
const ENTITY_SET = 'deviceManagement.managedDevices'
const SET_PATH = '/beta/deviceManagement/managedDevices'
const AUTH = { authorization: 'Bearer bench' }
const SYSTEMS = ['Windows', 'macOS', 'iOS', 'Android'] as const
/** Paging through every match in pages of 1,000 over one unpaged pass: at most this. */
const PAGING_TARGET = 3
/** The last 10 pages over the 10 after the first: at most this. */
const DEEP_PAGE_TARGET = 1.5
const FIXTURES = new URL('../fixtures/', import.meta.url)

const query = (options: Record<string, string>) =>
  Object.entries(options).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')
const FILTERED_PAGE = `${SET_PATH}?${query({ $filter: "operatingSystem eq 'Android'", $top: '100' })}`
const EVERY_MATCH = { $filter: "operatingSystem ne 'none'", $select: 'id,deviceName' }
const UNPAGED = `${SET_PATH}?${query(EVERY_MATCH)}`
const PAGED = `${SET_PATH}?${query({ ...EVERY_MATCH, $top: String(PAGE) })}`

let missed = 0
const verdict = (met: boolean) => { if (!met) missed++; return met ? 'met' : 'MISSED' }

/** A GUID-like id of device `index`, unique, and not in the order the records are stored. */
function deviceId (index: number): string {
  const mixed = (Math.imul(index + 1, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0')
  return `${mixed}-${(index % 0x10000).toString(16).padStart(4, '0')}-4000-8000-${index.toString(16).padStart(12, '0')}`
}

/**
 * A fixtures directory of the bundled files and 100,000 managed devices made from the first
 * bundled one, written a slice at a time. That device is 5.7 KB of JSON: 100,000 of them would
 * pass MOCK_STORE_LIMIT_MB's most (400 MiB) and V8's longest string, which the fixture loader
 * reads the file into; so its two largest complex properties, deviceHealthAttestationState and
 * hardwareInformation (2.6 KB of it), are null, as Graph answers them for a device reporting none.
 */
async function fixturesDir (): Promise<{ dir: string, mib: number, byId: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'graph-mock-bench-paging-'))
  for (const name of await readdir(FIXTURES)) {
    if (name.endsWith('.json') && name !== `${ENTITY_SET}.json`) await copyFile(new URL(name, FIXTURES), join(dir, name))
  }
  const bundled = JSON.parse(await readFile(new URL(`${ENTITY_SET}.json`, FIXTURES), 'utf8')) as Record<string, Record<string, unknown>>
  const first = Object.values(bundled)[0]
  if (first === undefined) throw new Error(`fixtures/${ENTITY_SET}.json holds no device`)
  const base = { ...first, deviceHealthAttestationState: null, hardwareInformation: null }
  const syncedAt = Date.parse('2026-12-01T00:00:00Z')
  const file = await open(join(dir, `${ENTITY_SET}.json`), 'w')
  let chars = 0
  try {
    const slice: string[] = []
    for (let index = 0; index < DEVICES; index++) {
      const device = {
        ...base,
        deviceName: `BENCH-${String(index).padStart(6, '0')}`,
        operatingSystem: SYSTEMS[index % SYSTEMS.length],
        lastSyncDateTime: new Date(syncedAt - index * 60_000).toISOString().replace('.000Z', 'Z'),
        serialNumber: `SN${String(index).padStart(8, '0')}`,
        userId: `${(index % 5000).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`
      }
      const json = JSON.stringify(device)
      chars += json.length
      slice.push(`${index === 0 ? '{' : ','}${JSON.stringify(deviceId(index))}:${json}`)
      if (slice.length === 1000 || index === DEVICES - 1) {
        await file.write(slice.join(''))
        slice.length = 0
      }
    }
    await file.write('}')
  } finally {
    await file.close()
  }
  return { dir, mib: chars / 1024 / 1024, byId: deviceId(DEVICES / 2) }
}

interface Page { value: Array<{ id?: unknown, operatingSystem?: unknown }>, '@odata.nextLink'?: string }

async function getPage (url: string): Promise<Page> {
  const res = await fetch(url, { headers: AUTH })
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return await res.json() as Page
}

/** The query's single page of every match, timed; it must hold them all. */
async function unpagedPass (baseUrl: string): Promise<number> {
  const sentAt = performance.now()
  const page = await getPage(`${baseUrl}${UNPAGED}`)
  const ms = performance.now() - sentAt
  if (page.value.length !== DEVICES || page['@odata.nextLink'] !== undefined) throw new Error(`the unpaged pass answered ${page.value.length} devices${page['@odata.nextLink'] === undefined ? '' : ' and a nextLink'}`)
  return ms
}

interface Walk { totalMs: number, pageMs: number[] }

/** The query in pages of 1,000, each nextLink followed in turn to the end; every device must come exactly once. */
async function pagedWalk (baseUrl: string): Promise<Walk> {
  const ids = new Set<string>()
  const pageMs: number[] = []
  const startedAt = performance.now()
  let url: string | undefined = `${baseUrl}${PAGED}`
  while (url !== undefined) {
    if (pageMs.length > DEVICES / PAGE) throw new Error(`the walk went past ${DEVICES / PAGE} pages`)
    const sentAt = performance.now()
    const page = await getPage(url)
    pageMs.push(performance.now() - sentAt)
    if (page.value.length > PAGE) throw new Error(`page ${pageMs.length} held ${page.value.length} devices`)
    for (const { id } of page.value) ids.add(String(id))
    url = page['@odata.nextLink']
  }
  const totalMs = performance.now() - startedAt
  if (ids.size !== DEVICES || pageMs.length !== DEVICES / PAGE) throw new Error(`the walk returned ${ids.size} distinct devices in ${pageMs.length} pages`)
  return { totalMs, pageMs }
}

/** Checks what the loaded requests answer, once, so that the figures are those of right answers. */
async function checkAnswers (baseUrl: string, byId: string): Promise<void> {
  const filtered = await getPage(`${baseUrl}${FILTERED_PAGE}`)
  if (filtered.value.length !== 100 || filtered.value.some((device) => device.operatingSystem !== 'Android') || filtered['@odata.nextLink'] === undefined) {
    throw new Error(`the filtered page answered ${filtered.value.length} devices, not 100 Android ones and a nextLink`)
  }
  const res = await fetch(`${baseUrl}${SET_PATH}/${byId}`, { headers: AUTH })
  const device = await res.json() as { id?: unknown }
  if (res.status !== 200 || device.id !== byId) throw new Error(`GET of device ${byId} answered ${res.status}`)
}

const { dir, mib, byId } = await fixturesDir()
const BY_ID = `${SET_PATH}/${byId}`
const server = await startProcess({
  command: [process.execPath, 'dist/server.js'],
  env: { LOG_LEVEL: 'warn', MOCK_JOURNAL_LIMIT: '0', FIXTURES_DIR: dir, MOCK_STORE_LIMIT_MB: '400', MOCK_STORE_LIMIT: '200000', MOCK_PAGE_SIZE: String(DEVICES) },
  readyPath: '/_mock/health'
})
const rssAtStart = await rssMiB(server.pid)
const runs: Record<'filtered' | 'byId', Figures[]> = { filtered: [], byId: [] }
const walks: Walk[] = []
const unpaged: number[] = []
let rssAtEnd = 0
try {
  await checkAnswers(server.baseUrl, byId)
  // Warm-up: JIT, connection set-up, and one pass of each kind.
  await load({ name: 'filtered page', url: `${server.baseUrl}${FILTERED_PAGE}`, method: 'GET', headers: AUTH, amount: FILTERED_REQUESTS })
  await load({ name: 'by id', url: `${server.baseUrl}${BY_ID}`, method: 'GET', headers: AUTH, seconds: 1 })
  await unpagedPass(server.baseUrl)
  await pagedWalk(server.baseUrl)
  // Each ratio is taken within its round, between slices seconds apart (see patch-throughput.ts).
  for (let round = 0; round < ROUNDS; round++) {
    runs.filtered.push(await load({ name: 'filtered page', url: `${server.baseUrl}${FILTERED_PAGE}`, method: 'GET', headers: AUTH, amount: FILTERED_REQUESTS }))
    runs.byId.push(await load({ name: 'by id', url: `${server.baseUrl}${BY_ID}`, method: 'GET', headers: AUTH, seconds: SLICE_SECONDS }))
  }
  for (let round = 0; round < WALKS; round++) {
    unpaged.push(await unpagedPass(server.baseUrl))
    walks.push(await pagedWalk(server.baseUrl))
  }
  rssAtEnd = await rssMiB(server.pid)
} finally {
  await server.stop()
  await rm(dir, { recursive: true, force: true })
}

const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0)
const each = (values: number[], digits = 2) => values.map((value) => value.toFixed(digits)).join(', ')
console.log(`\n# Query options and paging over ${DEVICES.toLocaleString('en')} managed devices\n\n${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${pinnedCommand().length > 0 ? 'server on core 0, load on core 1' : 'unpinned'}; LOG_LEVEL=warn, MOCK_JOURNAL_LIMIT=0, MOCK_PAGE_SIZE=${DEVICES}.\n`)
console.log(row(['devices', 'their JSON', 'start (spawn to first 200)', 'RSS after start', 'RSS at the end']))
console.log(row(['---:', '---:', '---:', '---:', '---:']))
console.log(row([DEVICES.toLocaleString('en'), `${mib.toFixed(0)} MiB`, `${(server.startMs / 1000).toFixed(1)} s`, `${rssAtStart.toFixed(0)} MiB`, `${rssAtEnd.toFixed(0)} MiB`]))

const ratios = runs.filtered.map((run, round) => run.requestsPerSecond / (runs.byId[round]?.requestsPerSecond ?? Number.NaN))
console.log(`\n## A filtered page under load\n\nGET, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${FILTERED_REQUESTS} filtered requests and ${SLICE_SECONDS} s by id, medians; the ratio taken within each round. No target: the cost of a filtered page over ${DEVICES.toLocaleString('en')} records.\n`)
console.log(row(['request', 'req/s', 'p50 ms', 'p99 ms', 'req/s over by id (each round)', 'median ratio']))
console.log(row(['---', '---:', '---:', '---:', '---:', '---:']))
for (const [name, figures] of [[decodeURIComponent(FILTERED_PAGE), runs.filtered], [`${SET_PATH}/{id}`, runs.byId]] as const) {
  const isFiltered = figures === runs.filtered
  console.log(row([
    `\`${name}\``,
    median(figures.map((run) => run.requestsPerSecond)).toFixed(isFiltered ? 1 : 0),
    String(median(figures.map((run) => run.p50))),
    String(median(figures.map((run) => run.p99))),
    isFiltered ? each(ratios, 4) : '',
    isFiltered ? median(ratios).toFixed(4) : ''
  ]))
}

/** Per walk, the median time of pages `from` to `to` (1-based, inclusive). */
const pagesMs = (from: number, to: number) => walks.map((walk) => median(walk.pageMs.slice(from - 1, to)))
const walkMs = walks.map((walk) => walk.totalMs)
const pagingRatios = walkMs.map((total, round) => total / (unpaged[round] ?? Number.NaN))
const [early, deep] = [pagesMs(2, 11), pagesMs(91, 100)]
const deepRatios = deep.map((value, round) => value / (early[round] ?? Number.NaN))
const [pagingRatio, deepRatio] = [median(pagingRatios), median(deepRatios)]
console.log(`\n## Paging through every match\n\n\`$filter=operatingSystem ne 'none'&$select=id,deviceName\`: (a) one page of all ${DEVICES.toLocaleString('en')}; (b) \`$top=${PAGE}\`, every nextLink followed in turn (${DEVICES / PAGE} pages, ${DEVICES.toLocaleString('en')} distinct ids checked). ${WALKS} rounds, medians; ratios taken within each round; times include reading the JSON.\n`)
console.log(row(['figure', 'each round', 'median', 'target', 'verdict']))
console.log(row(['---', '---:', '---:', '---:', '---']))
console.log(row(['(a) one unpaged pass, ms', each(unpaged, 0), ms(median(unpaged)), '', '']))
console.log(row([`(b) ${DEVICES / PAGE} pages of ${PAGE}, ms`, each(walkMs, 0), ms(median(walkMs)), '', '']))
console.log(row(['(b) page 1 (chooses the matches), ms', each(walks.map((walk) => walk.pageMs[0] ?? Number.NaN), 1), ms(median(walks.map((walk) => walk.pageMs[0] ?? Number.NaN))), '', '']))
console.log(row(['(b) / (a)', each(pagingRatios), pagingRatio.toFixed(2), `≤ ${PAGING_TARGET}`, verdict(pagingRatio <= PAGING_TARGET)]))
console.log(row(['pages 2–11, median ms', each(early, 1), ms(median(early)), '', '']))
console.log(row(['pages 91–100, median ms', each(deep, 1), ms(median(deep)), '', '']))
console.log(row(['pages 91–100 / pages 2–11', each(deepRatios), deepRatio.toFixed(2), `≤ ${DEEP_PAGE_TARGET}`, verdict(deepRatio <= DEEP_PAGE_TARGET)]))
process.exitCode = missed === 0 ? 0 : 1

/**
 * npm run bench, tenants and throttling: the seed's PATCH in one tenant against the same PATCH
 * spread over 50 tenants in use at once (each connection's requests turning through their
 * tokens), alternating in each round (target ≥ 0.9); the memory each tenant adds, beside the
 * size of the fixtures it is seeded from; and a GET of a managed device, which Intune's budgets
 * count, spread over the 50 tenants with their throttling on against off (target ≥ 0.9), every
 * tenant's clock moved 20 s on after each slice so that no budget is spent.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { CONNECTIONS, ENTITY_SET, FIXTURE_ID, PATCH_BODY, load, median, pinnedCommand, row, rssMiB, startProcess } from './harness.js'

const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const TENANTS = 50
const TARGET = 0.9
const PATH = `/beta/${ENTITY_SET}/${FIXTURE_ID}`
const DEVICE_PATH = `/beta/deviceManagement/managedDevices/${Object.keys(JSON.parse(await readFile('fixtures/deviceManagement.managedDevices.json', 'utf8')) as Record<string, unknown>)[0] ?? ''}`

/** A token naming `tid`, its claims unsigned, as AUTH_MODE=claims takes them. */
function tokenOf (tid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const claims = { aud: 'https://graph.microsoft.com', tid, exp: Math.floor(Date.now() / 1000) + 3600, roles: ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementManagedDevices.Read.All'] }
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`
}

const fixtureBytes = (await Promise.all((await readdir('fixtures')).map(async (file) => (await stat(`fixtures/${file}`)).size))).reduce((sum, size) => sum + size, 0)
const server = await startProcess({ command: [process.execPath, 'dist/server.js'], env: { LOG_LEVEL: 'warn' }, readyPath: '/_mock/health' })
const tenantIds = Array.from({ length: TENANTS }, (_, index) => `00000000-0000-4000-8000-${String(index + 100).padStart(12, '0')}`)
// Tokens of one kind on both sides (JWTs, whose claims are checked), so that only the tenants differ.
const single = { name: 'one tenant', url: `${server.baseUrl}${PATH}`, headers: { authorization: `Bearer ${tokenOf(tenantIds[0] ?? '')}` } }
const ratios: number[] = []
const perSecond: { single: number[], spread: number[], unthrottled: number[], throttled: number[] } = { single: [], spread: [], unthrottled: [], throttled: [] }
const throttlingRatios: number[] = []
let addedMiB = 0
try {
  await load({ ...single, seconds: 1 })
  const before = await rssMiB(server.pid)
  for (const tid of tenantIds) {
    const claimed = await fetch(`${server.baseUrl}/_mock/tenants/${tid}/reset`, { method: 'POST' })
    if (claimed.status !== 204) throw new Error(`claiming tenant ${tid} answered ${claimed.status}`)
  }
  addedMiB = (await rssMiB(server.pid)) - before
  const spreadOver = (path: string, method: 'PATCH' | 'GET') => tenantIds.map((tid) => ({
    method,
    path,
    headers: { authorization: `Bearer ${tokenOf(tid)}`, 'content-type': 'application/json' },
    ...(method === 'PATCH' ? { body: PATCH_BODY } : {})
  }))
  const spread = async (seconds: number, requests = spreadOver(PATH, 'PATCH')) =>
    (await load({ name: `${TENANTS} tenants`, url: server.baseUrl, requests, seconds })).requestsPerSecond
  const everyTenant = async (path: string, body: object) => {
    for (const tid of tenantIds) {
      const res = await fetch(`${server.baseUrl}/_mock/tenants/${tid}${path}`, { method: path === '/clock' ? 'POST' : 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (res.status !== 200) throw new Error(`${path} of tenant ${tid} answered ${res.status}`)
    }
  }
  const reads = spreadOver(DEVICE_PATH, 'GET')
  /** A slice of device reads, then every window emptied by moving each tenant's clock past it. */
  const readSlice = async (seconds: number) => {
    const figure = await spread(seconds, reads)
    await everyTenant('/clock', { advanceSeconds: 20 })
    return figure
  }
  await spread(1)
  await readSlice(1)
  for (let round = 0; round < ROUNDS; round++) {
    const one = (await load({ ...single, seconds: SLICE_SECONDS })).requestsPerSecond
    const many = await spread(SLICE_SECONDS)
    perSecond.single.push(one)
    perSecond.spread.push(many)
    ratios.push(many / one)
    const unthrottled = await readSlice(SLICE_SECONDS)
    await everyTenant('/throttling', { enabled: true })
    const throttled = await readSlice(SLICE_SECONDS)
    await everyTenant('/throttling', { enabled: false })
    perSecond.unthrottled.push(unthrottled)
    perSecond.throttled.push(throttled)
    throttlingRatios.push(throttled / unthrottled)
  }
  const tenants = await (await fetch(`${server.baseUrl}/_mock/tenants`)).json() as { tenants: unknown[] }
  if (tenants.tenants.length !== TENANTS + 1) throw new Error(`${tenants.tenants.length} tenants in use, not ${TENANTS + 1}`)
} finally {
  await server.stop()
}

const ratio = median(ratios)
const throttlingRatio = median(throttlingRatios)
console.log(`\n# Tenants\n\nPATCH ${PATH}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_SECONDS} s each, medians; LOG_LEVEL=warn, the default journal; node ${process.version}, ${pinnedCommand().length > 0 ? 'server on core 0, load on core 1' : 'unpinned'}\n`)
console.log(row(['load', 'req/s']))
console.log(row(['---', '---:']))
console.log(row(['every request in one tenant', median(perSecond.single).toFixed(0)]))
console.log(row([`spread over ${TENANTS} tenants in use`, median(perSecond.spread).toFixed(0)]))
console.log(row([`GET of a device over ${TENANTS} tenants, throttling off`, median(perSecond.unthrottled).toFixed(0)]))
console.log(row(['the same, throttling on, no budget spent', median(perSecond.throttled).toFixed(0)]))
console.log(`\n${row(['figure', 'each round', 'median', 'target', 'verdict'])}`)
console.log(row(['---', '---:', '---:', '---:', '---']))
console.log(row([`${TENANTS} tenants over one`, ratios.map((value) => value.toFixed(2)).join(', '), ratio.toFixed(2), `≥ ${TARGET}`, ratio >= TARGET ? 'met' : 'MISSED']))
console.log(row(['throttling on over off', throttlingRatios.map((value) => value.toFixed(2)).join(', '), throttlingRatio.toFixed(2), `≥ ${TARGET}`, throttlingRatio >= TARGET ? 'met' : 'MISSED']))
console.log(`\nMemory: ${TENANTS} tenants brought into use added ${addedMiB.toFixed(1)} MiB of RSS, ${(addedMiB * 1024 / TENANTS).toFixed(0)} KiB each; their fixtures are ${(fixtureBytes / 1024).toFixed(0)} KiB of JSON.`)
process.exitCode = ratio >= TARGET && throttlingRatio >= TARGET ? 0 : 1

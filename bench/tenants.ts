/**
 * npm run bench, tenants: the seed's PATCH with every request in the default tenant against the
 * same PATCH spread over 50 tenants in use at once (each connection's requests turning through
 * their tokens), alternating in each round (target ≥ 0.9); and the memory each tenant adds, beside
 * the size of the fixtures it is seeded from.
 */
import { readdir, stat } from 'node:fs/promises'
import autocannon from 'autocannon'
import { CONNECTIONS, ENTITY_SET, FIXTURE_ID, PATCH_BODY, load, median, pinnedCommand, row, rssMiB, startProcess } from './harness.js'

const SLICE_SECONDS = Number(process.env['BENCH_DURATION'] ?? 2)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5)
const TENANTS = 50
const TARGET = 0.9
const PATH = `/beta/${ENTITY_SET}/${FIXTURE_ID}`

/** A token naming `tid`, its claims unsigned, as AUTH_MODE=claims takes them. */
function tokenOf (tid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const claims = { aud: 'https://graph.microsoft.com', tid, exp: Math.floor(Date.now() / 1000) + 3600, roles: ['DeviceManagementServiceConfig.ReadWrite.All'] }
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`
}

const fixtureBytes = (await Promise.all((await readdir('fixtures')).map(async (file) => (await stat(`fixtures/${file}`)).size))).reduce((sum, size) => sum + size, 0)
const server = await startProcess({ command: [process.execPath, 'dist/server.js'], env: { LOG_LEVEL: 'warn' }, readyPath: '/_mock/health' })
const tenantIds = Array.from({ length: TENANTS }, (_, index) => `00000000-0000-4000-8000-${String(index + 100).padStart(12, '0')}`)
// Tokens of one kind on both sides (JWTs, whose claims are checked), so that only the tenants differ.
const single = { name: 'one tenant', url: `${server.baseUrl}${PATH}`, headers: { authorization: `Bearer ${tokenOf(tenantIds[0] ?? '')}` } }
const ratios: number[] = []
const perSecond: { single: number[], spread: number[] } = { single: [], spread: [] }
let addedMiB = 0
try {
  await load({ ...single, seconds: 1 })
  const before = await rssMiB(server.pid)
  for (const tid of tenantIds) {
    const claimed = await fetch(`${server.baseUrl}/_mock/tenants/${tid}/reset`, { method: 'POST' })
    if (claimed.status !== 204) throw new Error(`claiming tenant ${tid} answered ${claimed.status}`)
  }
  addedMiB = (await rssMiB(server.pid)) - before
  const requests = tenantIds.map((tid) => ({ method: 'PATCH' as const, path: PATH, headers: { authorization: `Bearer ${tokenOf(tid)}`, 'content-type': 'application/json' }, body: PATCH_BODY }))
  const spread = async (seconds: number) => {
    const result = await autocannon({ url: server.baseUrl, connections: CONNECTIONS, duration: seconds, requests })
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${TENANTS} tenants: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
    return result.requests.average
  }
  await spread(1)
  for (let round = 0; round < ROUNDS; round++) {
    const one = (await load({ ...single, seconds: SLICE_SECONDS })).requestsPerSecond
    const many = await spread(SLICE_SECONDS)
    perSecond.single.push(one)
    perSecond.spread.push(many)
    ratios.push(many / one)
  }
  const tenants = await (await fetch(`${server.baseUrl}/_mock/tenants`)).json() as { tenants: unknown[] }
  if (tenants.tenants.length !== TENANTS + 1) throw new Error(`${tenants.tenants.length} tenants in use, not ${TENANTS + 1}`)
} finally {
  await server.stop()
}

const ratio = median(ratios)
console.log(`\n# Tenants\n\nPATCH ${PATH}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SLICE_SECONDS} s each, medians; LOG_LEVEL=warn, the default journal; node ${process.version}, ${pinnedCommand().length > 0 ? 'server on core 0, load on core 1' : 'unpinned'}\n`)
console.log(row(['load', 'req/s']))
console.log(row(['---', '---:']))
console.log(row(['every request in one tenant', median(perSecond.single).toFixed(0)]))
console.log(row([`spread over ${TENANTS} tenants in use`, median(perSecond.spread).toFixed(0)]))
console.log(`\n${row(['figure', 'each round', 'median', 'target', 'verdict'])}`)
console.log(row(['---', '---:', '---:', '---:', '---']))
console.log(row([`${TENANTS} tenants over one`, ratios.map((value) => value.toFixed(2)).join(', '), ratio.toFixed(2), `≥ ${TARGET}`, ratio >= TARGET ? 'met' : 'MISSED']))
console.log(`\nMemory: ${TENANTS} tenants brought into use added ${addedMiB.toFixed(1)} MiB of RSS, ${(addedMiB * 1024 / TENANTS).toFixed(0)} KiB each; their fixtures are ${(fixtureBytes / 1024).toFixed(0)} KiB of JSON.`)
process.exitCode = ratio >= TARGET ? 0 : 1

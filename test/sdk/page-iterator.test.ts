/**
 * End to end: an app on @microsoft/msgraph-sdk-core's PageIterator with Graph beta's SDK
 * (test/clients/page-iterator-app.ts) walks 2,500 managed devices a graph-mock process holds,
 * over HTTPS with tokens its issuer signed, following every `@odata.nextLink`: each device
 * comes once, in the store's order, in pages of the `Prefer: odata.maxpagesize` it asked for;
 * a `$filter` + `$orderby` walk comes in the order the options define.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { BODY_LIMIT_BYTES } from '../../src/app.js'
import { ENTITY_SET, MANAGED_DEVICE_EMPTY } from '../../src/resources/managed-devices/schemas.js'
import { startServer } from '../server-process.js'
import { runSdkApp, tenantControl } from './sdk-app.js'

const DEVICES = 2500
const PAGE_SIZE = 100
const FILTER = "operatingSystem eq 'Windows'"
const TOP = 64
const OPERATING_SYSTEMS = ['Windows', 'macOS', 'iOS', 'Android', 'WINDOWS']

interface Walk {
  ids: string[]
  pageSizes: number[]
  firstPageCount?: number
  error?: { name: string, message: string, responseStatusCode?: number, code?: string }
}
interface JournalEntry { method: string, path: string, query: Record<string, string>, headers: Record<string, string>, status: number }
type Device = Record<string, unknown>

/**
 * The seeded devices, in the order they are written: ids that sort no particular way, and names
 * that repeat in another case ('desk-0007' and 'DESK-0007'), which `$orderby` must compare
 * without regard to case and leave in the store's order.
 */
const seeded: Array<[string, Device]> = Array.from({ length: DEVICES }, (_, index) => {
  const number = String(index % 1201).padStart(4, '0')
  return [randomUUID(), {
    ...MANAGED_DEVICE_EMPTY,
    deviceName: index % 2 === 0 ? `desk-${number}` : `DESK-${number}`,
    operatingSystem: OPERATING_SYSTEMS[index % OPERATING_SYSTEMS.length],
    managementAgent: 'mdm'
  }]
})

/** The `$filter` + `$orderby=deviceName desc` walk as Graph defines it, computed here: case-insensitive, stable. */
function expectedFilteredOrder (store: ReadonlyArray<[string, Device]>): string[] {
  const name = (device: Device) => String(device['deviceName']).toLowerCase()
  return store
    .filter(([, device]) => String(device['operatingSystem']).toLowerCase() === 'windows')
    .sort(([, a], [, b]) => (name(a) === name(b) ? 0 : name(a) < name(b) ? 1 : -1))
    .map(([id]) => id)
}

test('PageIterator walks 2,500 managed devices through every nextLink graph-mock answers', async (t) => {
  const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-page-iterator-'))
  t.after(() => rm(tlsDir, { recursive: true, force: true }))
  const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed' })
  const storeUrl = `${tenantControl(server.baseUrl)}/store/${ENTITY_SET}`
  const json = { 'content-type': 'application/json' }

  // The whole set is more than one body may hold: PUT replaces the set with the devices that fit, each other one is PUT by id.
  let fitting = seeded
  while (JSON.stringify(Object.fromEntries(fitting)).length > BODY_LIMIT_BYTES) fitting = fitting.slice(0, Math.floor(fitting.length * 0.95))
  const replaced = await fetch(storeUrl, { method: 'PUT', headers: json, body: JSON.stringify(Object.fromEntries(fitting)) })
  assert.equal(replaced.status, 200, await replaced.text())
  for (const [id, device] of seeded.slice(fitting.length)) {
    const put = await fetch(`${storeUrl}/${id}`, { method: 'PUT', headers: json, body: JSON.stringify(device) })
    assert.equal(put.status, 201, await put.text())
  }
  // The store's order, as the control API lists it.
  const store = Object.entries(await (await fetch(storeUrl)).json() as Record<string, Device>)
  assert.deepEqual(store.map(([id]) => id), seeded.map(([id]) => id))

  const stdout = await runSdkApp('test/clients/page-iterator-app.ts', {
    httpsUrl: server.httpsUrl ?? '',
    tlsDir,
    env: { PAGE_SIZE: String(PAGE_SIZE), FILTER, ORDER_BY: 'deviceName desc', TOP: String(TOP) }
  })
  const { everyDevice, filtered } = JSON.parse(stdout) as { everyDevice: Walk, filtered: Walk }
  const journal = await (await fetch(`${tenantControl(server.baseUrl)}/requests?path=/beta`)).json() as { entries: JournalEntry[] }
  const everyDeviceRequests = journal.entries.filter((entry) => entry.headers['prefer'] !== undefined)
  const filteredRequests = journal.entries.filter((entry) => entry.headers['prefer'] === undefined)

  await t.test('every device once, in the store\'s order, in 25 pages of 100', () => {
    assert.equal(everyDevice.error, undefined, JSON.stringify(everyDevice.error))
    assert.equal(everyDevice.ids.length, DEVICES)
    assert.equal(new Set(everyDevice.ids).size, DEVICES)
    assert.deepEqual(everyDevice.ids, store.map(([id]) => id))
    assert.deepEqual(everyDevice.pageSizes, Array.from({ length: DEVICES / PAGE_SIZE }, () => PAGE_SIZE))
  })

  await t.test('each page: a GET with the preference, a fresh $skiptoken, the bearer token, answered 200', () => {
    assert.equal(everyDeviceRequests.length, DEVICES / PAGE_SIZE)
    const [first, ...next] = everyDeviceRequests
    assert.deepEqual(first?.query, {})
    const tokens = next.map((entry) => entry.query['$skiptoken'])
    assert.ok(tokens.every((token) => typeof token === 'string' && token !== ''))
    assert.equal(new Set(tokens).size, tokens.length)
    for (const entry of everyDeviceRequests) {
      assert.equal(`${entry.method} ${entry.path} ${entry.status}`, 'GET /beta/deviceManagement/managedDevices 200')
      assert.equal(entry.headers['prefer'], `odata.maxpagesize=${PAGE_SIZE}`)
      // The nextLink's host passed the allowed-hosts check, so each next page carried the token.
      assert.equal(entry.headers['authorization'], 'Bearer [REDACTED]')
    }
  })

  await t.test('$filter and $orderby=deviceName desc: the matches in the order the options define, in pages of $top', () => {
    assert.equal(filtered.error, undefined, JSON.stringify(filtered.error))
    const expected = expectedFilteredOrder(store)
    assert.equal(expected.length, DEVICES * 2 / OPERATING_SYSTEMS.length)
    assert.equal(filtered.firstPageCount, expected.length)
    assert.deepEqual(filtered.ids, expected)
    const pages = Math.ceil(expected.length / TOP)
    assert.deepEqual(filtered.pageSizes, Array.from({ length: pages }, (_, page) => Math.min(TOP, expected.length - page * TOP)))
    assert.equal(filteredRequests.length, pages)
    for (const entry of filteredRequests) {
      assert.equal(entry.status, 200)
      assert.equal(entry.headers['authorization'], 'Bearer [REDACTED]')
      // Each nextLink kept the options of the first request.
      assert.equal(entry.query['$filter'], FILTER)
      assert.equal(entry.query['$orderby'], 'deviceName desc')
      assert.equal(entry.query['$top'], String(TOP))
    }
  })
})

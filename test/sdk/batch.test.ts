/**
 * End to end: JSON batching (src/graph/batch-routes.ts) as the official JavaScript SDKs use it.
 * An app (test/clients/batch-app.ts) runs in its own process against a graph-mock process, over
 * HTTPS with tokens its issuer signed, and batches with @microsoft/microsoft-graph-client v3
 * (BatchRequestContent, BatchResponseContent) and with @microsoft/msgraph-sdk-core
 * (BatchRequestContentCollection on the beta SDK's adapter). Each answer is checked as the SDK
 * read it, the store after the PATCH, and graph-mock's journal: one entry per batch and one per
 * item that ran, linked to its batch.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ENTITY_SET } from '../../src/resources/managed-devices/schemas.js'
import { startServer } from '../server-process.js'
import { runSdkApp, tenantControl } from './sdk-app.js'

const BATCHED_GETS = 25
const MISSING_ID = '00000000-0000-0000-0000-00000000dead'
const NEW_NAME = 'batch-renamed-device'

interface ItemAnswer { status: number, contentType: string | null, text: string }
interface AppResults {
  graphClient: { chained: Record<string, ItemAnswer>, versioned: Record<string, ItemAnswer>, afterwards: Record<string, unknown> }
  sdkCore: { statuses?: Record<string, number>, error?: { name: string, message: string, responseStatusCode?: number } }
}
interface JournalEntry {
  method: string
  path: string
  headers: Record<string, string>
  body: unknown
  status: number
  requestId: string
  batchRequestId: string | null
}
interface BatchBody { requests: Array<{ id: string, method: string, url: string, headers?: Record<string, string>, body?: unknown, dependsOn?: string[] }> }
interface ErrorBody { error: { code: string, message: string, innerError: Record<string, string> } }
type Device = Record<string, unknown>

/** The item's body as a JSON object; v3 gives `[object Object]` for one whose answer names no `Content-Type` (in that case) starting with application/json. */
function json (answer: ItemAnswer | undefined): Record<string, unknown> {
  assert.ok(answer !== undefined, 'no answer for the item')
  assert.match(answer.contentType ?? '', /^application\/json/)
  return JSON.parse(answer.text) as Record<string, unknown>
}

test('the official SDKs\' batching APIs: items in order, 424 after a failed dependency, every item journaled with its batch', async (t) => {
  const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-batch-'))
  t.after(() => rm(tlsDir, { recursive: true, force: true }))
  const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed' })
  const storeUrl = `${tenantControl(server.baseUrl)}/store/${ENTITY_SET}`
  const before = Object.entries(await (await fetch(storeUrl)).json() as Record<string, Device>)
  assert.ok(before.length >= BATCHED_GETS, `the bundled fixtures hold ${before.length} devices`)
  const ids = before.slice(0, BATCHED_GETS).map(([id]) => id)
  const [a = '', b = '', c = '', d = ''] = ids
  const original = Object.fromEntries(before) as Record<string, Device>
  assert.notEqual(original[a]?.['managedDeviceName'], NEW_NAME)

  const started = Date.now()
  const stdout = await runSdkApp('test/clients/batch-app.ts', {
    httpsUrl: server.httpsUrl ?? '',
    tlsDir,
    env: { DEVICE_IDS: ids.join(','), MISSING_ID, NEW_NAME }
  })
  t.diagnostic(`the app ran in ${Date.now() - started} ms`)
  const { graphClient, sdkCore } = JSON.parse(stdout) as AppResults

  const journal = async (query: string) => (await (await fetch(`${tenantControl(server.baseUrl)}/requests?${query}`)).json() as { entries: JournalEntry[] }).entries
  const batches = await journal(new URLSearchParams({ path: '/beta/$batch' }).toString())
  const itemsOf = (batch: JournalEntry | undefined) => journal(new URLSearchParams({ batch: batch?.requestId ?? 'none' }).toString())
  const batchBody = (batch: JournalEntry | undefined) => batch?.body as BatchBody
  // Oldest first: v3's chain, v3's pair, then the core collection's 20 and 5.
  assert.equal(batches.length, 4, JSON.stringify(batches.map((batch) => batch.path)))
  const [chainBatch, versionedBatch, ...coreBatches] = batches
  for (const batch of batches) {
    assert.equal(`${batch.method} ${batch.path} ${batch.status}`, 'POST /beta/$batch 200')
    assert.equal(batch.batchRequestId, null)
    assert.equal(batch.headers['authorization'], 'Bearer [REDACTED]')
  }

  await t.test('graph-client v3: a chain of GETs and a PATCH, each answered in order; 404, then 424 for the item that depends on it', () => {
    const { chained } = graphClient
    assert.deepEqual(Object.keys(chained), ['get-a', 'patch-a', 'get-b', 'get-c', 'get-missing', 'after-missing'])
    assert.deepEqual(Object.values(chained).map((answer) => answer.status), [200, 200, 200, 200, 404, 424])
    // The GET ran before the PATCH, which answers the device it changed.
    const gotA = json(chained['get-a'])
    assert.equal(gotA['id'], a)
    assert.equal(gotA['managedDeviceName'], original[a]?.['managedDeviceName'])
    assert.match(String(gotA['@odata.context']), /\/beta\/\$metadata#deviceManagement\/managedDevices\/\$entity$/)
    const patched = json(chained['patch-a'])
    assert.equal(patched['id'], a)
    assert.equal(patched['managedDeviceName'], NEW_NAME)
    for (const [item, id] of [['get-b', b], ['get-c', c]] as const) {
      const got = json(chained[item])
      assert.equal(got['id'], id)
      assert.equal(got['deviceName'], original[id]?.['deviceName'])
    }
    const missing = json(chained['get-missing']) as unknown as ErrorBody
    assert.equal(missing.error.code, 'ResourceNotFound')
    assert.equal(missing.error.message, `Resource '${MISSING_ID}' does not exist or one of its queried reference-property objects are not present.`)
    const failed = json(chained['after-missing']) as unknown as ErrorBody
    assert.equal(failed.error.code, 'FailedDependency')
    assert.match(failed.error.message, /get-missing/)
  })

  await t.test('graph-client v3: the PATCH changed the store; a lone GET afterwards reads the new name', async () => {
    assert.equal(graphClient.afterwards['id'], a)
    assert.equal(graphClient.afterwards['managedDeviceName'], NEW_NAME)
    const stored = await (await fetch(`${storeUrl}/${a}`)).json() as Device
    assert.equal(stored['managedDeviceName'], NEW_NAME)
    assert.equal(stored['deviceName'], original[a]?.['deviceName'])
    // A's GETs: the chain's first item, the lone GET (of no batch), the core collection's first item.
    const gets = await journal(new URLSearchParams({ path: `/beta/deviceManagement/managedDevices/${a}`, method: 'GET' }).toString())
    assert.deepEqual(gets.map((entry) => [entry.status, entry.batchRequestId]), [[200, chainBatch?.requestId], [200, null], [200, coreBatches[0]?.requestId]])
  })

  await t.test('graph-client v3: an item url with the version in it, as the v3 docs build it, answers Graph\'s 400', () => {
    // v3.0.7 strips scheme and host only: the docs' way keeps /beta, live Graph then reads /beta/beta/….
    assert.deepEqual(batchBody(versionedBatch).requests.map((item) => [item.id, item.url]), [
      ['docs-way', `/beta/deviceManagement/managedDevices/${b}`],
      ['no-version', `/deviceManagement/managedDevices/${b}`]
    ])
    const { versioned } = graphClient
    assert.deepEqual(Object.values(versioned).map((answer) => answer.status), [400, 200])
    const refused = json(versioned['docs-way']) as unknown as ErrorBody
    assert.equal(refused.error.code, 'BadRequest')
    assert.equal(refused.error.message, 'Resource not found for the segment \'beta\'.')
    assert.equal(json(versioned['no-version'])['id'], b)
  })

  await t.test('journal of the v3 batches: each item that ran, linked to its batch, with its method, path, body and status', async () => {
    const sent = batchBody(chainBatch).requests
    assert.deepEqual(sent.map((item) => [item.id, item.method, item.url, item.dependsOn]), [
      ['get-a', 'GET', `/deviceManagement/managedDevices/${a}`, undefined],
      ['patch-a', 'PATCH', `/deviceManagement/managedDevices/${a}`, ['get-a']],
      ['get-b', 'GET', `/deviceManagement/managedDevices/${b}`, ['patch-a']],
      ['get-c', 'GET', `/deviceManagement/managedDevices/${c}`, ['get-b']],
      ['get-missing', 'GET', `/deviceManagement/managedDevices/${MISSING_ID}`, ['get-c']],
      ['after-missing', 'GET', `/deviceManagement/managedDevices/${d}`, ['get-missing']]
    ])
    // v3 copies the Request's headers, named as fetch names them, and sends a JSON body parsed.
    assert.deepEqual([sent[1]?.headers, sent[1]?.body], [{ 'content-type': 'application/json' }, { managedDeviceName: NEW_NAME }])
    const items = await itemsOf(chainBatch)
    // after-missing answered 424 unsent: no entry of its own.
    assert.deepEqual(items.map((item) => `${item.method} ${item.path} ${item.status}`), [
      `GET /beta/deviceManagement/managedDevices/${a} 200`,
      `PATCH /beta/deviceManagement/managedDevices/${a} 200`,
      `GET /beta/deviceManagement/managedDevices/${b} 200`,
      `GET /beta/deviceManagement/managedDevices/${c} 200`,
      `GET /beta/deviceManagement/managedDevices/${MISSING_ID} 404`
    ])
    for (const item of items) {
      assert.equal(item.batchRequestId, chainBatch?.requestId)
      assert.notEqual(item.requestId, chainBatch?.requestId)
      // Each item carried the batch's token.
      assert.equal(item.headers['authorization'], 'Bearer [REDACTED]')
    }
    const [, patch, , , missing] = items
    assert.deepEqual(patch?.body, { managedDeviceName: NEW_NAME })
    assert.equal(patch?.headers['content-type'], 'application/json')
    assert.equal(items.filter((item) => item.body !== null).length, 1)
    // The 404 the app read is the one journaled for that item.
    const missingBody = json(graphClient.chained['get-missing']) as unknown as ErrorBody
    assert.equal(missingBody.error.innerError['request-id'], missing?.requestId)

    const versionedItems = await itemsOf(versionedBatch)
    assert.deepEqual(versionedItems.map((item) => `${item.method} ${item.path} ${item.status} ${item.batchRequestId === versionedBatch?.requestId}`), [
      `GET /beta/beta/deviceManagement/managedDevices/${b} 400 true`,
      `GET /beta/deviceManagement/managedDevices/${b} 200 true`
    ])
  })

  await t.test('msgraph-sdk-core: 25 GETs posted as two batches of 20 and 5, every item 200', () => {
    assert.equal(sdkCore.error, undefined, JSON.stringify(sdkCore.error))
    // Statuses only: this SDK reads item bodies as base64 byte arrays, so Graph's JSON bodies come back undefined (research notes, §4).
    const expected = Object.fromEntries(ids.map((_, index) => [String(index + 1), 200]))
    assert.deepEqual(sdkCore.statuses, expected)
    assert.deepEqual(coreBatches.map((batch) => batchBody(batch).requests.length), [20, 5])
    assert.deepEqual(coreBatches.flatMap((batch) => batchBody(batch).requests.map((item) => [item.id, item.method, item.url])),
      ids.map((id, index) => [String(index + 1), 'GET', `/deviceManagement/managedDevices/${id}`]))
    for (const batch of coreBatches) assert.match(batch.headers['content-type'] ?? '', /^application\/json/)
  })

  await t.test('journal of the core batches: each item linked to its batch, with its method, path and status', async () => {
    const [first, second] = coreBatches
    const items = [...await itemsOf(first), ...await itemsOf(second)]
    assert.deepEqual(items.map((item) => `${item.method} ${item.path} ${item.status}`),
      ids.map((id) => `GET /beta/deviceManagement/managedDevices/${id} 200`))
    assert.deepEqual(items.map((item) => item.batchRequestId), [
      ...Array.from({ length: 20 }, () => first?.requestId),
      ...Array.from({ length: 5 }, () => second?.requestId)
    ])
    assert.notEqual(first?.requestId, second?.requestId)
  })
})

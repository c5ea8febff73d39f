/**
 * End to end: an app on Graph beta's official TypeScript SDK (test/clients/remote-help-sdk-app.ts)
 * holds the whole Remote Help conversation with a graph-mock process, over HTTPS, with tokens its
 * issuer signed; what the SDK's models read must be the bundled fixtures, and the journal must
 * show the requests the SDK's request builders make.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { managedDevices } from '../../src/resources/managed-devices/index.js'
import { startServer } from '../server-process.js'
import { runSdkApp, tenantControl } from './sdk-app.js'

const MISSING_DEVICE_ID = '00000000-0000-0000-0000-000000000000'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

type Model = Record<string, unknown>
interface DeviceSummary {
  id: string
  deviceName: string
  operatingSystem: string
  complianceState: string
  lastSyncDateTime: string
  lastSyncIsDate: boolean
  usersLoggedOn: number
  firstLogOnIsDate: boolean
  serialNumber: string
}
/** What the app printed; Dates the SDK's models held are {"$date": ISO string}. */
interface AppResults {
  windows: { select: string[], count: number, nextLink?: string, models: Model[], additionalData: Model }
  devices: { count: number, nextLink?: string, first: DeviceSummary, all: Model[] }
  fetched: DeviceSummary
  fetchedModel: Model
  userDevices: { userId: string, count: number, userIds: string[], ids: string[] }
  remoteAssistance: { before: string, after: string, afterModel: Model, unselected: string }
  partners: { all: Model[], id: string, before: string, onboarding: string, onboardingRequestExpiryDateTime: string, disconnected: string }
  settings: { before: Model, patched: Model, after: Model }
  notFound: {
    thrown: boolean
    isODataError: boolean
    responseStatusCode: number
    code: string
    message: string
    innerErrorRequestId: string
    requestIdHeader: string
  }
}
interface JournalEntry { method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body: unknown, status: number }

const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, Model>

const isDateMark = (value: unknown): value is { $date: string } =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as { $date?: unknown }).$date === 'string'
const isEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0

/**
 * A value as graph-mock sends it (JSON), put the way Kiota's JSON parse node holds it: a
 * DateTimeOffset as a Date, `@odata.type` as `odataType`, a null scalar as absent and a null
 * complex value as an empty object. `read` (what the SDK holds) says only which of those applies;
 * any property the model does not know would sit in `additionalData`, and so differ.
 */
function asTheSdkHoldsIt (wire: unknown, read: unknown): unknown {
  if (isDateMark(read) && typeof wire === 'string') return { $date: new Date(wire).toISOString() }
  if (wire === null) return isEmptyObject(read) ? {} : undefined
  if (Array.isArray(wire)) return wire.map((item, index) => asTheSdkHoldsIt(item, Array.isArray(read) ? read[index] : undefined))
  if (typeof wire !== 'object') return wire
  const held = read as Model | undefined
  const entries = Object.entries(wire).map(([key, value]) => {
    const name = key === '@odata.type' ? 'odataType' : key
    return [name, asTheSdkHoldsIt(value, held?.[name])] as const
  })
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined))
}

/** The fixture records as graph-mock serves them (with `id` and `@odata.type`), as the SDK should hold them, by id. */
function expectedById (records: Record<string, Model>, odataType: string, read: Model[]) {
  const readById = new Map(read.map((model) => [model['id'], model]))
  return Object.fromEntries(Object.entries(records).map(([id, record]) =>
    [id, asTheSdkHoldsIt({ '@odata.type': odataType, id, ...record }, readById.get(id))]))
}
const byId = (models: Model[]) => Object.fromEntries(models.map((model) => [String(model['id']), model]))
/** A model without what Kiota keeps of the answer's annotations (`@odata.context`), and that `additionalData`. */
function withoutAdditionalData (model: Model): [Model, unknown] {
  const { additionalData, ...properties } = model
  return [properties, additionalData]
}
const pick = (record: Model, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, record[name]]))

test('the official beta SDK holds the Remote Help conversation with graph-mock over HTTPS', async (t) => {
  const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-beta-sdk-'))
  t.after(() => rm(tlsDir, { recursive: true, force: true }))
  const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed' })
  const startedAt = Date.now()
  // The app reaches graph-mock as https://localhost:<port>, which every absolute URL it reads must name.
  const origin = `https://localhost:${new URL(server.httpsUrl ?? '').port}`

  const stdout = await runSdkApp('test/clients/remote-help-sdk-app.ts', { httpsUrl: server.httpsUrl ?? '', tlsDir })
  const results = JSON.parse(stdout) as AppResults
  const journal = await (await fetch(`${tenantControl(server.baseUrl)}/requests?path=/beta`)).json() as { entries: JournalEntry[] }

  const devices = await fixture('deviceManagement.managedDevices')
  const partners = await fixture('deviceManagement.remoteAssistancePartners')
  const settings = await fixture('deviceManagement.remoteAssistanceSettings')

  await t.test("the first call: a page of 2 Windows devices, the selected properties alone, counted, and a nextLink on the app's origin", () => {
    const { windows } = results
    const windowsIds = Object.entries(devices).filter(([, record]) => record['operatingSystem'] === 'Windows').map(([id]) => id)
    assert.ok(windowsIds.length > 2 && windowsIds.length < Object.keys(devices).length)
    assert.equal(windows.count, windowsIds.length)
    assert.equal(windows.models.length, 2)
    assert.ok(windows.models.every((model) => model['operatingSystem'] === 'Windows'))
    // The first page holds the first matches in the store's order.
    assert.deepEqual(windows.models.map((model) => model['id']), windowsIds.slice(0, 2))
    for (const model of windows.models) {
      assert.deepEqual(Object.keys(model).sort(), ['odataType', ...windows.select].sort())
      const record = devices[String(model['id'])] ?? {}
      assert.deepEqual(model, asTheSdkHoldsIt({ '@odata.type': '#microsoft.graph.managedDevice', ...pick({ id: model['id'], ...record }, windows.select) }, model))
    }
    const nextLink = new URL(windows.nextLink ?? '')
    assert.equal(nextLink.origin, origin)
    assert.equal(nextLink.pathname, '/beta/deviceManagement/managedDevices')
    assert.equal(nextLink.searchParams.get('$filter'), "operatingSystem eq 'Windows'")
    assert.equal(nextLink.searchParams.get('$select'), windows.select.join(','))
    assert.equal(nextLink.searchParams.get('$top'), '2')
    assert.equal(nextLink.searchParams.get('$count'), 'true')
    assert.notEqual(nextLink.searchParams.get('$skiptoken') ?? '', '')
    assert.deepEqual(windows.additionalData, { '@odata.context': `${origin}/beta/$metadata#deviceManagement/managedDevices(${windows.select.join(',')})` })
  })

  await t.test('managed devices: the 28 bundled ones, each read by the generated model as the fixture holds it', () => {
    assert.equal(results.devices.count, 28)
    assert.equal(results.devices.nextLink, undefined)
    assert.deepEqual(results.devices.all.map((device) => device['id']).sort(), Object.keys(devices).sort())
    assert.ok(results.devices.all.every((device) => device['odataType'] === '#microsoft.graph.managedDevice'))
    // Dates, enums, nested complex types and collections alike; no property left in additionalData.
    // A list shows the properties only a read by id selecting them fills at their defaults.
    const listed = Object.fromEntries(Object.entries(devices).map(([id, record]) => [id, { ...record, ...managedDevices.selectedOnly }]))
    assert.deepEqual(byId(results.devices.all), expectedById(listed, '#microsoft.graph.managedDevice', results.devices.all))
  })

  await t.test('the first device, as an app shows it: fields, Dates and nested objects deserialised', () => {
    const { first } = results.devices
    const record = devices[first.id]
    assert.ok(record !== undefined, `${first.id} is a bundled device`)
    assert.deepEqual(first, {
      id: first.id,
      deviceName: record['deviceName'],
      operatingSystem: record['operatingSystem'],
      complianceState: record['complianceState'],
      lastSyncDateTime: new Date(String(record['lastSyncDateTime'])).toISOString(),
      lastSyncIsDate: true,
      usersLoggedOn: (record['usersLoggedOn'] as unknown[]).length,
      firstLogOnIsDate: true,
      serialNumber: record['serialNumber']
    })
    assert.ok(first.usersLoggedOn > 0 && typeof first.serialNumber === 'string' && first.serialNumber !== '')
  })

  await t.test('GET by id reads the same device as the list, and the context of one entity', () => {
    assert.deepEqual(results.fetched, results.devices.first)
    const [fetched, additionalData] = withoutAdditionalData(results.fetchedModel)
    assert.deepEqual(fetched, results.devices.all.find((device) => device['id'] === results.devices.first.id))
    assert.deepEqual(additionalData, { '@odata.context': `${origin}/beta/$metadata#deviceManagement/managedDevices/$entity` })
  })

  await t.test("a user's devices are exactly the devices whose userId is that user's", () => {
    const { userDevices } = results
    const owned = Object.entries(devices).filter(([, record]) => record['userId'] === userDevices.userId).map(([id]) => id)
    assert.ok(owned.length > 1 && owned.length < 28)
    assert.equal(userDevices.count, owned.length)
    assert.ok(userDevices.userIds.every((userId) => userId === userDevices.userId))
    assert.deepEqual([...userDevices.ids].sort(), owned.sort())
  })

  await t.test('requestRemoteAssistance: a GET by id selecting remoteAssistanceSessionUrl reads the session URL; a plain GET reads \'\'', () => {
    const { remoteAssistance } = results
    assert.equal(remoteAssistance.before, devices[results.devices.first.id]?.['remoteAssistanceSessionUrl'])
    assert.equal(remoteAssistance.before, '')
    assert.notEqual(remoteAssistance.after, '')
    assert.equal(new URL(remoteAssistance.after).protocol, 'https:')
    assert.deepEqual(remoteAssistance.afterModel, {
      odataType: '#microsoft.graph.managedDevice',
      id: results.devices.first.id,
      remoteAssistanceSessionUrl: remoteAssistance.after,
      additionalData: { '@odata.context': `${origin}/beta/$metadata#deviceManagement/managedDevices(id,remoteAssistanceSessionUrl)/$entity` }
    })
    assert.equal(remoteAssistance.unselected, '')
  })

  await t.test('partners: the bundled ones; beginOnboarding, then disconnect, as the model reads the status', () => {
    assert.deepEqual(byId(results.partners.all), expectedById(partners, '#microsoft.graph.remoteAssistancePartner', results.partners.all))
    assert.equal(partners[results.partners.id]?.['onboardingStatus'], 'notOnboarded')
    assert.equal(results.partners.before, 'notOnboarded')
    assert.equal(results.partners.onboarding, 'onboarding')
    assert.ok(Date.parse(results.partners.onboardingRequestExpiryDateTime) > startedAt, 'the onboarding request expires later')
    assert.equal(results.partners.disconnected, 'notOnboarded')
  })

  await t.test("settings: the bundled singleton; blockChat true after a PATCH the SDK's serializer wrote", () => {
    const [[id, record]] = Object.entries(settings) as [[string, Model]]
    const [before, beforeData] = withoutAdditionalData(results.settings.before)
    const [after, afterData] = withoutAdditionalData(results.settings.after)
    const context = { '@odata.context': `${origin}/beta/$metadata#deviceManagement/remoteAssistanceSettings/$entity` }
    assert.deepEqual(before, asTheSdkHoldsIt({ '@odata.type': '#microsoft.graph.remoteAssistanceSettings', id, ...record }, before))
    assert.equal(before['blockChat'], false)
    assert.deepEqual(results.settings.patched, { ...before, blockChat: true })
    assert.deepEqual(after, results.settings.patched)
    assert.deepEqual([beforeData, afterData], [context, context])
  })

  await t.test('an unknown device id is thrown as the generated ODataError', () => {
    const { notFound } = results
    assert.equal(notFound.thrown, true)
    assert.equal(notFound.isODataError, true)
    assert.equal(notFound.responseStatusCode, 404)
    assert.equal(notFound.code, 'ResourceNotFound')
    assert.match(notFound.message, new RegExp(MISSING_DEVICE_ID))
    assert.match(notFound.requestIdHeader, GUID)
    // The generated InnerError read graph-mock's innerError.
    assert.equal(notFound.innerErrorRequestId, notFound.requestIdHeader)
  })

  await t.test('the journal: the SDK sent each request to the documented path, with its token and headers', () => {
    const deviceId = results.devices.first.id
    const partnerId = results.partners.id
    assert.deepEqual(journal.entries.map(({ method, path, status }) => `${method} ${path} ${status}`), [
      'GET /beta/deviceManagement/managedDevices 200',
      'GET /beta/deviceManagement/managedDevices 200',
      `GET /beta/deviceManagement/managedDevices/${deviceId} 200`,
      `GET /beta/users/${results.userDevices.userId}/managedDevices 200`,
      `POST /beta/deviceManagement/managedDevices/${deviceId}/requestRemoteAssistance 204`,
      `GET /beta/deviceManagement/managedDevices/${deviceId} 200`,
      `GET /beta/deviceManagement/managedDevices/${deviceId} 200`,
      'GET /beta/deviceManagement/remoteAssistancePartners 200',
      `POST /beta/deviceManagement/remoteAssistancePartners/${partnerId}/beginOnboarding 204`,
      `GET /beta/deviceManagement/remoteAssistancePartners/${partnerId} 200`,
      `POST /beta/deviceManagement/remoteAssistancePartners/${partnerId}/disconnect 204`,
      `GET /beta/deviceManagement/remoteAssistancePartners/${partnerId} 200`,
      'GET /beta/deviceManagement/remoteAssistanceSettings 200',
      'PATCH /beta/deviceManagement/remoteAssistanceSettings 200',
      'GET /beta/deviceManagement/remoteAssistanceSettings 200',
      `GET /beta/deviceManagement/managedDevices/${MISSING_DEVICE_ID} 404`
    ])
    const [windows, all, , , action, selected, unselected] = journal.entries
    // The Kiota URL template wrote the options with their $, as the builders' templates spell them.
    assert.deepEqual(windows?.query, { $count: 'true', $filter: "operatingSystem eq 'Windows'", $select: results.windows.select.join(','), $top: '2' })
    assert.deepEqual(all?.query, {})
    assert.equal(action?.body, null)
    assert.deepEqual(selected?.query, { $select: 'id,remoteAssistanceSessionUrl' })
    assert.deepEqual(unselected?.query, {})
    const patch = journal.entries.find((entry) => entry.method === 'PATCH')
    assert.deepEqual(patch?.body, { blockChat: true })
    assert.match(patch?.headers['content-type'] ?? '', /^application\/json/)
    for (const entry of journal.entries) {
      assert.equal(entry.headers['authorization'], 'Bearer [REDACTED]')
      assert.equal(entry.headers['accept'], 'application/json')
      assert.match(entry.headers['sdkversion'] ?? '', /^graph-typescript-beta\/1\.0\.0-preview\.81\b/)
      assert.match(entry.headers['user-agent'] ?? '', /^kiota-typescript\//)
    }
  })
})

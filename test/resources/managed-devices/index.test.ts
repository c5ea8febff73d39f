import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { fixtureRules } from '../../../src/resources/index.js'
import { managedDevices } from '../../../src/resources/managed-devices/index.js'
import { loadFixtures } from '../../../src/state/fixtures.js'
import { AUTH, JSON_AUTH, appClaims, buildTestApp, stateOf, unsignedJwt } from '../../helper.js'

const SET = 'deviceManagement.managedDevices'
const DEVICES = '/beta/deviceManagement/managedDevices'
const seed = await loadFixtures(new URL('../../../fixtures', import.meta.url).pathname, fixtureRules())
const devices = Object.entries(seed[SET] ?? {})
/** What a list, or a read by id without $select, shows of the properties only a read by id selecting them fills. */
const { selectedOnly: standIns } = managedDevices

async function deviceApp (t: TestContext) {
  return buildTestApp(t, stateOf(seed))
}

test('the bundled devices are listed under deviceManagement, each with its id, its type and every property', async (t) => {
  const { app } = await deviceApp(t)
  const res = await app.inject({ url: DEVICES, headers: AUTH })
  assert.equal(res.statusCode, 200)
  const { value } = res.json<{ value: Array<Record<string, unknown>> }>()
  assert.ok(value.length >= 25)
  assert.deepEqual(value.map((device) => device['id']), devices.map(([id]) => id))
  const [id, record] = devices[0] ?? []
  assert.deepEqual(value[0], { '@odata.type': '#microsoft.graph.managedDevice', id, ...record, ...standIns })
})

test('a list, and a read by id without $select, show the documented defaults of what only a read by id selecting it fills', async (t) => {
  const { app } = await deviceApp(t)
  const [id = '', record = {}] = devices.find(([, device]) => device['physicalMemoryInBytes'] !== 0 && device['udid'] !== '') ?? []
  const hardware = record['hardwareInformation'] as Record<string, unknown>
  assert.ok(hardware['serialNumber'] !== null && hardware['isEncrypted'] === true, 'a device whose hardware the defaults would hide')
  const read = async (url: string) => (await app.inject({ url, headers: AUTH })).json<Record<string, unknown>>()
  const listed = ((await read(DEVICES))['value'] as Array<Record<string, unknown>>).find((device) => device['id'] === id) ?? {}
  const plain = await read(`${DEVICES}/${id}`)
  // "Default is 0", "Default is an empty string", "Default is null": the beta SDK's managedDevice model.
  for (const device of [listed, plain]) {
    assert.deepEqual([device['physicalMemoryInBytes'], device['udid'], device['iccid'], device['notes'], device['chromeOSDeviceInfo']], [0, '', '', null, []])
    const shown = device['hardwareInformation'] as Record<string, unknown>
    assert.deepEqual([shown['serialNumber'], shown['totalStorageSpace'], shown['isEncrypted'], shown['deviceLicensingStatus'], shown['wiredIPv4Addresses']], [null, 0, false, 'unknown', []])
  }
  const selected = await read(`${DEVICES}/${id}?$select=physicalMemoryInBytes,udid,hardwareInformation`)
  assert.deepEqual([selected['physicalMemoryInBytes'], selected['udid'], selected['hardwareInformation']], [record['physicalMemoryInBytes'], record['udid'], hardware])
  // Nor does a list's filter find a device by a value the list would not show.
  const filtered = await read(`${DEVICES}?$filter=${encodeURIComponent(`hardwareInformation/serialNumber eq '${String(hardware['serialNumber'])}'`)}`)
  assert.deepEqual(filtered['value'], [])
})

test('a user\'s devices are the ones enrolled by that user; another user\'s device is a 404 there', async (t) => {
  const { app } = await deviceApp(t)
  const [[id, owned] = ['', {}]] = devices.filter(([, device]) => device['userId'] !== '')
  const userId = String(owned['userId'])
  const mine = await app.inject({ url: `/beta/users/${userId}/managedDevices`, headers: AUTH })
  const expected = devices.filter(([, device]) => device['userId'] === userId).map(([deviceId]) => deviceId)
  assert.deepEqual(mine.json().value.map((device: { id: string }) => device.id), expected)
  // Graph names a parent's key in parentheses: `$metadata#users('…')/contacts(displayName,…)` (beta/api/user-list-contacts.md).
  assert.equal(mine.json()['@odata.context'], `http://localhost:80/beta/$metadata#users('${userId}')/managedDevices`)
  const one = await app.inject({ url: `/beta/users/${userId}/managedDevices/${id}?$select=id`, headers: AUTH })
  assert.deepEqual([one.statusCode, one.json()['@odata.context']], [200, `http://localhost:80/beta/$metadata#users('${userId}')/managedDevices(id)/$entity`])
  const quoted = await app.inject({ url: "/beta/users/o'brien%2F1/managedDevices", headers: AUTH })
  assert.equal(quoted.json()['@odata.context'], "http://localhost:80/beta/$metadata#users('o''brien%2F1')/managedDevices", 'a quote doubled, a slash escaped')
  assert.equal((await app.inject({ url: `/beta/users/someone-else/managedDevices/${id}`, headers: AUTH })).json().error.code, 'ResourceNotFound')
})

test('requestRemoteAssistance answers 204 and gives the device a remoteAssistanceSessionUrl, under either parent and either name', async (t) => {
  const { app } = await deviceApp(t)
  const [id = '', device = {}] = devices[0] ?? []
  assert.equal(device['remoteAssistanceSessionUrl'], '')
  for (const url of [`${DEVICES}/${id}/requestRemoteAssistance`, `/beta/users/${String(device['userId'])}/managedDevices/${id}/microsoft.graph.requestRemoteAssistance`]) {
    const res = await app.inject({ method: 'POST', url, headers: AUTH })
    assert.deepEqual([res.statusCode, res.body], [204, ''], url)
    // The docs: an empty string unless a GET by id names it in $select.
    const selected = await app.inject({ url: `${DEVICES}/${id}?$select=id,remoteAssistanceSessionUrl`, headers: AUTH })
    assert.match(selected.json().remoteAssistanceSessionUrl, /^https:\/\/remote-assistance\.example\/sessions\/[0-9a-f-]{36}$/)
    assert.equal(selected.json()['@odata.context'], 'http://localhost:80/beta/$metadata#deviceManagement/managedDevices(id,remoteAssistanceSessionUrl)/$entity')
    assert.equal((await app.inject({ url: `${DEVICES}/${id}`, headers: AUTH })).json().remoteAssistanceSessionUrl, '')
    const listed = await app.inject({ url: `${DEVICES}?$select=id,remoteAssistanceSessionUrl`, headers: AUTH })
    assert.equal(listed.json().value.find((entry: { id: string }) => entry.id === id).remoteAssistanceSessionUrl, '')
    // A list's filter and order read the property as the list shows it.
    const filtered = await app.inject({ url: `${DEVICES}/$count?$filter=startswith(remoteAssistanceSessionUrl,'https')`, headers: AUTH })
    assert.equal(filtered.body, '0')
    const ordered = await app.inject({ url: `${DEVICES}?$orderby=remoteAssistanceSessionUrl desc&$select=id`, headers: AUTH })
    assert.deepEqual(ordered.json().value.map((entry: { id: string }) => entry.id), devices.map(([deviceId]) => deviceId))
  }
  assert.equal((await app.inject({ method: 'POST', url: `${DEVICES}/missing/requestRemoteAssistance`, headers: AUTH })).statusCode, 404)
})

test('device operations need DeviceManagementManagedDevices permissions, and name them when refused', async (t) => {
  const { app } = await deviceApp(t)
  const [id = ''] = devices[0] ?? []
  const serviceConfigOnly = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: ['DeviceManagementServiceConfig.ReadWrite.All'] }))}` }
  const refused = await app.inject({ url: DEVICES, headers: serviceConfigOnly })
  assert.equal(refused.statusCode, 403)
  assert.match(refused.json().error.message, /one of the following scopes: DeviceManagementManagedDevices\.Read\.All, DeviceManagementManagedDevices\.ReadWrite\.All/)
  const reader = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: ['DeviceManagementManagedDevices.Read.All'] }))}` }
  assert.equal((await app.inject({ url: `${DEVICES}/${id}`, headers: reader })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: `${DEVICES}/${id}/requestRemoteAssistance`, headers: reader })).statusCode, 403)
})

test('a PATCH is validated against the device\'s schema and merged; a bad one changes nothing', async (t) => {
  const { app, store } = await deviceApp(t)
  const [id = ''] = devices[0] ?? []
  const before = JSON.stringify(store.entitySet(SET).get(id))
  const bad = await app.inject({ method: 'PATCH', url: `${DEVICES}/${id}`, headers: JSON_AUTH, payload: { deviceName: 'X', complianceState: 'bogus' } })
  assert.equal(bad.json().error.message, "The value of property 'complianceState' is not a valid value of the enum type 'microsoft.graph.complianceState'.")
  assert.equal(JSON.stringify(store.entitySet(SET).get(id)), before)
  const ok = await app.inject({ method: 'PATCH', url: `${DEVICES}/${id}`, headers: JSON_AUTH, payload: { deviceName: 'Renamed', notes: 'checked' } })
  // The answer is the entity as a read without $select shows it: notes only a read selecting it fills.
  assert.deepEqual([ok.statusCode, ok.json().deviceName, ok.json().notes], [200, 'Renamed', null])
  assert.equal((await app.inject({ url: `${DEVICES}/${id}?$select=notes`, headers: AUTH })).json().notes, 'checked')
})

test('a device read by id or in a list answers as it is now: after a PATCH, under each parent and in each tenant', async (t) => {
  const { app, tenants } = await deviceApp(t)
  const otherTenantId = '7a1c7d3e-5b0f-4c8e-9d2a-3f6b8e1c4d5a'
  tenants.of(otherTenantId)
  const [id = '', device = {}] = devices[0] ?? []
  const read = async (url: string, headers = AUTH) => (await app.inject({ url, headers })).json<Record<string, unknown>>()
  const listed = async () => ((await read(DEVICES))['value'] as Array<Record<string, unknown>>).find((entry) => entry['id'] === id)
  const entity = { '@odata.type': '#microsoft.graph.managedDevice', id, ...device, ...standIns }
  const whole = { '@odata.context': 'http://localhost:80/beta/$metadata#deviceManagement/managedDevices/$entity', ...entity }
  // Read twice, so the second answer is the one kept from the first, then in the list, which keeps the same.
  assert.deepEqual(await read(`${DEVICES}/${id}`), whole)
  assert.deepEqual(await read(`${DEVICES}/${id}`), whole)
  assert.deepEqual(await listed(), entity)
  const renamed = await app.inject({ method: 'PATCH', url: `${DEVICES}/${id}`, headers: JSON_AUTH, payload: { deviceName: 'Renamed after a read' } })
  assert.equal(renamed.statusCode, 200)
  assert.equal((await read(`${DEVICES}/${id}`))['deviceName'], 'Renamed after a read')
  assert.equal((await listed())?.['deviceName'], 'Renamed after a read')
  assert.equal((await read(`/beta/users/${String(device['userId'])}/managedDevices/${id}`))['deviceName'], 'Renamed after a read')
  // Another tenant's copy of the bundled device was not renamed.
  const otherTenant = { authorization: `Bearer ${unsignedJwt(appClaims({ tid: otherTenantId, roles: ['DeviceManagementManagedDevices.Read.All'] }))}` }
  assert.equal((await read(`${DEVICES}/${id}`, otherTenant))['deviceName'], device['deviceName'])
})

test('an unknown child of deviceManagement gets Graph\'s routing answer', async (t) => {
  const { app } = await deviceApp(t)
  const res = await app.inject({ url: '/beta/deviceManagement/coManagedGadgets', headers: AUTH })
  assert.deepEqual([res.statusCode, res.json().error.message], [400, "Resource not found for the segment 'coManagedGadgets'."])
})

test('comanagedDevices are the devices Configuration Manager manages too, and take the same actions', async (t) => {
  const { app } = await deviceApp(t)
  const comanaged = devices.filter(([, device]) => String(device['managementAgent']).startsWith('configurationManagerClient'))
  assert.ok(comanaged.length > 0)
  const list = await app.inject({ url: '/beta/deviceManagement/comanagedDevices', headers: AUTH })
  assert.deepEqual(list.json().value.map((device: { id: string }) => device.id), comanaged.map(([id]) => id))
  const [[id = ''] = []] = comanaged
  assert.equal((await app.inject({ method: 'POST', url: `/beta/deviceManagement/comanagedDevices/${id}/requestRemoteAssistance`, headers: AUTH })).statusCode, 204)
  const [[mdmOnly = ''] = []] = devices.filter(([, device]) => device['managementAgent'] === 'mdm')
  assert.equal((await app.inject({ url: `/beta/deviceManagement/comanagedDevices/${mdmOnly}`, headers: AUTH })).statusCode, 404)
})

test('a PATCH of what an app read back, with a complex property the SDK writes as {}, is taken, each complex value merged into the one held', async (t) => {
  const { app } = await deviceApp(t)
  const [id = '', device = {}] = devices[0] ?? []
  const res = await app.inject({ method: 'PATCH', url: `${DEVICES}/${id}`, headers: JSON_AUTH, payload: { configurationManagerClientHealthState: {}, hardwareInformation: { serialNumber: 'SN-1' } } })
  assert.equal(res.statusCode, 200, res.body)
  // OData Protocol 11.4.3 patches complex properties recursively: {} changes nothing of a value held, and fills a null.
  const held = device['configurationManagerClientHealthState']
  assert.deepEqual(res.json().configurationManagerClientHealthState, held === null ? {} : held)
  assert.deepEqual(res.json().hardwareInformation, standIns['hardwareInformation'], 'answered as a read without $select shows it')
  assert.deepEqual((await app.inject({ url: `${DEVICES}/${id}?$select=hardwareInformation`, headers: AUTH })).json().hardwareInformation, { ...(device['hardwareInformation'] as object), serialNumber: 'SN-1' })
})

test('/me/managedDevices are the signed-in user\'s devices for a delegated token, and Graph\'s 400 for an app-only one', async (t) => {
  const { app } = await deviceApp(t)
  const [[id, owned] = ['', {}]] = devices.filter(([, device]) => device['userId'] !== '')
  const userId = String(owned['userId'])
  const delegated = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: undefined, scp: 'DeviceManagementManagedDevices.ReadWrite.All', oid: userId }))}` }
  const mine = await app.inject({ url: '/beta/me/managedDevices', headers: delegated })
  assert.equal(mine.statusCode, 200)
  assert.deepEqual(mine.json().value.map((device: { id: string }) => device.id), devices.filter(([, device]) => device['userId'] === userId).map(([deviceId]) => deviceId))
  // Graph names the user `/me` stands for: `/me/contacts` answers `$metadata#users('…')/contacts` (beta/api/user-list-contacts.md).
  assert.equal(mine.json()['@odata.context'], `http://localhost:80/beta/$metadata#users('${userId}')/managedDevices`)
  assert.equal((await app.inject({ url: `/beta/me/managedDevices/${id}`, headers: delegated })).json()['@odata.context'], `http://localhost:80/beta/$metadata#users('${userId}')/managedDevices/$entity`)
  const upperOid = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: undefined, scp: 'DeviceManagementManagedDevices.ReadWrite.All', oid: userId.toUpperCase() }))}` }
  assert.deepEqual((await app.inject({ url: '/beta/me/managedDevices', headers: upperOid })).json().value, mine.json().value, 'an oid in upper case')
  assert.equal((await app.inject({ method: 'POST', url: `/beta/me/managedDevices/${id}/requestRemoteAssistance`, headers: delegated })).statusCode, 204)
  for (const [method, url] of [['GET', '/beta/me/managedDevices'], ['GET', '/beta/me/managedDevices/no-such-device'], ['POST', `/beta/me/managedDevices/${id}/requestRemoteAssistance`]] as const) {
    const appOnly = await app.inject({ method, url, headers: AUTH })
    assert.deepEqual([appOnly.statusCode, appOnly.json().error.message], [400, '/me request is only valid with delegated authentication flow.'], url)
  }
  // A device is created in deviceManagement: a parent holding only some devices could not hold a new one.
  assert.equal((await app.inject({ method: 'POST', url: '/beta/me/managedDevices', headers: { ...delegated, 'content-type': 'application/json' }, payload: {} })).statusCode, 405)
})

test('with AUTH_MODE=off nothing is checked, but /me still reads its user from the token', async (t) => {
  const { app } = buildTestApp(t, { ...stateOf(seed), authMode: 'off' })
  const [[, owned] = ['', {}]] = devices.filter(([, device]) => device['userId'] !== '')
  const userId = String(owned['userId'])
  const delegated = { authorization: `Bearer ${unsignedJwt(appClaims({ roles: undefined, scp: 'User.Read', oid: userId, exp: 1 }))}` }
  const mine = await app.inject({ url: '/beta/me/managedDevices', headers: delegated })
  assert.equal(mine.statusCode, 200)
  assert.deepEqual(mine.json().value.map((device: { userId: string }) => device.userId), devices.filter(([, device]) => device['userId'] === userId).map(() => userId))
  assert.equal((await app.inject({ url: '/beta/me/managedDevices' })).statusCode, 400)
})

test('an Int64 property takes Int64\'s range as a double reads it, and refuses beyond it as an Int32 property does, changing nothing', async (t) => {
  const { app, store } = await deviceApp(t)
  const [id = ''] = devices[0] ?? []
  const patch = (payload: string) => app.inject({ method: 'PATCH', url: `${DEVICES}/${id}`, headers: JSON_AUTH, payload })
  const int32 = await patch('{"skuNumber":2147483648}')
  assert.deepEqual([int32.statusCode, int32.json().error.code, int32.json().error.message], [400, 'ModelValidationFailure', "Cannot convert the value of property 'skuNumber' to the expected type 'Edm.Int32'."])
  // 9223372036854777856 is the first double above 2^63; 9223372036854776833 the first text JSON.parse reads as it.
  for (const value of ['-1e300', '1e20', '9223372036854777856', '9223372036854776833', '-9223372036854777856', '1.5']) {
    const before = JSON.stringify(store.entitySet(SET).get(id))
    const res = await patch(`{"totalStorageSpaceInBytes":${value}}`)
    const message = "Cannot convert the value of property 'totalStorageSpaceInBytes' to the expected type 'Edm.Int64'."
    assert.deepEqual([res.statusCode, res.json().error.code, res.json().error.message, res.json().error.innerError.message], [400, 'ModelValidationFailure', message, message], value)
    assert.equal(JSON.stringify(store.entitySet(SET).get(id)), before, value)
  }
  // Int64's maximum and 2^63 read as the same double, 2^63, which is taken: a double cannot tell them apart.
  for (const [value, stored] of [['9223372036854775807', 2 ** 63], ['9223372036854775808', 2 ** 63], ['-9223372036854775808', -(2 ** 63)], ['0', 0]] as const) {
    assert.equal((await patch(`{"totalStorageSpaceInBytes":${value}}`)).statusCode, 200, value)
    assert.equal(store.entitySet(SET).get(id)?.['totalStorageSpaceInBytes'], stored, value)
  }
  const nested = await patch('{"hardwareInformation":{"totalStorageSpace":1e20}}')
  assert.deepEqual([nested.statusCode, nested.json().error.message], [400, "Cannot convert the value of property 'hardwareInformation' to the expected type 'microsoft.graph.hardwareInformation'."])
})

test('requestRemoteAssistance takes no parameters: a body naming one, or one that is no object, is refused and changes nothing', async (t) => {
  const { app, store } = await deviceApp(t)
  const [id = ''] = devices[0] ?? []
  const refusals = [
    { payload: '{"x":1}', message: "The parameter 'x' in the request payload is not a valid parameter for the operation 'requestRemoteAssistance'." },
    { payload: '[1]', message: "An unexpected 'StartArray' node was found when reading from the JSON reader. A 'StartObject' node was expected." },
    { payload: '1', message: "An unexpected 'PrimitiveValue' node was found when reading from the JSON reader. A 'StartObject' node was expected." },
    { payload: 'null', message: "An unexpected 'PrimitiveValue' node was found when reading from the JSON reader. A 'StartObject' node was expected." }
  ]
  for (const url of [`${DEVICES}/${id}/requestRemoteAssistance`, `${DEVICES}/${id}/microsoft.graph.requestRemoteAssistance`]) {
    for (const { payload, message } of refusals) {
      const res = await app.inject({ method: 'POST', url, headers: JSON_AUTH, payload })
      assert.deepEqual([res.statusCode, res.json().error.code, res.json().error.message], [400, 'BadRequest', message], `${url} ${payload}`)
      assert.equal(store.entitySet(SET).get(id)?.['remoteAssistanceSessionUrl'], '', payload)
    }
  }
  // Before the device is looked for, as a declared body is checked.
  const missing = await app.inject({ method: 'POST', url: `${DEVICES}/missing/requestRemoteAssistance`, headers: JSON_AUTH, payload: '{"x":1}' })
  assert.deepEqual([missing.statusCode, missing.json().error.code], [400, 'BadRequest'])
  const empty = await app.inject({ method: 'POST', url: `${DEVICES}/${id}/requestRemoteAssistance`, headers: JSON_AUTH, payload: '{}' })
  assert.deepEqual([empty.statusCode, empty.body], [204, ''])
  assert.match(String(store.entitySet(SET).get(id)?.['remoteAssistanceSessionUrl']), /^https:\/\/remote-assistance\.example\/sessions\//)
})

test('/users/{id | userPrincipalName}/managedDevices: a user is named, in any case, by object id or by user principal name', async (t) => {
  const { app } = await deviceApp(t)
  const [[id, owned] = ['', {}]] = devices.filter(([, device]) => device['userId'] !== '' && device['userPrincipalName'] !== '')
  const principal = String(owned['userPrincipalName'])
  const expected = devices.filter(([, device]) => String(device['userPrincipalName']).toLowerCase() === principal.toLowerCase()).map(([deviceId]) => deviceId)
  assert.ok(expected.includes(id))
  // An object id is a GUID, which Graph matches in any case.
  for (const user of [principal, principal.toUpperCase(), String(owned['userId']), String(owned['userId']).toUpperCase()]) {
    const listed = await app.inject({ url: `/beta/users/${encodeURIComponent(user)}/managedDevices`, headers: AUTH })
    assert.deepEqual([listed.statusCode, listed.json().value.map((device: { id: string }) => device.id)], [200, expected], user)
    assert.equal((await app.inject({ url: `/beta/users/${encodeURIComponent(user)}/managedDevices/${id}`, headers: AUTH })).statusCode, 200, user)
    assert.equal((await app.inject({ method: 'POST', url: `/beta/users/${encodeURIComponent(user)}/managedDevices/${id}/requestRemoteAssistance`, headers: AUTH })).statusCode, 204, user)
  }
  // No user directory: a user no device names has no devices, rather than being Graph's 404.
  const unknown = await app.inject({ url: '/beta/users/nobody@contoso.com/managedDevices', headers: AUTH })
  assert.deepEqual([unknown.statusCode, unknown.json().value], [200, []])
  assert.equal((await app.inject({ url: `/beta/users/nobody@contoso.com/managedDevices/${id}`, headers: AUTH })).statusCode, 404)
})

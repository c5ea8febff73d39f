/** The managedDevice schema against Graph's metadata, and the bundled managed-device fixtures against the schema. */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'
import { KindGuard } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import '../../../src/state/formats.js'
import { MANAGED_DEVICE_EMPTY, ManagedDeviceRecordSchema, ManagedDeviceSchema } from '../../../src/resources/managed-devices/schemas.js'

const check = TypeCompiler.Compile(ManagedDeviceSchema)
const fixtureFile = new URL('../../../fixtures/deviceManagement.managedDevices.json', import.meta.url)
const fixtures = JSON.parse(await readFile(fixtureFile, 'utf8')) as Record<string, Record<string, unknown>>
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const NAVIGATION_PROPERTIES = [
  'assignmentFilterEvaluationStatusDetails', 'detectedApps', 'deviceCategory', 'deviceCompliancePolicyStates',
  'deviceConfigurationStates', 'deviceHealthScriptStates', 'logCollectionRequests',
  'managedDeviceMobileAppConfigurationStates', 'securityBaselineStates', 'users', 'windowsProtectionState'
]
const propertyNames = Object.keys(ManagedDeviceSchema.properties)
const [firstId, firstDevice] = Object.entries(fixtures)[0]!
const valid: Record<string, unknown> = { id: firstId, ...firstDevice }

/** The first error TypeCompiler reports, as the fixture loader words it: where, and what the schema allows. */
function firstError (value: unknown) {
  const error = check.Errors(value).First()
  return error === undefined ? undefined : { path: error.path, description: error.schema.description as unknown }
}

test('the schema has the properties of Graph beta managedDevice and no navigation property', () => {
  assert.ok(propertyNames.length >= 80, `only ${propertyNames.length} properties`)
  assert.equal(propertyNames.length, 84, 'id and the 83 properties of the beta metadata')
  for (const name of ['id', 'deviceName', 'userPrincipalName', 'azureADDeviceId', 'usersLoggedOn', 'hardwareInformation', 'remoteAssistanceSessionUrl']) {
    assert.ok(propertyNames.includes(name), name)
  }
  for (const name of NAVIGATION_PROPERTIES) assert.ok(!propertyNames.includes(name), name)
  assert.deepEqual(Object.keys(ManagedDeviceRecordSchema.properties), propertyNames.filter((name) => name !== 'id'))
})

test('every property but id is nullable, and a collection is an array instead', () => {
  for (const [name, schema] of Object.entries(ManagedDeviceSchema.properties)) {
    if (name === 'id') continue
    if (KindGuard.IsArray(schema)) {
      assert.ok(check.Check({ ...valid, [name]: [] }), `${name} = []`)
      assert.ok(!check.Check({ ...valid, [name]: null }), `${name} = null`)
    } else {
      assert.ok(check.Check({ ...valid, [name]: null }), `${name} = null`)
    }
  }
})

test('an enum property says which members it allows', () => {
  assert.equal(ManagedDeviceSchema.properties.complianceState.description,
    'Compliance state. One of: unknown, compliant, noncompliant, conflict, error, inGracePeriod, configManager.')
  assert.deepEqual(firstError({ ...valid, managedDeviceOwnerType: 'corporate' }), {
    path: '/managedDeviceOwnerType',
    description: 'Owner type of the device. One of: unknown, company, personal, unknownFutureValue.'
  })
})

test('MANAGED_DEVICE_EMPTY has every property but id, each null or []', () => {
  assert.deepEqual(Object.keys(MANAGED_DEVICE_EMPTY), propertyNames.filter((name) => name !== 'id'))
  for (const [name, value] of Object.entries(MANAGED_DEVICE_EMPTY)) {
    const schema = ManagedDeviceSchema.properties[name as keyof typeof ManagedDeviceSchema.properties]
    assert.deepEqual(value, KindGuard.IsArray(schema) ? [] : null, name)
  }
  assert.ok(check.Check({ id: 'empty', ...MANAGED_DEVICE_EMPTY }))
  assert.ok(Object.isFrozen(MANAGED_DEVICE_EMPTY) && Object.isFrozen(MANAGED_DEVICE_EMPTY.usersLoggedOn))
})

test('every fixture device, with its key as id, is a valid managedDevice with every property', () => {
  for (const [id, device] of Object.entries(fixtures)) {
    assert.match(id, GUID)
    assert.ok(!('id' in device), `${id} repeats its id`)
    assert.deepEqual(Object.keys(device).sort(), Object.keys(MANAGED_DEVICE_EMPTY).sort(), id)
    assert.equal(firstError({ id, ...device }), undefined, id)
    assert.equal(check.Check({ id, ...device }), true, id)
  }
})

test('the fixtures are varied: 25 devices or more, four operating systems, several compliance states, both owner types', () => {
  const devices = Object.values(fixtures)
  const distinct = (name: string) => new Set(devices.map((device) => device[name]))
  assert.ok(devices.length >= 25, `${devices.length} devices`)
  assert.ok(distinct('operatingSystem').size >= 4, [...distinct('operatingSystem')].join())
  assert.ok(distinct('complianceState').size >= 2, [...distinct('complianceState')].join())
  for (const owner of ['company', 'personal']) assert.ok(distinct('managedDeviceOwnerType').has(owner), owner)
  assert.ok(devices.every((device) => typeof device['remoteAssistanceSessionUrl'] === 'string'))
  assert.ok(distinct('userPrincipalName').size >= 5)
})

test('a record with an unknown property, a bad enum value or a wrong type is refused', () => {
  const refused = [
    [{ ...valid, colour: 'blue' }, '/colour'],
    [{ ...valid, deviceCategory: { displayName: 'Sales' } }, '/deviceCategory'],
    [{ ...valid, complianceState: 'compliantish' }, '/complianceState'],
    [{ ...valid, deviceName: 42 }, '/deviceName'],
    [{ ...valid, freeStorageSpaceInBytes: 1.5 }, '/freeStorageSpaceInBytes'],
    [{ ...valid, lastSyncDateTime: '2026-02-30T10:00:00Z' }, '/lastSyncDateTime'],
    [{ ...valid, enrolledDateTime: '2026-11-30' }, '/enrolledDateTime'],
    [{ ...valid, usersLoggedOn: [{ userId: 'u', lastLogOnDateTime: null, extra: 1 }] }, '/usersLoggedOn/0/extra'],
    [{ ...valid, id: null }, '/id']
  ] as const
  for (const [record, path] of refused) {
    assert.equal(check.Check(record), false, JSON.stringify(record).slice(0, 80))
    assert.equal(firstError(record)?.path, path, path)
  }
  // A complex value may leave properties out, as the SDK's `{}` for a complex it read as null does.
  assert.ok(check.Check({ ...valid, hardwareInformation: { serialNumber: 'only this' }, configurationManagerClientHealthState: {} }))
  const { deviceName, ...withoutName } = valid
  assert.equal(typeof deviceName, 'string')
  assert.equal(check.Check(withoutName), false, 'a missing property')
})

test('dates are RFC 3339 date-times with a time zone, as Graph writes them', () => {
  for (const date of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2016-12-31T23:58:46.7156189-08:00', '2028-02-29T12:00:00+05:30']) {
    assert.ok(check.Check({ ...valid, lastSyncDateTime: date }), date)
  }
  for (const date of ['2026-11-30T10:00:00', '2027-02-29T12:00:00Z', '2026-11-30T24:00:00Z', 'yesterday']) {
    assert.ok(!check.Check({ ...valid, lastSyncDateTime: date }), date)
  }
})

test('a complex type may carry its own @odata.type, as the docs examples do, and no other', () => {
  const user = { userId: 'u', lastLogOnDateTime: '2026-11-30T10:00:00Z' }
  assert.ok(check.Check({ ...valid, usersLoggedOn: [{ '@odata.type': '#microsoft.graph.loggedOnUser', ...user }] }))
  assert.ok(check.Check({ ...valid, usersLoggedOn: [{ '@odata.type': 'microsoft.graph.loggedOnUser', ...user }] }))
  assert.ok(!check.Check({ ...valid, usersLoggedOn: [{ '@odata.type': '#microsoft.graph.user', ...user }] }))
})

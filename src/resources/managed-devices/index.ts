/**
 * managedDevices, contained in the deviceManagement singleton and in each user
 * (intune-devices-manageddevice-{list,get,create,update,delete}.md), with the bound action
 * requestRemoteAssistance (intune-devices-manageddevice-requestremoteassistance.md). The SDK's
 * request builders use the same URL templates.
 */
import { randomUUID } from 'node:crypto'
import type { EntitySetResource, StoredRecord } from '../../graph/resource.js'
import { MANAGED_DEVICES } from '../../graph/permissions.js'
import { INTUNE_DEVICES } from '../../graph/throttling-limits.js'
import { emptyValues } from '../../state/record-check.js'
import { REMOTE_HELP_SESSIONS, RemoteHelpSessionRecordSchema } from './remote-help-session-schema.js'
import { REMOTE_HELP_SESSION_OPERATIONS } from './remote-help-sessions.js'
import { ENTITY_SET, HardwareInformationSchema, ManagedDeviceRecordSchema, QUALIFIED_NAME, standInOf } from './schemas.js'

/** The entries of `values` that `names` name. */
const pickedFrom = (values: Readonly<Record<string, unknown>>, names: ReadonlyArray<keyof typeof ManagedDeviceRecordSchema.properties>) =>
  Object.fromEntries(names.map((name) => [name, values[name]]))

/** A user principal name, like an email address, matches in any case. */
function principalIs (device: StoredRecord, name: string): boolean {
  const principal = device['userPrincipalName']
  return name !== '' && typeof principal === 'string' && principal.toLowerCase() === name.toLowerCase()
}

/** A user's object id, a GUID, matches in any case, as Graph reads keys that are GUIDs. */
function userIdIs (device: StoredRecord, id: string): boolean {
  const userId = device['userId']
  return id !== '' && typeof userId === 'string' && userId.toLowerCase() === id.toLowerCase()
}

/** `/users/{id | userPrincipalName}` names a user by either (https://learn.microsoft.com/graph/api/user-get?view=graph-rest-beta). */
const enrolledBy = (device: StoredRecord, { userId = '' }: Readonly<Record<string, string>>) => userIdIs(device, userId) || principalIs(device, userId)

/**
 * `/me`: the token's user, by object id, or by the principal name its token carries: graph-mock
 * has no directory to find the object id of a device's user, and the issuer's users sign in by name.
 */
const ownedBy = (device: StoredRecord, { userId, userPrincipalName }: Readonly<Record<string, string>>) =>
  userIdIs(device, userId ?? '') || (userPrincipalName !== undefined && principalIs(device, userPrincipalName))

export const managedDevices = {
  kind: 'entitySet',
  entitySet: ENTITY_SET,
  versions: ['beta'],
  qualifiedName: QUALIFIED_NAME,
  recordSchema: ManagedDeviceRecordSchema,
  withId: true,
  // A device's sessions go with it when it is deleted through Graph.
  besides: { [REMOTE_HELP_SESSIONS]: { schema: RemoteHelpSessionRecordSchema, ownedThrough: 'deviceId' } },
  // "There's a default limit of 1000 items in the response" (a Graph maintainer, microsoftgraph/powershell-intune-samples#2).
  pageSize: 1000,
  throttling: INTUNE_DEVICES,
  // "To retrieve actual values GET call needs to be made, with device id and included in select
  // parameter", each with the default a list shows instead (the beta SDK's managedDevice model,
  // models/index.d.ts, and intune-devices-manageddevice.md): its empty value, the default the
  // schema gives from those docs ('' for udid, 0 for physicalMemoryInBytes), and for
  // hardwareInformation "By default most property of this type are set to null/0/false and enum defaults".
  selectedOnly: {
    ...pickedFrom(emptyValues(ManagedDeviceRecordSchema), [
      'activationLockBypassCode', 'chromeOSDeviceInfo', 'ethernetMacAddress', 'iccid', 'notes', 'physicalMemoryInBytes',
      'remoteAssistanceSessionUrl', 'udid', 'windowsActiveMalwareCount', 'windowsRemediatedMalwareCount'
    ]),
    hardwareInformation: standInOf(HardwareInformationSchema)
  },
  paths: [
    { path: '/deviceManagement/managedDevices' },
    // A user's devices are the ones enrolled by that user.
    // graph-mock has no user directory: a user no device names answers an empty list, not Graph's 404.
    { path: '/users/:userId/managedDevices', holds: enrolledBy },
    { path: '/me/managedDevices', me: true, holds: ownedBy },
    // Devices Intune manages together with Configuration Manager, whose agent says so.
    { path: '/deviceManagement/comanagedDevices', holds: (device) => String(device['managementAgent']).startsWith('configurationManagerClient') }
  ],
  operations: {
    list: MANAGED_DEVICES.read,
    get: MANAGED_DEVICES.read,
    create: MANAGED_DEVICES.write,
    update: MANAGED_DEVICES.write,
    delete: MANAGED_DEVICES.write
  },
  actions: [{
    kind: 'action',
    name: 'requestRemoteAssistance',
    permissions: MANAGED_DEVICES.write,
    // The device then carries the URL that opens the session, which the docs say
    // remoteAssistanceSessionUrl holds; a test can also set it through /_mock/store.
    run: () => ({ changes: { remoteAssistanceSessionUrl: `https://remote-assistance.example/sessions/${randomUUID()}` } })
  }, ...REMOTE_HELP_SESSION_OPERATIONS]
} as const satisfies EntitySetResource

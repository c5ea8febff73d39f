/**
 * The documented pseudo entity set requestRemoteHelpSessionAccessResponse: the five methods of
 * https://learn.microsoft.com/graph/api/intune-remoteassistance-requestremotehelpsessionaccessresponse-update?view=graph-rest-beta
 * and its sibling pages for get, list, create and delete. It exists only in those pages: no SDK
 * has a request builder for it, and its entities carry no id.
 */
import type { EntitySetResource } from '../../graph/resource.js'
import { ENTITY_SET, QUALIFIED_NAME, RequestRemoteHelpSessionAccessResponseRecordSchema } from './schemas.js'

/** From the docs' permission tables: writes need ReadWrite; reads take either. */
const WRITE_PERMISSIONS = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All']
const READ_PERMISSIONS = [...WRITE_PERMISSIONS, 'DeviceManagementServiceConfig.Read.All', 'DeviceManagementConfiguration.Read.All']

export const requestRemoteHelpSessionAccessResponse = {
  kind: 'entitySet',
  entitySet: ENTITY_SET,
  versions: ['beta'],
  qualifiedName: QUALIFIED_NAME,
  recordSchema: RequestRemoteHelpSessionAccessResponseRecordSchema,
  withId: false,
  secretProperties: ['pubSubEncryptionKey'],
  paths: [{ path: `/${ENTITY_SET}` }],
  operations: { list: READ_PERMISSIONS, get: READ_PERMISSIONS, create: WRITE_PERMISSIONS, update: WRITE_PERMISSIONS, delete: WRITE_PERMISSIONS }
} as const satisfies EntitySetResource

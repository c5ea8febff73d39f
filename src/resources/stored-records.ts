/**
 * The record type of each set the store holds, by the name fixtures and the control API give it,
 * for the typed control client. Made from the schema files alone, whose declarations name nothing
 * of Fastify: the client's types reach no module outside graph-mock's dependencies. index.ts
 * checks it against the resources as they are served.
 */
import type { Static } from '@sinclair/typebox'
import type { ENTITY_SET as DEVICES, ManagedDeviceRecordSchema } from './managed-devices/schemas.js'
import type { REMOTE_HELP_SESSIONS, RemoteHelpSessionRecordSchema } from './managed-devices/remote-help-session-schema.js'
import type { ENTITY_SET as PARTNERS, RemoteAssistancePartnerRecordSchema } from './remote-assistance-partners/schemas.js'
import type { ENTITY_SET as SETTINGS, RemoteAssistanceSettingsRecordSchema } from './remote-assistance-settings/schemas.js'
import type { ENTITY_SET as SESSION_ACCESS, RequestRemoteHelpSessionAccessResponseRecordSchema } from './request-remote-help-session-access-response/schemas.js'

export type StoredRecords = {
  [S in typeof SESSION_ACCESS]: Static<typeof RequestRemoteHelpSessionAccessResponseRecordSchema>
} & {
  [S in typeof DEVICES]: Static<typeof ManagedDeviceRecordSchema>
} & {
  [S in `${typeof DEVICES}.${typeof REMOTE_HELP_SESSIONS}`]: Static<typeof RemoteHelpSessionRecordSchema>
} & {
  [S in typeof PARTNERS]: Static<typeof RemoteAssistancePartnerRecordSchema>
} & {
  [S in typeof SETTINGS]: Static<typeof RemoteAssistanceSettingsRecordSchema>
}

/** TypeBox schema of the stored remoteAssistanceSettings singleton. */
import { Type } from '@sinclair/typebox'
import { odataBoolean, odataEnum } from '../../graph/odata-types.js'

export const ENTITY_SET = 'deviceManagement.remoteAssistanceSettings'

/** remoteAssistanceState, in the order of Graph's metadata (disabled = 1, enabled = 2). */
export const REMOTE_ASSISTANCE_STATES = ['disabled', 'enabled'] as const

export const RemoteAssistanceSettingsRecordSchema = Type.Object({
  remoteAssistanceState: odataEnum('microsoft.graph.remoteAssistanceState', REMOTE_ASSISTANCE_STATES, 'The current state of remote assistance for the account.'),
  allowSessionsToUnenrolledDevices: odataBoolean('Whether sessions to unenrolled devices are allowed for the account.'),
  blockChat: odataBoolean('Whether chat in a session is blocked for the account.')
}, { additionalProperties: false, description: 'Remote assistance settings for the account.' })

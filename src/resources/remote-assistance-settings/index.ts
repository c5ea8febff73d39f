/**
 * The remoteAssistanceSettings singleton under deviceManagement, with get and update
 * (intune-remoteassistance-remoteassistancesettings-{get,update}.md). The docs' GET example wraps
 * the entity in {"value": …}; the SDK reads the entity itself, as served here.
 */
import { Type } from '@sinclair/typebox'
import { odataBoolean, odataEnum } from '../../graph/odata-types.js'
import type { SingletonResource } from '../../graph/resource.js'
import { CONFIGURATION, SERVICE_CONFIG } from '../../graph/permissions.js'
import { INTUNE_REMOTE_ASSISTANCE } from '../../graph/throttling-limits.js'

/** remoteAssistanceState, in the order of Graph's metadata (disabled = 1, enabled = 2). */
export const REMOTE_ASSISTANCE_STATES = ['disabled', 'enabled'] as const

export const remoteAssistanceSettings: SingletonResource = {
  kind: 'singleton',
  entitySet: 'deviceManagement.remoteAssistanceSettings',
  versions: ['beta'],
  qualifiedName: 'microsoft.graph.remoteAssistanceSettings',
  recordSchema: Type.Object({
    remoteAssistanceState: odataEnum('microsoft.graph.remoteAssistanceState', REMOTE_ASSISTANCE_STATES, 'The current state of remote assistance for the account.'),
    allowSessionsToUnenrolledDevices: odataBoolean('Whether sessions to unenrolled devices are allowed for the account.'),
    blockChat: odataBoolean('Whether chat in a session is blocked for the account.')
  }, { additionalProperties: false, description: 'Remote assistance settings for the account.' }),
  withId: true,
  throttling: INTUNE_REMOTE_ASSISTANCE,
  path: '/deviceManagement/remoteAssistanceSettings',
  operations: {
    get: [...SERVICE_CONFIG.read, ...CONFIGURATION.read],
    update: [...SERVICE_CONFIG.write, ...CONFIGURATION.write]
  }
}

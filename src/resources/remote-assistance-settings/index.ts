/**
 * The remoteAssistanceSettings singleton under deviceManagement, with get and update
 * (intune-remoteassistance-remoteassistancesettings-{get,update}.md). The docs' GET example wraps
 * the entity in {"value": …}; the SDK reads the entity itself, as served here.
 */
import type { SingletonResource } from '../../graph/resource.js'
import { CONFIGURATION, SERVICE_CONFIG } from '../../graph/permissions.js'
import { INTUNE_REMOTE_ASSISTANCE } from '../../graph/throttling-limits.js'
import { ENTITY_SET, RemoteAssistanceSettingsRecordSchema } from './schemas.js'

export const remoteAssistanceSettings = {
  kind: 'singleton',
  entitySet: ENTITY_SET,
  versions: ['beta'],
  qualifiedName: 'microsoft.graph.remoteAssistanceSettings',
  recordSchema: RemoteAssistanceSettingsRecordSchema,
  withId: true,
  throttling: INTUNE_REMOTE_ASSISTANCE,
  path: '/deviceManagement/remoteAssistanceSettings',
  operations: {
    get: [...SERVICE_CONFIG.read, ...CONFIGURATION.read],
    update: [...SERVICE_CONFIG.write, ...CONFIGURATION.write]
  }
} as const satisfies SingletonResource

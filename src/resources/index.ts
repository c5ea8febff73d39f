/** Every Graph resource graph-mock serves; adding one is a folder beside this file and a line here. */
import type { Static, TObject, TSchema } from '@sinclair/typebox'
import type { GraphResource } from '../graph/resource.js'
import type { StoredRecords } from './stored-records.js'
import type { FixtureRules } from '../state/fixtures.js'
import { managedDevices } from './managed-devices/index.js'
import { remoteAssistancePartners } from './remote-assistance-partners/index.js'
import { remoteAssistanceSettings } from './remote-assistance-settings/index.js'
import { requestRemoteHelpSessionAccessResponse } from './request-remote-help-session-access-response/index.js'

const SERVED = [requestRemoteHelpSessionAccessResponse, managedDevices, remoteAssistancePartners, remoteAssistanceSettings] as const
export const RESOURCES: readonly GraphResource[] = SERVED

/** Each set a resource stores, as `{ name, record }`: its entity set or singleton, and what it keeps beside (recordSchemas' pairs, as types). */
type StoredSetsOf<R> = R extends { entitySet: infer N extends string, recordSchema: infer S extends TSchema }
  ? { name: N, record: Static<S> } | (R extends { besides: infer B } ? { [K in keyof B & string]: { name: `${N}.${K}`, record: B[K] extends { schema: infer T extends TSchema } ? Static<T> : never } }[keyof B & string] : never)
  : never
type ServedRecords = { [E in StoredSetsOf<typeof SERVED[number]> as E['name']]: E['record'] }
type Same<A, B> = [A] extends [B] ? [B] extends [A] ? true : false : false
type Holds<T extends true> = T

/** The typed control client's record types (stored-records.ts) are the served resources': `npm run typecheck` fails when they part. A type, so that nothing of it is left at run time. */
export type StoredRecordsMatchResources = Holds<Same<{ [S in keyof StoredRecords]: StoredRecords[S] }, ServedRecords>>

/** The properties any resource declares secret, for the logger to redact. */
export function secretProperties (resources: readonly GraphResource[] = RESOURCES): string[] {
  return [...new Set(resources.flatMap((resource) => resource.secretProperties ?? []))]
}

/** Every permission an operation of a served resource needs: what issued tokens carry by default, so an app works out of the box. */
export function servedPermissions (resources: readonly GraphResource[] = RESOURCES): string[] {
  const operations = resources.flatMap((resource) => [...Object.values(resource.operations), ...(resource.actions ?? []).map((action) => action.permissions)])
  return [...new Set(operations.flat())].sort()
}

/** The sets that hold a singleton: one entity each, the one its GET answers. */
export function singletonSets (resources: readonly GraphResource[] = RESOURCES): string[] {
  return resources.filter((resource) => resource.kind === 'singleton').map((resource) => resource.entitySet)
}

/** Every set the store holds for the resources: each one's entity set or singleton, and what it keeps beside. */
export function storedSets (resources: readonly GraphResource[] = RESOURCES): string[] {
  return Object.keys(recordSchemas(resources))
}

/** What fixtures of the resources are checked against: each stored set's record schema, and the singletons' sets. */
export function fixtureRules (resources: readonly GraphResource[] = RESOURCES): FixtureRules {
  return { schemas: recordSchemas(resources), singletons: singletonSets(resources) }
}

/** Record schema of each set the store holds, keyed by its name: what the fixture loader and the control API check records against. */
export function recordSchemas (resources: readonly GraphResource[] = RESOURCES): Record<string, TObject> {
  return Object.fromEntries(resources.flatMap((resource) => [
    [resource.entitySet, resource.recordSchema],
    ...Object.entries(resource.besides ?? {}).map(([name, { schema }]) => [`${resource.entitySet}.${name}`, schema])
  ]))
}

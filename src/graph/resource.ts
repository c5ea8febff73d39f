/**
 * A Graph resource as a declaration: what Graph serves for it (kind, paths, versions,
 * permissions per operation, bound actions), from which the resource kit makes its routes, the
 * fixture loader its checks, and the control API its store routes. A resource folder holds
 * its schemas and one of these; nothing outside resources/ names a resource.
 */
import type { TObject, TSchema } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { EntitySet, StoredRecord } from '../state/store.js'
import type { ServiceLimits } from '../state/throttle.js'
import { requestOrigin } from './request-origin.js'
import type { GRAPH_VERSIONS } from './routing.js'

export type GraphVersion = typeof GRAPH_VERSIONS[number]
/** Permissions of which a token must hold one (`scp` for delegated tokens, `roles` for app-only ones). */
export type Permissions = readonly string[]
export type { StoredRecord }

/** One place a set hangs in Graph's paths, such as `/deviceManagement/managedDevices` or `/users/:userId/managedDevices`. */
export interface SetPath {
  path: string
  /** A path under `/me`: its `userId` parameter is the signed-in user of a delegated token. */
  me?: true
  /** Which records this parent holds, when it holds only some (a user's devices); every record when absent. */
  holds?: (record: StoredRecord, params: Readonly<Record<string, string>>) => boolean
}

/** What a bound operation is handed: its entity, what the caller sent, and the resource's own records beside its entities. */
export interface BoundCall {
  id: string
  entity: StoredRecord
  /** An action's body, or a function's parameters. */
  input: Readonly<Record<string, unknown>>
  /** Records the resource keeps beside its entities (Remote Help sessions of a device), in the request's store. */
  records: (name: string) => EntitySet<StoredRecord>
  /** The tenant's time, in milliseconds, which a suite may have moved on. */
  now: number
}

/**
 * An operation bound to one entity, also reachable by its qualified name
 * (`…/{id}/microsoft.graph.{name}`): an action is `POST …/{id}/{name}` with a body, a function
 * `GET …/{id}/{name}(param='value')`.
 */
export interface BoundOperation {
  kind: 'action' | 'function'
  name: string
  permissions: Permissions
  /** An action's body; none when absent. */
  body?: TObject
  /** A function's parameters, each a string. */
  parameters?: readonly string[]
  /** The object it answers with (200); 204 without a body when absent. */
  response?: TSchema
  /** What it does: the changes to the entity, and the answer when `response` is declared; throws a GraphError to refuse. */
  run: (call: BoundCall) => { changes?: Record<string, unknown>, answer?: unknown }
}

/** Records kept beside a resource's entities. */
export interface BesideSet {
  schema: TObject
  /**
   * The property of its records that holds the id of the entity each belongs to (a session's
   * deviceId). A Graph DELETE of an entity deletes the records naming it in the same request;
   * without it the records outlive the entities. The control API's DELETE, a raw store
   * operation, deletes only the entity.
   */
  ownedThrough?: string
}

interface ResourceFacts {
  /** The store's name of its records, which is also the fixture file's name and the control API's: the path's segments joined by dots. */
  entitySet: string
  versions: readonly GraphVersion[]
  /** `microsoft.graph.managedDevice`: the type of its entities, named in @odata.type and in validation messages. */
  qualifiedName: string
  /** A stored record: every property but `id`, which is the store's key. */
  recordSchema: TObject
  /** Whether its entities carry their key as `id`, as Graph's entities do. */
  withId: boolean
  /**
   * Sets of records it keeps beside its entities (a device's Remote Help sessions), stored (and
   * named in fixtures and the control API) as `<entitySet>.<name>`.
   */
  besides?: Readonly<Record<string, BesideSet>>
  /** Properties whose values are secrets, redacted in logs. */
  secretProperties?: readonly string[]
  actions?: readonly BoundOperation[]
  /** The throttling budgets its requests count against (Intune's, in graph/throttling.ts); none when absent. */
  throttling?: ServiceLimits
  /**
   * Properties Graph fills only when an entity is read by id with `$select` naming them, and
   * the value they read as otherwise (managedDevice's remoteAssistanceSessionUrl: '').
   */
  selectedOnly?: Readonly<Record<string, unknown>>
}

export interface EntitySetResource extends ResourceFacts {
  kind: 'entitySet'
  paths: readonly SetPath[]
  /** How many entities a page holds when the client asks for no fewer; the kit's default when the docs give none. */
  pageSize?: number
  operations: Partial<Record<'list' | 'get' | 'create' | 'update' | 'delete', Permissions>>
}

/** A single entity at a path of its own; stored as a set holding that one record, under its id. */
export interface SingletonResource extends ResourceFacts {
  kind: 'singleton'
  path: string
  operations: Partial<Record<'get' | 'update', Permissions>>
}

export type GraphResource = EntitySetResource | SingletonResource

/** `https://host/beta`: the service root of the version the request came in on, for Location and @odata.context. */
export function serviceRoot (request: FastifyRequest): string {
  const version = request.routeOptions.url?.split('/')[1] ?? 'beta'
  return `${requestOrigin(request)}/${version}`
}

/** What a Graph resource hands the app: its entity set, record schema and route plugin. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { Store } from '../state/store.js'
import type { GRAPH_VERSIONS } from './routing.js'

export interface ResourceRouteOptions {
  store: Store
}

export interface GraphResource {
  entitySet: string
  /** The API versions that serve it; in the others its segment is unknown, as in Graph. */
  versions: ReadonlyArray<typeof GRAPH_VERSIONS[number]>
  /** Schema of a stored record, checked against every fixture record at start. */
  recordSchema: TSchema
  routes: FastifyPluginAsyncTypebox<ResourceRouteOptions>
}

/** `https://host/beta`: the service root of the version the request came in on, for Location and @odata.context. */
export function serviceRoot (request: FastifyRequest): string {
  const version = request.routeOptions.url?.split('/')[1] ?? 'beta'
  return `${request.protocol}://${request.host}/${version}`
}

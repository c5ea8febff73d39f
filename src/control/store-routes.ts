/** /_mock/store: read and arrange the records behind every entity set, validated like the fixtures are. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TObject } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { recordIntake } from '../state/record-check.js'
import { shownInput } from '../shown-input.js'
import { emptyRecordId, invalidRecord, recordNotFound, singletonHoldsOne, unknownEntitySet } from './errors.js'
import { sendKeyedPage } from './listing-page.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'
import type { StateOf } from './tenant-scope.js'

/** The body limit of a whole set's replacement: some 11,000 bundled-size managed devices. */
export const SET_BODY_LIMIT_BYTES = 64 * 1024 * 1024

interface StoreRoutesOptions {
  stateOf: StateOf
  /** Every set the store holds, by name, with its record schema. */
  recordSchemas: Readonly<Record<string, TObject>>
  /** The sets among them that hold a singleton. */
  singletons: readonly string[]
}

const storeRoutes: FastifyPluginAsyncTypebox<StoreRoutesOptions> = async (app, { stateOf, recordSchemas, singletons }) => {
  // Entity sets match case-insensitively, like Graph's segments.
  const entitySets = new Map(Object.entries(recordSchemas).map(([name, schema]) => [name.toLowerCase(), { name, take: recordIntake(schema), singleton: singletons.includes(name) }]))

  /** The set `name` names in the store of the tenant the request addresses. */
  function entitySet (request: FastifyRequest, name: string) {
    const found = entitySets.get(name.toLowerCase())
    if (found === undefined) throw unknownEntitySet(name, Object.keys(recordSchemas))
    return { ...found, records: stateOf(request).store.entitySet(found.name) }
  }

  // The router reads `/_mock/store/{set}/` as the set itself, as Graph's paths take a trailing slash;
  // here it is a record id left empty, which a PUT would otherwise take for the whole set's.
  app.addHook('preValidation', (request, _reply, done) => {
    const path = request.originalUrl.split('?', 1)[0] ?? ''
    const { entitySet, id } = request.params as { entitySet?: string, id?: string }
    done(path.endsWith('/') && entitySet !== undefined && id === undefined ? emptyRecordId(entitySet) : undefined)
  })

  /** GET /_mock/store/{entitySet}: every record, keyed by id, a page at a time when they are many. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.listRecords),
    handler: async (request, reply) => sendKeyedPage(request, reply, request.query.skip ?? 0, entitySet(request, request.params.entitySet).records.list())
  })

  /** PUT /_mock/store/{entitySet}: replaces the whole set, what each record leaves out filled in; one bad record and nothing changes. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.replaceRecords),
    // A whole set, as GET answers it, which Graph's 4 MiB would cut at some 700 managed devices.
    bodyLimit: SET_BODY_LIMIT_BYTES,
    handler: async (request) => {
      const { name, records, take, singleton } = entitySet(request, request.params.entitySet)
      const count = Object.keys(request.body).length
      if (singleton && count > 1) throw singletonHoldsOne(name, `the set given holds ${count}.`)
      const filled: Record<string, Record<string, unknown>> = {}
      for (const [id, given] of Object.entries(request.body)) {
        const { record, problem } = take(id, given)
        if (problem !== undefined) throw invalidRecord(name, problem)
        filled[id] = record
      }
      records.replaceAll(filled)
      return Object.fromEntries(records.list())
    }
  })

  /** GET /_mock/store/{entitySet}/{id}: one record. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.readRecord),
    handler: async (request) => {
      const { name, records } = entitySet(request, request.params.entitySet)
      const record = records.get(request.params.id)
      if (record === undefined) throw recordNotFound(name, request.params.id)
      return record
    }
  })

  /** PUT /_mock/store/{entitySet}/{id}: creates (201) or replaces (200) one record, what it leaves out filled in. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.putRecord),
    handler: async (request, reply) => {
      const { name, records, take, singleton } = entitySet(request, request.params.entitySet)
      const { record, problem } = take(request.params.id, request.body)
      if (problem !== undefined) throw invalidRecord(name, problem)
      const held = singleton ? records.list()[0]?.[0] : undefined
      if (held !== undefined && held !== request.params.id) {
        throw singletonHoldsOne(name, `PUT it under its id, '${shownInput(held)}', or PUT the whole set to replace it.`)
      }
      const created = records.put(request.params.id, record)
      return reply.code(created ? 201 : 200).send(record)
    }
  })

  /** DELETE /_mock/store/{entitySet}/{id}: removes one record. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.deleteRecord),
    handler: async (request, reply) => {
      const { name, records } = entitySet(request, request.params.entitySet)
      if (!records.delete(request.params.id)) throw recordNotFound(name, request.params.id)
      return reply.code(204).send()
    }
  })
}

export default storeRoutes

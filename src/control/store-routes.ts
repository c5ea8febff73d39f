/** /_mock/store: read and arrange the records behind every entity set, validated like the fixtures are. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TObject } from '@sinclair/typebox'
import { recordChecker } from '../state/record-check.js'
import type { FastifyRequest } from 'fastify'
import { invalidRecord, recordNotFound, unknownEntitySet } from './errors.js'
import { SkipQuerySchema, keyedPage } from './listing-page.js'
import type { StateOf } from './tenant-scope.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'

type StoredRecord = Record<string, unknown>

const RecordSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A record as its resource\'s schema defines it: the documented properties, without id or @odata.type'
})
const RecordsByIdSchema = Type.Record(Type.String({ minLength: 1 }), RecordSchema, {
  description: 'Records keyed by id, the shape of a fixture file'
})
const EntitySetParamsSchema = Type.Object({ entitySet: Type.String({ description: 'An entity set, such as RequestRemoteHelpSessionAccessResponse' }) })
const RecordParamsSchema = Type.Object({ ...EntitySetParamsSchema.properties, id: Type.String({ minLength: 1 }) })

interface StoreRoutesOptions {
  stateOf: StateOf
  /** Every set the store holds, by name, with its record schema. */
  recordSchemas: Readonly<Record<string, TObject>>
}

const storeRoutes: FastifyPluginAsyncTypebox<StoreRoutesOptions> = async (app, { stateOf, recordSchemas }) => {
  // Entity sets match case-insensitively, like Graph's segments.
  const entitySets = new Map(Object.entries(recordSchemas).map(([name, schema]) => [name.toLowerCase(), { name, check: recordChecker(schema) }]))

  /** The set `name` names in the store of the tenant the request addresses. */
  function entitySet (request: FastifyRequest, name: string) {
    const found = entitySets.get(name.toLowerCase())
    if (found === undefined) throw unknownEntitySet(name, Object.keys(recordSchemas))
    return { ...found, records: stateOf(request).store.entitySet<StoredRecord>(found.name) }
  }

  const tags = ['control']

  /** GET /_mock/store/{entitySet}: every record, keyed by id, a page at a time when they are many. */
  app.get('/store/:entitySet', {
    schema: { tags, summary: 'Every record of an entity set, keyed by id; when a page cannot hold them all, Link names the next', params: EntitySetParamsSchema, querystring: SkipQuerySchema, response: { 200: RecordsByIdSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => keyedPage(request, reply, request.query.skip ?? 0, entitySet(request, request.params.entitySet).records.list()))

  /** PUT /_mock/store/{entitySet}: replaces the whole set; one bad record and nothing changes. */
  app.put('/store/:entitySet', {
    schema: { tags, summary: 'Replace every record of an entity set', params: EntitySetParamsSchema, body: RecordsByIdSchema, response: { 200: RecordsByIdSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => {
    const { name, records, check } = entitySet(request, request.params.entitySet)
    for (const [id, record] of Object.entries(request.body)) {
      const problem = check(id, record)
      if (problem !== undefined) throw invalidRecord(name, problem)
    }
    records.replaceAll(request.body)
    return Object.fromEntries(records.list())
  })

  /** GET /_mock/store/{entitySet}/{id}: one record. */
  app.get('/store/:entitySet/:id', {
    schema: { tags, summary: 'One record', params: RecordParamsSchema, response: { 200: RecordSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request) => {
    const { name, records } = entitySet(request, request.params.entitySet)
    const record = records.get(request.params.id)
    if (record === undefined) throw recordNotFound(name, request.params.id)
    return record
  })

  /** PUT /_mock/store/{entitySet}/{id}: creates (201) or replaces (200) one record. */
  app.put('/store/:entitySet/:id', {
    schema: { tags, summary: 'Create or replace one record', params: RecordParamsSchema, body: RecordSchema, response: { 200: RecordSchema, 201: RecordSchema, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    const { name, records, check } = entitySet(request, request.params.entitySet)
    const problem = check(request.params.id, request.body)
    if (problem !== undefined) throw invalidRecord(name, problem)
    const created = records.put(request.params.id, request.body)
    return reply.code(created ? 201 : 200).send(request.body)
  })

  /** DELETE /_mock/store/{entitySet}/{id}: removes one record. */
  app.delete('/store/:entitySet/:id', {
    schema: { tags, summary: 'Remove one record', params: RecordParamsSchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  }, async (request, reply) => {
    const { name, records } = entitySet(request, request.params.entitySet)
    if (!records.delete(request.params.id)) throw recordNotFound(name, request.params.id)
    return reply.code(204).send()
  })
}

export default storeRoutes

/**
 * The five documented methods of requestRemoteHelpSessionAccessResponse
 * (https://learn.microsoft.com/graph/api/intune-remoteassistance-requestremotehelpsessionaccessresponse-update?view=graph-rest-beta
 * and its sibling pages for get, list, create and delete).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { GRAPH_ERROR_RESPONSES, entityNotFound } from '../../graph/errors.js'
import { serviceRoot, type ResourceRouteOptions } from '../../graph/resource.js'
import {
  CollectionSchema, CreateBodySchema, ENTITY_SET, IdParamsSchema, ODATA_TYPE, QUALIFIED_NAME,
  RemoteHelpSessionAccessResponseSchema, UpdateBodySchema,
  type RemoteHelpSessionAccessResponse, type RemoteHelpSessionAccessResponseRecord, type UpdateBody
} from './schemas.js'

/** From the docs' permission tables: writes need ReadWrite; reads take either. */
const WRITE_PERMISSIONS = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All']
const READ_PERMISSIONS = [...WRITE_PERMISSIONS, 'DeviceManagementServiceConfig.Read.All', 'DeviceManagementConfiguration.Read.All']

const read = { graph: { qualifiedName: QUALIFIED_NAME, permissions: READ_PERMISSIONS } }
const write = { graph: { qualifiedName: QUALIFIED_NAME, permissions: WRITE_PERMISSIONS } }
const tags = [ENTITY_SET]

function toGraph (record: RemoteHelpSessionAccessResponseRecord): RemoteHelpSessionAccessResponse {
  return { '@odata.type': ODATA_TYPE, ...record }
}

/** The properties of a body, without the type annotation that only named the resource. */
function propertiesOf (body: UpdateBody): Partial<RemoteHelpSessionAccessResponseRecord> {
  const { '@odata.type': _annotation, ...properties } = body
  return properties
}

const remoteHelpSessionAccessResponseRoutes: FastifyPluginAsyncTypebox<ResourceRouteOptions> = async (app, { store }) => {
  const records = store.entitySet<RemoteHelpSessionAccessResponseRecord>(ENTITY_SET)
  const collectionUrl = `/${ENTITY_SET}`
  const itemUrl = `/${ENTITY_SET}/:id`

  /** GET /beta/RequestRemoteHelpSessionAccessResponse: every stored object. */
  app.get(collectionUrl, {
    config: read,
    schema: { tags, response: { 200: CollectionSchema, ...GRAPH_ERROR_RESPONSES } }
  }, async (request) => ({
    '@odata.context': `${serviceRoot(request)}/$metadata#${ENTITY_SET}`,
    value: records.list().map(([, record]) => toGraph(record))
  }))

  /** GET /beta/RequestRemoteHelpSessionAccessResponse/{id}: one object. */
  app.get(itemUrl, {
    config: read,
    schema: { tags, params: IdParamsSchema, response: { 200: RemoteHelpSessionAccessResponseSchema, ...GRAPH_ERROR_RESPONSES } }
  }, async (request) => {
    const record = records.get(request.params.id)
    if (record === undefined) throw entityNotFound(request.params.id)
    return toGraph(record)
  })

  /** PATCH /beta/RequestRemoteHelpSessionAccessResponse/{id}: merges the body into the object and returns it whole. */
  app.patch(itemUrl, {
    config: write,
    schema: { tags, params: IdParamsSchema, body: UpdateBodySchema, response: { 200: RemoteHelpSessionAccessResponseSchema, ...GRAPH_ERROR_RESPONSES } }
  }, async (request) => {
    const updated = records.update(request.params.id, propertiesOf(request.body))
    if (updated === undefined) throw entityNotFound(request.params.id)
    return toGraph(updated)
  })

  /** POST /beta/RequestRemoteHelpSessionAccessResponse: stores a new object under a fresh id; 201 with its Location. */
  app.post(collectionUrl, {
    config: write,
    schema: { tags, body: CreateBodySchema, response: { 201: RemoteHelpSessionAccessResponseSchema, ...GRAPH_ERROR_RESPONSES } }
  }, async (request, reply) => {
    const [id, created] = records.create({
      sessionKey: null,
      sessionType: null,
      pubSubEncryptionKey: null,
      pubSubEncryption: null,
      ...propertiesOf(request.body)
    })
    return reply
      .code(201)
      .header('location', `${serviceRoot(request)}/${ENTITY_SET}/${encodeURIComponent(id)}`)
      .send(toGraph(created))
  })

  /** DELETE /beta/RequestRemoteHelpSessionAccessResponse/{id}: removes the object; 204. */
  app.delete(itemUrl, {
    config: write,
    schema: { tags, params: IdParamsSchema, response: { 204: { type: 'null', description: 'Deleted' }, ...GRAPH_ERROR_RESPONSES } }
  }, async (request, reply) => {
    if (!records.delete(request.params.id)) throw entityNotFound(request.params.id)
    return reply.code(204).send()
  })
}

export default remoteHelpSessionAccessResponseRoutes

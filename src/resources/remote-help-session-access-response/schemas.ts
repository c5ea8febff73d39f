/** TypeBox schemas of requestRemoteHelpSessionAccessResponse, its request bodies, and the types derived from them. */
import { Type, type Static } from '@sinclair/typebox'
import { odataFlagsEnum, odataString, odataTypeAnnotation } from '../../graph/odata-types.js'

export const ENTITY_SET = 'RequestRemoteHelpSessionAccessResponse'
export const QUALIFIED_NAME = 'microsoft.graph.requestRemoteHelpSessionAccessResponse'
export const ODATA_TYPE = `#${QUALIFIED_NAME}`

/** allowedRemoteAssistanceActions, in the order of Graph's metadata. */
export const SESSION_TYPES = ['viewScreen', 'takeFullControl', 'elevation', 'unattended', 'unknownFutureValue'] as const

const properties = {
  sessionKey: odataString('Unique identifier for a session.'),
  sessionType: odataFlagsEnum('microsoft.graph.allowedRemoteAssistanceActions', SESSION_TYPES, 'Remote help session type.'),
  pubSubEncryptionKey: odataString('Key used to encrypt messages exchanged over pub/sub.'),
  pubSubEncryption: odataString('Encryption used for pub/sub messages.')
}

/** A stored record: every documented property, no id (the id is the store's key and the URL's). */
export const RemoteHelpSessionAccessResponseRecordSchema = Type.Object(properties, { additionalProperties: false })
export type RemoteHelpSessionAccessResponseRecord = Static<typeof RemoteHelpSessionAccessResponseRecordSchema>

/** The object as Graph returns it. */
export const RemoteHelpSessionAccessResponseSchema = Type.Object({
  '@odata.type': Type.Literal(ODATA_TYPE),
  ...properties
}, { description: 'Remote help - response we provide back to the helper after getting response from pubSub.' })
export type RemoteHelpSessionAccessResponse = Static<typeof RemoteHelpSessionAccessResponseSchema>

/** PATCH body: any subset of the properties; unknown ones are refused, never dropped. */
export const UpdateBodySchema = Type.Object({
  '@odata.type': odataTypeAnnotation(QUALIFIED_NAME),
  ...Type.Partial(RemoteHelpSessionAccessResponseRecordSchema).properties
}, { additionalProperties: false })
export type UpdateBody = Static<typeof UpdateBodySchema>

/** POST body: the docs mark no property as required, so absent ones are stored as null. */
export const CreateBodySchema = UpdateBodySchema

export const CollectionSchema = Type.Object({
  '@odata.context': Type.String(),
  value: Type.Array(RemoteHelpSessionAccessResponseSchema)
})

export const IdParamsSchema = Type.Object({
  id: Type.String({ description: 'Key of the object in the entity set' })
})

/** TypeBox schema of a stored requestRemoteHelpSessionAccessResponse, and its type. */
import { Type, type Static } from '@sinclair/typebox'
import { odataFlagsEnum, odataString } from '../../graph/odata-types.js'

export const ENTITY_SET = 'RequestRemoteHelpSessionAccessResponse'
export const QUALIFIED_NAME = 'microsoft.graph.requestRemoteHelpSessionAccessResponse'

/** allowedRemoteAssistanceActions, in the order of the docs' enum table (it is in no SDK model or metadata). */
export const SESSION_TYPES = ['viewScreen', 'takeFullControl', 'elevation', 'unattended', 'unknownFutureValue'] as const

/** A stored record: every documented property, no id (the id is the store's key and the URL's). */
export const RequestRemoteHelpSessionAccessResponseRecordSchema = Type.Object({
  sessionKey: odataString('Unique identifier for a session.'),
  sessionType: odataFlagsEnum('microsoft.graph.allowedRemoteAssistanceActions', SESSION_TYPES, 'Remote help session type.'),
  pubSubEncryptionKey: odataString('Key used to encrypt messages exchanged over pub/sub.'),
  pubSubEncryption: odataString('Encryption used for pub/sub messages.')
}, { additionalProperties: false, description: 'Remote help - response we provide back to the helper after getting response from pubSub.' })
export type RequestRemoteHelpSessionAccessResponseRecord = Static<typeof RequestRemoteHelpSessionAccessResponseRecordSchema>

/** TypeBox schema of a Remote Help session as the store keeps it, beside the devices (remote-help-sessions.ts serves them). */
import { Type } from '@sinclair/typebox'
import { odataDateTime, odataFlagsEnum, odataString } from '../../graph/odata-types.js'
import { SESSION_TYPES } from '../request-remote-help-session-access-response/schemas.js'

/** Where a device's sessions are kept, beside the devices. */
export const REMOTE_HELP_SESSIONS = 'remoteHelpSessions'

/**
 * The kind of session. The SDKs of the time sent it as a string, but the docs give a session's
 * type as allowedRemoteAssistanceActions ("Remote Help Session Type. Possible values are: viewScreen,
 * takeFullControl, elevation, unattended, unknownFutureValue": microsoft-graph-docs-contrib,
 * api-reference/beta/resources/intune-remoteassistance-createremotehelpsessionresponse.md).
 */
export const sessionType = (description: string) => odataFlagsEnum('microsoft.graph.allowedRemoteAssistanceActions', SESSION_TYPES, description)

/** A session as graph-mock keeps it, under its sessionKey; a test may arrange one through /_mock/store. */
export const RemoteHelpSessionRecordSchema = Type.Object({
  deviceId: Type.String({ minLength: 1, description: 'The device the session belongs to.' }),
  sessionType: sessionType('The kind of session, as createRemoteHelpSession was sent it.'),
  createdDateTime: odataDateTime('When the session was created.'),
  expirationDateTime: odataDateTime('When the session ends by itself.'),
  pubSubEncryptionKey: odataString('The key requestRemoteHelpSessionAccess gave, once it has been asked.')
}, { additionalProperties: false, description: 'A Remote Help session, keyed by its sessionKey.' })

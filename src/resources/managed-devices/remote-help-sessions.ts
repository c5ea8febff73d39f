/**
 * The Remote Help session operations Graph beta had from 2022-08 to 2023-04 and that SDKs of that
 * time still send (the Go beta SDK v0.37.0 to v0.62.0,
 * devicemanagement/managed_devices_item_create_remote_help_session_request_builder.go and its
 * siblings): create a session, request access to it, retrieve it, end it. Retired from live
 * Graph; served for apps built against them. No permissions page was ever published: writes
 * take the managed devices' write permission, the retrieval their read ones.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import { resourceNotFound } from '../../graph/errors.js'
import { shownInput } from '../../shown-input.js'
import { odataString } from '../../graph/odata-types.js'
import { MANAGED_DEVICES } from '../../graph/permissions.js'
import type { BoundCall, BoundOperation, StoredRecord } from '../../graph/resource.js'
import { REMOTE_HELP_SESSIONS, sessionType } from './remote-help-session-schema.js'

const SESSIONS = REMOTE_HELP_SESSIONS
/** How long a session lives; the retired docs gave none, and an hour covers any test. */
const SESSION_LIFETIME_MS = 60 * 60 * 1000

const answerOf = (type: string, properties: Record<string, unknown>) => ({ '@odata.type': `#microsoft.graph.${type}`, ...properties })
const responseSchema = (type: string, properties: Record<string, ReturnType<typeof odataString>>) =>
  Type.Object({ '@odata.type': Type.Literal(`#microsoft.graph.${type}`), ...properties })

const sessionKeyBody = (extra = {}) => Type.Object({ sessionKey: Type.String({ minLength: 1, description: 'The key createRemoteHelpSession answered' }), ...extra }, { additionalProperties: false })

/** When a session expires, in ms; NaN, which no comparison passes, for one without an expiry. */
const expiresAt = (session: StoredRecord) => Date.parse(String(session['expirationDateTime']))

/** The device's open session under `sessionKey`, or Graph's 404 when there is none or it has ended. */
function openSession ({ id, input, records, now }: BoundCall): StoredRecord {
  const sessionKey = String(input['sessionKey'])
  const session = records(SESSIONS).get(sessionKey)
  if (session === undefined || session['deviceId'] !== id || expiresAt(session) <= now) {
    throw resourceNotFound(`No open Remote Help session '${shownInput(sessionKey)}' on device '${shownInput(id)}': it was never created here, it has ended, or it expired.`)
  }
  return session
}

export const REMOTE_HELP_SESSION_OPERATIONS: readonly BoundOperation[] = [
  {
    kind: 'action',
    name: 'createRemoteHelpSession',
    permissions: MANAGED_DEVICES.write,
    body: Type.Object({ sessionType: Type.Optional(sessionType('The kind of session.')) }, { additionalProperties: false }),
    response: responseSchema('createRemoteHelpSessionResponse', { sessionKey: odataString('The new session\'s key.') }),
    run: ({ id, input, records, now }) => {
      const sessionKey = randomUUID()
      // Expired sessions go as new ones come, so the set never fills with them. Each made here
      // lives as long and they are stored as made, so the walk stops at the first still open that
      // expires within a lifetime: a create costs the sessions it removes, not every one open. One
      // open longer (put by a test, or made before the clock was put back) or never expiring (no
      // expirationDateTime, which retrieve takes as open) is passed over and kept.
      const sessions = records(SESSIONS)
      for (const [key, session] of sessions.entries()) {
        const expires = expiresAt(session)
        if (expires <= now) sessions.delete(key)
        else if (expires <= now + SESSION_LIFETIME_MS) break
      }
      sessions.put(sessionKey, {
        deviceId: id,
        sessionType: input['sessionType'] ?? null,
        createdDateTime: new Date(now).toISOString(),
        expirationDateTime: new Date(now + SESSION_LIFETIME_MS).toISOString(),
        pubSubEncryptionKey: null
      })
      return { answer: answerOf('createRemoteHelpSessionResponse', { sessionKey }) }
    }
  },
  {
    kind: 'action',
    name: 'requestRemoteHelpSessionAccess',
    permissions: MANAGED_DEVICES.write,
    body: sessionKeyBody({ pubSubConnectionId: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
    response: responseSchema('requestRemoteHelpSessionAccessResponse', {
      sessionKey: odataString('The session\'s key.'),
      pubSubEncryptionKey: odataString('Key used to encrypt messages exchanged over pub/sub.'),
      pubSubEncryption: odataString('Encryption used for pub/sub messages.')
    }),
    run: (call) => {
      const session = openSession(call)
      const sessionKey = String(call.input['sessionKey'])
      const pubSubEncryptionKey = randomBytes(32).toString('base64')
      call.records(SESSIONS).put(sessionKey, { ...session, pubSubEncryptionKey })
      return { answer: answerOf('requestRemoteHelpSessionAccessResponse', { sessionKey, pubSubEncryptionKey, pubSubEncryption: 'AES256' }) }
    }
  },
  {
    kind: 'function',
    name: 'retrieveRemoteHelpSession',
    permissions: MANAGED_DEVICES.read,
    parameters: ['sessionKey'],
    response: responseSchema('retrieveRemoteHelpSessionResponse', {
      sessionKey: odataString('The session\'s key.'),
      acsGroupId: odataString('The Azure Communication Services group of the session.'),
      acsHelperUserId: odataString('The helper\'s Azure Communication Services user.'),
      acsHelperUserToken: odataString('The helper\'s Azure Communication Services token.'),
      acsSharerUserId: odataString('The sharer\'s Azure Communication Services user.'),
      deviceName: odataString('The device\'s name.'),
      pubSubGroupId: odataString('The pub/sub group of the session.'),
      pubSubHelperAccessUri: odataString('The helper\'s pub/sub access URI.'),
      sessionExpirationDateTime: odataString('When the session expires.')
    }),
    run: (call) => {
      const session = openSession(call)
      const sessionKey = String(call.input['sessionKey'])
      return {
        answer: answerOf('retrieveRemoteHelpSessionResponse', {
          sessionKey,
          acsGroupId: sessionKey,
          acsHelperUserId: `8:acs:${sessionKey}_helper`,
          acsHelperUserToken: randomBytes(24).toString('base64url'),
          acsSharerUserId: `8:acs:${sessionKey}_sharer`,
          deviceName: call.entity['deviceName'] ?? null,
          pubSubGroupId: `remote-help-${sessionKey}`,
          pubSubHelperAccessUri: `wss://remote-help.example/client/hubs/remotehelp?group=${sessionKey}`,
          sessionExpirationDateTime: session['expirationDateTime']
        })
      }
    }
  },
  {
    kind: 'action',
    name: 'endRemoteHelpSession',
    permissions: MANAGED_DEVICES.write,
    body: sessionKeyBody(),
    run: (call) => {
      openSession(call)
      call.records(SESSIONS).delete(String(call.input['sessionKey']))
      return {}
    }
  }
]

/** The signature check of AUTH_MODE=signed: a token graph-mock's own issuer signed, and nothing else. */
import type { JWTPayload } from 'jose'
import type { SigningKey } from '../state/signing-key.js'

/**
 * The payloads of the tokens each key verified last, by token. An app sends one token for its
 * whole hour, and checking its RS256 signature on every request made a PATCH in signed mode
 * cost about four of the same PATCH in claims mode. A token is its signature's bytes, so the
 * same text under the same key always verifies alike; a refusal is not kept. Bounded, so a
 * client sending a new token each time only turns the oldest out.
 */
export const KEPT_VERIFIED = 100
const verified = new WeakMap<SigningKey, Map<string, JWTPayload>>()

/**
 * The payload of a token this mock signed; rejects anything else. Lifetime and audience are left
 * to the claims check that follows, which words each failure as Graph does.
 */
export async function verifiedPayload (key: SigningKey, token: string): Promise<JWTPayload> {
  let ofKey = verified.get(key)
  const kept = ofKey?.get(token)
  if (kept !== undefined) return kept
  const { errors, jwtVerify } = await import('jose')
  // Entra's validators pick the key by the header's kid among the published keys, so a token
  // naming another kid, or none, is refused even when this key's signature would verify.
  const publicKey = ({ kid }: { kid?: string | undefined }) => {
    if (kid !== key.jwk.kid) throw new errors.JWKSNoMatchingKey()
    return key.publicKey
  }
  const { payload } = await jwtVerify(token, publicKey, { algorithms: ['RS256'], clockTolerance: Number.MAX_SAFE_INTEGER })
  if (ofKey === undefined) verified.set(key, ofKey = new Map())
  if (ofKey.size >= KEPT_VERIFIED) ofKey.delete(ofKey.keys().next().value ?? '')
  ofKey.set(token, Object.freeze(payload))
  return payload
}

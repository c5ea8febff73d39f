/** The signature check of AUTH_MODE=signed: a token graph-mock's own issuer signed, and nothing else. */
import type { JWTPayload } from 'jose'
import { RecentTextValues } from '../recent-values.js'
import type { SigningKey } from '../state/signing-key.js'
import { deepFreeze } from '../state/store.js'

/**
 * The payloads of the tokens each key verified last, by token. An app sends one token for its
 * whole hour, and checking its RS256 signature on every request made a PATCH in signed mode
 * cost nearly four times the same PATCH in claims mode. A token is its signature's bytes, so the
 * same text under the same key always verifies alike; a refusal is not kept, so only tokens the
 * key signed take room.
 */
export const KEPT_VERIFIED = 100
const verified = new WeakMap<SigningKey, RecentTextValues<JWTPayload>>()

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
  if (ofKey === undefined) verified.set(key, ofKey = new RecentTextValues(KEPT_VERIFIED))
  return ofKey.keep(token, deepFreeze(payload))
}

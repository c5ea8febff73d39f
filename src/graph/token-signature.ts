/** The signature check of AUTH_MODE=signed: a token graph-mock's own issuer signed, and nothing else. */
import type { JWTPayload } from 'jose'
import type { SigningKey } from '../state/signing-key.js'

/**
 * The payload of a token this mock signed; rejects anything else. Lifetime and audience are left
 * to the claims check that follows, which words each failure as Graph does.
 */
export async function verifiedPayload (key: SigningKey, token: string): Promise<JWTPayload> {
  const { errors, jwtVerify } = await import('jose')
  // Entra's validators pick the key by the header's kid among the published keys, so a token
  // naming another kid, or none, is refused even when this key's signature would verify.
  const publicKey = ({ kid }: { kid?: string | undefined }) => {
    if (kid !== key.jwk.kid) throw new errors.JWKSNoMatchingKey()
    return key.publicKey
  }
  const { payload } = await jwtVerify(token, publicKey, { algorithms: ['RS256'], clockTolerance: Number.MAX_SAFE_INTEGER })
  return payload
}

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SignJWT, decodeProtectedHeader } from 'jose'
import { KEPT_VERIFIED, verifiedPayload } from '../../src/graph/token-signature.js'
import { appToken } from '../../src/issuer/tokens.js'
import { signingKey } from '../../src/state/signing-key.js'
import { SIGNING_KEY, nowSeconds } from '../helper.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const request = () => ({ tenantId: TENANT, clientId: 'app-1', roles: ['DeviceManagementConfiguration.Read.All'], nowSeconds: nowSeconds() })

/** A token signed by the issuer's own private key, under whatever JOSE header the test gives. */
async function signedByIssuerKey (header: { alg: string, kid?: string }): Promise<string> {
  return await new SignJWT({ aud: 'https://graph.microsoft.com', tid: TENANT })
    .setProtectedHeader(header)
    .setExpirationTime(nowSeconds() + 3600)
    .sign(SIGNING_KEY.privateKey)
}

test('a token the issuer signed verifies, and its payload is the one signed', async () => {
  const token = await appToken(SIGNING_KEY, request())
  assert.equal(decodeProtectedHeader(token).kid, SIGNING_KEY.jwk.kid)
  const payload = await verifiedPayload(SIGNING_KEY, token)
  assert.equal(payload['tid'], TENANT)
  assert.equal(payload['appid'], 'app-1')
})

test('a token signed by the issuer\'s key under another kid is refused, as a validator picking keys by kid would', async () => {
  // The private key is the issuer's, so the signature itself verifies: only the kid is wrong.
  const token = await appToken({ ...SIGNING_KEY, jwk: { ...SIGNING_KEY.jwk, kid: 'another-key' } }, request())
  assert.equal(decodeProtectedHeader(token).kid, 'another-key')
  await assert.rejects(verifiedPayload(SIGNING_KEY, token), { code: 'ERR_JWKS_NO_MATCHING_KEY' })
})

test('a token signed by the issuer\'s key with no kid, or an empty one, is refused', async () => {
  await assert.rejects(verifiedPayload(SIGNING_KEY, await signedByIssuerKey({ alg: 'RS256' })), { code: 'ERR_JWKS_NO_MATCHING_KEY' })
  await assert.rejects(verifiedPayload(SIGNING_KEY, await signedByIssuerKey({ alg: 'RS256', kid: '' })), { code: 'ERR_JWKS_NO_MATCHING_KEY' })
  // The same token with the right kid verifies, so the refusals above are the kid's alone.
  assert.equal((await verifiedPayload(SIGNING_KEY, await signedByIssuerKey({ alg: 'RS256', kid: SIGNING_KEY.jwk.kid })))['tid'], TENANT)
})

test('a token verified once is not checked again under that key, and no other token or key shares its verdict', async () => {
  const token = await appToken(SIGNING_KEY, request())
  const payload = await verifiedPayload(SIGNING_KEY, token)
  assert.equal(await verifiedPayload(SIGNING_KEY, token), payload)
  assert.ok(Object.isFrozen(payload))
  // The same header and payload under a changed signature is another token, checked afresh.
  const [header, body, signature = ''] = token.split('.')
  const forged = `${header}.${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
  await assert.rejects(verifiedPayload(SIGNING_KEY, forged), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
  // Another key (its own kid) refuses the token the first one verified.
  const other = await signingKey()
  await assert.rejects(verifiedPayload(other, token), { code: 'ERR_JWKS_NO_MATCHING_KEY' })
})

test(`past ${KEPT_VERIFIED} other tokens, the oldest is verified again, to the same payload`, async () => {
  const first = await appToken(SIGNING_KEY, { ...request(), clientId: 'first' })
  const payload = await verifiedPayload(SIGNING_KEY, first)
  for (let index = 0; index < KEPT_VERIFIED; index++) await verifiedPayload(SIGNING_KEY, await appToken(SIGNING_KEY, { ...request(), clientId: `other-${index}` }))
  const again = await verifiedPayload(SIGNING_KEY, first)
  assert.notEqual(again, payload)
  assert.deepEqual(again, payload)
})

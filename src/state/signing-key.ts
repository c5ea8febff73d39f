/** The RSA key graph-mock signs access tokens with; kept in TLS_DIR when set, so tokens outlive a restart. */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { JWK } from 'jose'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** The public key as a JWKS entry, `kid` included. */
  jwk: JWK & { kid: string }
}

/** The signing key, made or read when first asked for. */
export type SigningKeySource = () => Promise<SigningKey>

const KEY_FILE = 'token-signing-key.pem'

/** Off the event loop: an RSA-2048 key takes 0.1 to 0.4 s to make. */
async function newPrivateKey (): Promise<KeyObject> {
  return (await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })).privateKey
}

async function fromPrivateKey (privateKey: KeyObject): Promise<SigningKey> {
  // jose is loaded with the first key, not at every start: most runs never sign or check a token.
  const { calculateJwkThumbprint, exportJWK } = await import('jose')
  const publicKey = createPublicKey(privateKey)
  const jwk = await exportJWK(publicKey)
  // Entra's kid is the key's thumbprint too; clients look keys up by it.
  const kid = await calculateJwkThumbprint(jwk)
  return { privateKey, publicKey, jwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } }
}

/** A new key, or the one kept in `dir` (made and written there on first use). */
export async function signingKey (dir?: string): Promise<SigningKey> {
  if (dir === undefined) return await fromPrivateKey(await newPrivateKey())
  const file = join(dir, KEY_FILE)
  try {
    return await fromPrivateKey(createPrivateKey(await readFile(file, 'utf8')))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const privateKey = await newPrivateKey()
  await mkdir(dir, { recursive: true })
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  return await fromPrivateKey(privateKey)
}

/**
 * The key of `signingKey(dir)`, made or read on first use and kept: most runs never issue or
 * check a signed token, and start-up should not wait for a key nobody asks for.
 */
export function lazySigningKey (dir?: string): SigningKeySource {
  let key: Promise<SigningKey> | undefined
  return async () => await (key ??= signingKey(dir))
}

/** The RSA key graph-mock signs access tokens with; kept in TLS_DIR when set, so tokens outlive a restart. */
import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** The public key as a JWKS entry, `kid` included. */
  jwk: JWK & { kid: string }
}

const KEY_FILE = 'token-signing-key.pem'

async function fromPrivateKey (privateKey: KeyObject): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey)
  const jwk = await exportJWK(publicKey)
  // Entra's kid is the key's thumbprint too; clients look keys up by it.
  const kid = await calculateJwkThumbprint(jwk)
  return { privateKey, publicKey, jwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } }
}

/** A new key, or the one kept in `dir` (made and written there on first use). */
export async function signingKey (dir?: string): Promise<SigningKey> {
  if (dir === undefined) return await fromPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
  const file = join(dir, KEY_FILE)
  try {
    return await fromPrivateKey(createPrivateKey(await readFile(file, 'utf8')))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await mkdir(dir, { recursive: true })
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  return await fromPrivateKey(privateKey)
}

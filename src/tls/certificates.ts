/**
 * The HTTPS certificate: the user's own files, or one made at start for the configured host
 * names and signed by graph-mock's local CA. With a directory, the CA is made once and kept
 * there, so apps that trust its ca.pem keep trusting it across restarts.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import forge from 'node-forge'
import { TlsError } from './tls-error.js'

export interface TlsMaterial {
  key: string
  cert: string
  /** The CA that signed `cert`, PEM; undefined when the certificate came from the user's files. */
  caPem: string | undefined
}

export interface TlsOptions {
  certFile?: string | undefined
  keyFile?: string | undefined
  hostnames: readonly string[]
  /** Where the CA is kept between starts; a fresh CA each start without it. */
  dir?: string | undefined
}

const CA_FILE = 'ca.pem'
const CA_KEY_FILE = 'ca-key.pem'
const DAY_MS = 86_400_000

function rsaKeyPair () {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
}

/**
 * A serial number of 16 random bytes, positive as RFC 5280 asks, with a first byte of 0x01 to
 * 0x7f: forge writes the bytes as they are, and a DER INTEGER may not begin with a zero byte
 * that the next one does not need. OpenSSL then fails to match a leaf to its CA (a CA serial
 * starting 00 00 made the handshake fail with "unable to verify the first certificate").
 */
export function serialNumber (drawn: Buffer = randomBytes(16)): string {
  const bytes = Buffer.from(drawn)
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) || 0x01
  return bytes.toString('hex')
}

function newCertificate (publicKeyPem: string, commonName: string, validDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem)
  cert.serialNumber = serialNumber()
  // A minute back, so a client whose clock is a little behind still accepts it.
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + validDays * DAY_MS)
  cert.setSubject([{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'graph-mock' }])
  return cert
}

function createCa (): { cert: string, key: string } {
  const { publicKey, privateKey } = rsaKeyPair()
  const cert = newCertificate(publicKey, 'graph-mock local CA', 3650)
  cert.setIssuer(cert.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' }
  ])
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create())
  return { cert: forge.pki.certificateToPem(cert), key: privateKey }
}

function createServerCertificate (ca: { cert: string, key: string }, hostnames: readonly string[]): { cert: string, key: string } {
  const caCert = forge.pki.certificateFromPem(ca.cert)
  const { publicKey, privateKey } = rsaKeyPair()
  const cert = newCertificate(publicKey, hostnames[0] ?? 'localhost', 397)
  cert.setIssuer(caCert.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    // type 2 is a DNS name, type 7 an IP address (RFC 5280 GeneralName).
    { name: 'subjectAltName', altNames: hostnames.map((name) => (isIP(name) === 0 ? { type: 2, value: name } : { type: 7, ip: name })) }
  ])
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create())
  return { cert: forge.pki.certificateToPem(cert), key: privateKey }
}

async function readIfPresent (file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new TlsError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code}). Check TLS_DIR and its permissions.`)
  }
}

/** The CA kept in `dir`, made and written there on the first start. */
async function persistentCa (dir: string): Promise<{ cert: string, key: string }> {
  const [cert, key] = await Promise.all([readIfPresent(join(dir, CA_FILE)), readIfPresent(join(dir, CA_KEY_FILE))])
  if (cert !== undefined && key !== undefined) return { cert, key }
  if (cert !== undefined || key !== undefined) {
    throw new TlsError(`${dir} holds only one of ${CA_FILE} and ${CA_KEY_FILE}. Restore the other, or remove both for a new CA.`)
  }
  const ca = createCa()
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, CA_KEY_FILE), ca.key, { mode: 0o600 })
    await writeFile(join(dir, CA_FILE), ca.cert)
  } catch (error) {
    throw new TlsError(`TLS_DIR ${dir} cannot be written (${(error as NodeJS.ErrnoException).code}). Point it at a writable directory or volume.`)
  }
  return ca
}

async function userFile (file: string, variable: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new TlsError(`${variable}=${file} cannot be read (${(error as NodeJS.ErrnoException).code}).`)
  }
}

export async function tlsMaterial ({ certFile, keyFile, hostnames, dir }: TlsOptions): Promise<TlsMaterial> {
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined || keyFile === undefined) throw new TlsError('Set both TLS_CERT_FILE and TLS_KEY_FILE, or neither for a generated certificate.')
    return { cert: await userFile(certFile, 'TLS_CERT_FILE'), key: await userFile(keyFile, 'TLS_KEY_FILE'), caPem: undefined }
  }
  const ca = dir === undefined ? createCa() : await persistentCa(dir)
  return { ...createServerCertificate(ca, hostnames), caPem: ca.cert }
}

import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { serialNumber, tlsMaterial, type TlsMaterial } from '../../src/tls/certificates.js'
import { TlsError } from '../../src/tls/tls-error.js'

const HOSTNAMES = ['localhost', '127.0.0.1', '::1', 'graph-mock']

async function tempDir (t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'graph-mock-tls-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Connects to a server holding `material` as `servername`, trusting only `ca`; the error message, or 'ok'. */
async function handshake (t: TestContext, material: TlsMaterial, servername: string, ca: string | undefined = material.caPem): Promise<string> {
  const server = createServer({ key: material.key, cert: material.cert }, (_req, res) => res.end('ok')).listen(0, '127.0.0.1')
  t.after(() => server.close())
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return await new Promise((resolve) => {
    request({ host: '127.0.0.1', port, servername, ca, agent: false }, (res) => {
      res.resume()
      resolve('ok')
    }).on('error', (error) => resolve(error.message)).end()
  })
}

test('the generated certificate is trusted through the CA for every configured name, and for no other', async (t) => {
  const material = await tlsMaterial({ hostnames: HOSTNAMES })
  assert.match(material.caPem ?? '', /^-----BEGIN CERTIFICATE-----/)
  for (const name of ['localhost', 'graph-mock']) assert.equal(await handshake(t, material, name), 'ok', name)
  assert.match(await handshake(t, material, 'graph.microsoft.com'), /altnames/)
  const stranger = await tlsMaterial({ hostnames: HOSTNAMES })
  assert.match(await handshake(t, material, 'localhost', stranger.caPem), /self.signed|unable to verify/i)
})

test('serial numbers are positive DER integers with no leading zero byte, whatever bytes are drawn', () => {
  for (const fill of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
    const serial = serialNumber(Buffer.alloc(16, fill))
    assert.equal(serial.length, 32)
    const first = Number.parseInt(serial.slice(0, 2), 16)
    assert.ok(first >= 0x01 && first <= 0x7f, `${serial} from bytes of ${fill}`)
  }
  assert.notEqual(serialNumber(), serialNumber())
})

test('with a directory, the CA is made once, written as ca.pem, and reused on the next start', async (t) => {
  const dir = await tempDir(t)
  const first = await tlsMaterial({ hostnames: HOSTNAMES, dir })
  const second = await tlsMaterial({ hostnames: HOSTNAMES, dir })
  assert.equal(await readFile(join(dir, 'ca.pem'), 'utf8'), first.caPem)
  assert.equal(second.caPem, first.caPem)
  assert.notEqual(second.cert, first.cert)
  assert.equal(await handshake(t, second, 'localhost', first.caPem), 'ok')
})

test('a directory holding only half of the CA stops the start with how to fix it', async (t) => {
  const dir = await tempDir(t)
  await tlsMaterial({ hostnames: HOSTNAMES, dir })
  await rm(join(dir, 'ca-key.pem'))
  await assert.rejects(tlsMaterial({ hostnames: HOSTNAMES, dir }), (error: Error) =>
    error instanceof TlsError && /holds only one of ca\.pem and ca-key\.pem/.test(error.message))
})

test('a directory that cannot be made stops the start with how to fix it', async (t) => {
  const dir = await tempDir(t)
  // Below a regular file: no directory can be made there, even by root.
  await writeFile(join(dir, 'file'), '')
  await assert.rejects(tlsMaterial({ hostnames: HOSTNAMES, dir: join(dir, 'file', 'tls') }), /cannot be (read|written) \(ENOTDIR\)\. (Check|Point) /)
})

test('the user\'s certificate files are used as they are, and there is then no local CA', async (t) => {
  const dir = await tempDir(t)
  const made = await tlsMaterial({ hostnames: ['localhost'] })
  await writeFile(join(dir, 'tls.crt'), made.cert)
  await writeFile(join(dir, 'tls.key'), made.key)
  const material = await tlsMaterial({ hostnames: HOSTNAMES, certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') })
  assert.deepEqual(material, { cert: made.cert, key: made.key, caPem: undefined })
  await assert.rejects(tlsMaterial({ hostnames: HOSTNAMES, certFile: join(dir, 'tls.crt') }), /Set both TLS_CERT_FILE and TLS_KEY_FILE/)
  await assert.rejects(tlsMaterial({ hostnames: HOSTNAMES, certFile: join(dir, 'none.crt'), keyFile: join(dir, 'tls.key') }), /TLS_CERT_FILE=.*none\.crt cannot be read \(ENOENT\)/)
})

import assert from 'node:assert/strict'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { lazySigningKey, signingKey } from '../../src/state/signing-key.js'

test('without a directory every start makes a new key', async () => {
  assert.notEqual((await signingKey()).jwk.kid, (await signingKey()).jwk.kid)
})

test('with a directory the key is made once, kept private, and reused, so tokens outlive a restart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'graph-mock-key-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const first = await signingKey(dir)
  const second = await signingKey(dir)
  assert.equal(second.jwk.kid, first.jwk.kid)
  assert.deepEqual(second.jwk, first.jwk)
  assert.equal((await stat(join(dir, 'token-signing-key.pem'))).mode & 0o777, 0o600)
  assert.equal(first.jwk.kty, 'RSA')
  assert.equal(Object.hasOwn(first.jwk, 'd'), false)
})

test('the lazy key is made on first use only, then the same key is handed out', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'graph-mock-key-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const key = lazySigningKey(dir)
  await assert.rejects(stat(join(dir, 'token-signing-key.pem')), { code: 'ENOENT' })
  const first = await key()
  assert.equal(await key(), first)
  assert.deepEqual((await signingKey(dir)).jwk, first.jwk)
})

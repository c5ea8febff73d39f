/** Starting and stopping the real server process: under load, and with fixtures it cannot use. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { ENTITY_SET, JSON_AUTH } from '../helper.js'
import { BUNDLED_FIXTURE_ID, failedStart, startServer } from '../server-process.js'

test('SIGTERM under load: in-flight requests finish or get Graph\'s 503, later ones are refused, and the exit is 0', async (t) => {
  const server = await startServer(t)
  const url = `${server.baseUrl}/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`
  const statuses: number[] = []
  const refusals: string[] = []
  const run = { stopped: false }
  // 16 clients PATCH in a loop until their requests are refused at the connection.
  const clients = Array.from({ length: 16 }, async (_, client) => {
    for (let i = 0; !run.stopped; i++) {
      try {
        const res = await fetch(url, { method: 'PATCH', headers: JSON_AUTH, body: JSON.stringify({ sessionKey: `c${client}-${i}` }) })
        const body = await res.json() as { error?: { code: string } }
        statuses.push(res.status)
        if (res.status !== 200) assert.equal(body.error?.code, 'serviceNotAvailable')
      } catch (error) {
        refusals.push(String((error as Error & { cause?: { code?: string } }).cause?.code ?? error))
        return
      }
    }
  })
  await new Promise((resolve) => setTimeout(resolve, 500))
  const before = statuses.length
  server.child.kill('SIGTERM')
  const { code } = await server.exit
  run.stopped = true
  await Promise.all(clients)

  assert.equal(code, 0)
  assert.ok(before > 16, `only ${before} requests before the signal`)
  assert.deepEqual([...new Set(statuses)].filter((status) => status !== 200 && status !== 503), [])
  // A request written on a keep-alive connection the server was closing meets a closed socket: no answer was begun.
  assert.deepEqual(refusals.filter((code) => !['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(code)), [])
  assert.match(server.stdout(), /"signal":"SIGTERM".*"msg":"closing"/)
  // After close, a new connection is refused rather than left hanging.
  await assert.rejects(fetch(url, { method: 'PATCH', headers: JSON_AUTH, body: '{}' }), (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED')
  t.diagnostic(`${statuses.length} answers (${statuses.filter((status) => status === 503).length} × 503), ${refusals.length} clients refused at the connection: ${[...new Set(refusals)].join(', ')}`)
})

describe('fixtures it cannot use stop the start with a message naming the file, and exit code 1', () => {
  async function fixturesDir (t: TestContext): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'graph-mock-fixtures-'))
    t.after(() => rm(dir, { recursive: true, force: true }))
    return dir
  }
  const file = (dir: string) => join(dir, `${ENTITY_SET}.json`)
  // Root reads any file whatever its mode, so as root the server runs as nobody (65534 on
  // Debian), when nobody may run this node binary at all.
  const NOBODY = { uid: 65534, gid: 65534 }
  const unprivileged = process.getuid?.() !== 0
    ? {}
    : spawnSync(process.execPath, ['-e', ''], NOBODY).status === 0 ? NOBODY : undefined

  test('a file that is not JSON', async (t) => {
    const dir = await fixturesDir(t)
    await writeFile(file(dir), '{ "a": { "sessionKey": "k", }')
    const { code, stderr } = await failedStart({ FIXTURES_DIR: dir })
    assert.equal(code, 1)
    assert.match(stderr, new RegExp(`^graph-mock could not start: ${file(dir)}: is not valid JSON \\(.+\\)\\.\\n$`))
  })

  test('a file naming one id twice, which JSON would silently collapse', async (t) => {
    const dir = await fixturesDir(t)
    const record = '{ "sessionKey": "k", "sessionType": "viewScreen", "pubSubEncryptionKey": null, "pubSubEncryption": null }'
    await writeFile(file(dir), `{ "same-id": ${record}, "same-id": ${record} }`)
    const { code, stderr } = await failedStart({ FIXTURES_DIR: dir })
    assert.equal(code, 1)
    assert.match(stderr, /: the name 'same-id' appears twice in one object/)
  })

  test('a link to a file that is gone', async (t) => {
    const dir = await fixturesDir(t)
    await symlink(join(dir, 'deleted.json'), file(dir))
    const { code, stderr } = await failedStart({ FIXTURES_DIR: dir })
    assert.equal(code, 1)
    assert.equal(stderr, `graph-mock could not start: ${file(dir)}: cannot be read (ENOENT).\n`)
  })

  test('a file it may not read', { skip: unprivileged === undefined && 'no unprivileged user can run this node binary' }, async (t) => {
    const dir = await fixturesDir(t)
    await chmod(dir, 0o755)
    await writeFile(file(dir), '{}')
    await chmod(file(dir), 0o000)
    const { code, stderr } = await failedStart({ FIXTURES_DIR: dir }, unprivileged)
    assert.equal(code, 1)
    assert.equal(stderr, `graph-mock could not start: ${file(dir)}: cannot be read (EACCES).\n`)
  })

  test('a directory that is a file', async (t) => {
    const dir = await fixturesDir(t)
    await writeFile(join(dir, 'plain'), '')
    const { code, stderr } = await failedStart({ FIXTURES_DIR: join(dir, 'plain') })
    assert.equal(code, 1)
    assert.match(stderr, /Fixtures directory .*plain is not a directory\. Set FIXTURES_DIR/)
  })
})

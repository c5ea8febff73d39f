/** Starting and stopping the real server process: under load, and with fixtures it cannot use. */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, readdirSync } from 'node:fs'
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { ENTITY_SET, JSON_AUTH } from '../helper.js'
import { BUNDLED_FIXTURE_ID, failedStart, startServer } from '../server-process.js'
import { openRaw } from '../raw-socket.js'

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

/** A raw connection to the server process that sends `bytes` and collects what comes back. */
const rawClient = async (baseUrl: string, bytes: string) => await openRaw(Number(new URL(baseUrl).port), bytes)

test('SIGTERM with connections that carry no whole request: the upload gets Graph\'s 503, the rest are dropped, and the exit is 0 within about a second', async (t) => {
  const server = await startServer(t)
  const path = `/beta/${ENTITY_SET}/${BUNDLED_FIXTURE_ID}`
  const silent = await rawClient(server.baseUrl, '')
  const partialHeaders = await rawClient(server.baseUrl, `PATCH ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n`)
  const upload = await rawClient(server.baseUrl, `PATCH ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"sessionKey":"`)
  // Time for the server to read the upload's headers: until then it is one more connection without a request.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const started = performance.now()
  server.child.kill('SIGTERM')
  const { code } = await server.exit
  const elapsed = performance.now() - started
  assert.equal(code, 0, server.stderr())
  // A bound on behaviour, not a speed target: the close used to wait 10 s for these clients.
  assert.ok(elapsed < 2500, `exited ${Math.round(elapsed)} ms after SIGTERM`)
  const answer = await upload.closed
  assert.match(answer, /^HTTP\/1\.1 503 /)
  assert.match(answer, /"code":"serviceNotAvailable"/)
  assert.match(answer, /\r\nretry-after: 1\r\n/i)
  assert.equal(await silent.closed, '')
  assert.equal(await partialHeaders.closed, '')
  t.diagnostic(`exited ${Math.round(elapsed)} ms after SIGTERM`)
})

test('SIGHUP closes the server gracefully, with exit 0', async (t) => {
  const server = await startServer(t)
  server.child.kill('SIGHUP')
  assert.equal((await server.exit).code, 0)
  assert.match(server.stdout(), /"signal":"SIGHUP".*"msg":"closing"/)
})

/** The pids of the processes whose parent is `pid`, read from /proc. */
function childrenOf (pid: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((candidate) => {
    try {
      return readFileSync(`/proc/${candidate}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid)
    } catch {
      return false
    }
  })
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const hasScript = spawnSync('script', ['--version']).status === 0

/** Runs `command` (which starts the server some way of its own) and resolves once the server says it is ready. */
async function launchReady (t: TestContext, command: string, args: string[]) {
  const child = spawn(command, args, { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }, stdio: 'pipe' })
  t.after(() => { child.kill('SIGKILL') })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  for (let i = 0; i < 500 && !output.includes('graph-mock ready'); i++) await new Promise((resolve) => setTimeout(resolve, 20))
  assert.match(output, /graph-mock ready/)
  return { child, baseUrl: /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] }
}

test('a terminal hanging up ends the server: it neither spins nor stays', { skip: !hasScript && 'no script(1) here to give the server a terminal' }, async (t) => {
  const { child: terminal } = await launchReady(t, 'script', ['-qec', `${process.execPath} dist/server.js`, '/dev/null'])
  // script(1) runs a shell that runs node, or execs it.
  const shells = childrenOf(terminal.pid ?? 0)
  const servers = [...shells, ...shells.flatMap(childrenOf)].filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js'))
  assert.equal(servers.length > 0, true, 'the server process was found')
  t.after(() => { for (const pid of servers) if (isAlive(pid)) process.kill(pid, 'SIGKILL') })
  terminal.kill('SIGKILL')
  for (let i = 0; i < 150 && servers.some(isAlive); i++) await new Promise((resolve) => setTimeout(resolve, 20))
  assert.deepEqual(servers.filter(isAlive), [], 'the server outlived its terminal by 3 s')
})

test('SIGTERM sent to `npm start` reaches the server, which exits and frees its port', async (t) => {
  const { child: npm, baseUrl } = await launchReady(t, 'npm', ['start', '--ignore-scripts', '--silent'])
  assert.ok(baseUrl !== undefined)
  npm.kill('SIGTERM')
  const [code] = await once(npm, 'exit') as [number | null]
  assert.equal(code, 0)
  await assert.rejects(fetch(`${baseUrl}/_mock/health`), (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED')
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

test('a HOST that names no address of this machine says how to fix it, without a stack trace', async () => {
  const { code, stderr } = await failedStart({ HOST: 'no-such-host.invalid' })
  assert.equal(code, 1)
  assert.match(stderr, /^graph-mock could not start: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid: HOST names no address of this machine\. Set HOST to an address such as 127\.0\.0\.1, or 0\.0\.0\.0 for every interface\.\n$/)
})

/** Runs dist/server.js as a child process, as `npm start` does (npm test builds it first), for end-to-end tests. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import type { TestContext } from 'node:test'
import { ENTITY_SET } from '../src/resources/request-remote-help-session-access-response/schemas.js'

export interface ServerProcess {
  child: ChildProcess
  baseUrl: string
  /** The HTTPS listener's URL, when HTTPS_PORT was set. */
  httpsUrl: string | undefined
  stdout: () => string
  stderr: () => string
  exit: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

/** A record of the bundled fixtures/, which the server process serves unless FIXTURES_DIR says otherwise. */
export const BUNDLED_FIXTURE_ID = Object.keys(JSON.parse(readFileSync(new URL(`../fixtures/${ENTITY_SET}.json`, import.meta.url), 'utf8')) as Record<string, unknown>)[0] ?? ''

const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/
const LISTENING_HTTPS = /Server listening at (https:\/\/127\.0\.0\.1:\d+)/
const READY = /"msg":"graph-mock ready"/

/** `user`: the uid and gid to run it as, when not this process's own; `args`: its command line. */
function launch (env: Record<string, string>, user: Pick<SpawnOptions, 'uid' | 'gid'> = {}, args: readonly string[] = []) {
  const child = spawn(process.execPath, ['dist/server.js', ...args], {
    ...user,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  return { child, exit, stdout: () => stdout, stderr: () => stderr }
}

/** Starts the server and resolves once it is ready on every listener; killed when the test ends. */
export async function startServer (t: TestContext, env: Record<string, string> = {}, args: readonly string[] = []): Promise<ServerProcess> {
  const launched = launch(env, {}, args)
  t.after(() => { launched.child.kill('SIGKILL') })
  const baseUrl = await new Promise<string>((resolve, reject) => {
    launched.child.stdout?.on('data', () => {
      const match = LISTENING.exec(launched.stdout())
      if (match?.[1] !== undefined && READY.test(launched.stdout())) resolve(match[1])
    })
    launched.exit.then(({ code }) => reject(new Error(`server exited with ${code}: ${launched.stderr()}`)))
  })
  return { ...launched, baseUrl, httpsUrl: LISTENING_HTTPS.exec(launched.stdout())?.[1] }
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export async function failedStart (env: Record<string, string>, user?: Pick<SpawnOptions, 'uid' | 'gid'>) {
  const launched = launch(env, user)
  const { code } = await launched.exit
  return { code, stdout: launched.stdout(), stderr: launched.stderr() }
}

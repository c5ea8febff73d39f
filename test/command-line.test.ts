/** The command line: --help and --version, a flag for every setting winning over its variable, and a bad flag's message. */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { helpText, readCommandLine } from '../src/command-line.js'
import { ConfigSchema } from '../src/config.js'
import { VERSION } from '../src/version.js'
import { startServer } from './server-process.js'

const run = promisify(execFile)
const SERVER = new URL('../dist/server.js', import.meta.url).pathname

test('--help lists every setting with its flag and default; --version prints the version; both exit 0 without starting', async () => {
  const help = await run(process.execPath, [SERVER, '--help'])
  assert.equal(help.stdout, helpText())
  for (const setting of Object.keys(ConfigSchema.properties)) {
    assert.match(help.stdout, new RegExp(`--${setting.toLowerCase().replaceAll('_', '-')}\\b[^\\n]*\\n\\s+${setting}, default `), setting)
  }
  assert.match(help.stdout, /--port <value>\n\s+PORT, default 4000: must be an integer port/)
  assert.match(help.stdout, /--fixtures-dir, --fixtures <value>/)
  const version = await run(process.execPath, [SERVER, '--version'])
  assert.equal(version.stdout, `${VERSION}\n`)
})

test('a flag sets its setting and wins over the environment; --fixtures is --fixtures-dir', () => {
  const read = readCommandLine(['--port', '0', '--fixtures', './elsewhere', '--mock-page-size=25'], { PORT: '4000', FIXTURES_DIR: './fixtures', HOME: '/h' })
  assert.deepEqual(read, { action: 'start', env: { PORT: '0', FIXTURES_DIR: './elsewhere', MOCK_PAGE_SIZE: '25', HOME: '/h' }, flags: new Map([['PORT', 'port'], ['FIXTURES_DIR', 'fixtures'], ['MOCK_PAGE_SIZE', 'mock-page-size']]) })
})

test('a bad flag, a stray argument or a bad value says how to fix it and exits 1', async () => {
  for (const [args, message] of [
    [['--nope'], /^graph-mock could not start: Unknown option '--nope'\. Run graph-mock --help for every setting and its flag\.\n$/],
    [['stray'], /Unexpected argument 'stray'.*Run graph-mock --help/],
    [['--port', 'abc'], /Invalid --port "abc": must be an integer port from 0 to 65535 \(0 picks a free one\)\. Pass it like --port 4000, or leave it out for the default \(PORT\)\.\n$/],
    [['--mock-page-size', 'lots'], /Invalid --mock-page-size "lots": must be .*Pass it like --mock-page-size \d+/]
  ] as const) {
    await assert.rejects(run(process.execPath, [SERVER, ...args]), (error: { code: number, stderr: string }) => {
      assert.equal(error.code, 1)
      assert.match(error.stderr, message)
      return true
    })
  }
})

test('started with flags, the server takes them over its environment and names where it listens', async (t) => {
  const server = await startServer(t, { PORT: 'not-a-port', MOCK_PAGE_SIZE: 'lots' }, ['--port', '0', '--mock-page-size', '2'])
  const page = await (await fetch(`${server.baseUrl}/beta/deviceManagement/managedDevices?$select=id`, { headers: { authorization: 'Bearer any' } })).json() as { value: unknown[], '@odata.nextLink'?: string }
  assert.equal(page.value.length, 2)
  assert.ok(page['@odata.nextLink'])
})

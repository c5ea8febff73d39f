/**
 * The README's in-process examples, run as a user runs them: each file under
 * examples/in-process/ (and the Testcontainers one, which scripts/container-check.sh runs) is in
 * the README word for word, and the node:test ones (plain HTTP, and the beta SDK over HTTPS) and
 * the vitest one pass in their runner's own process, importing `graph-mock` as an installed
 * package is imported (the package's own name resolves to dist/, which npm test builds first). The jest one is not run
 * here: jest is not a dependency of this project.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const example = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8')

test('every in-process example, and the Testcontainers one, is in the README as it is in its file', () => {
  for (const name of ['in-process/node-test.test.mjs', 'in-process/sdk-https.test.mjs', 'in-process/vitest.test.mjs', 'in-process/jest.test.mjs', 'testcontainers/graph-mock.test.mjs']) {
    assert.ok(readme.includes(example(name)), `${name} is not in the README as written`)
  }
})

/** Runs one example under node --test, as a user runs it, and checks its single test passed. */
async function passesUnderNodeTest (file: string) {
  // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead of printing,
  // and without NODE_EXTRA_CA_CERTS: an example over HTTPS must trust graph.ca by itself, in process.
  const { NODE_TEST_CONTEXT: _context, NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env })
  assert.match(stdout, /^# pass 1$/m)
  assert.match(stdout, /^# fail 0$/m)
}

test('the node:test example passes under node --test', () => passesUnderNodeTest('examples/in-process/node-test.test.mjs'))

test('the beta SDK over HTTPS example passes under node --test, trusting graph.ca in process', () =>
  passesUnderNodeTest('examples/in-process/sdk-https.test.mjs'))

test('the vitest example passes under vitest run', async () => {
  const { stdout } = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', 'examples/in-process', 'vitest.test.mjs'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } })
  assert.match(stdout, /Tests\s+1 passed \(1\)/)
})

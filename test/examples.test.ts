/**
 * The README's in-process examples, run as a user runs them: each file under
 * examples/in-process/ (and the Testcontainers one, which scripts/container-check.sh runs) is in
 * the README word for word, and the node:test and vitest ones pass in
 * their runner's own process, importing `graph-mock` as an installed package is imported (the
 * package's own name resolves to dist/, which npm test builds first). The jest one is not run
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
  for (const name of ['in-process/node-test.test.mjs', 'in-process/vitest.test.mjs', 'in-process/jest.test.mjs', 'testcontainers/graph-mock.test.mjs']) {
    assert.ok(readme.includes(example(name)), `${name} is not in the README as written`)
  }
})

test('the node:test example passes under node --test', async () => {
  // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead of printing.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'examples/in-process/node-test.test.mjs'], { encoding: 'utf8', env })
  assert.match(stdout, /^# pass 1$/m)
  assert.match(stdout, /^# fail 0$/m)
})

test('the vitest example passes under vitest run', async () => {
  const { stdout } = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', 'examples/in-process', 'vitest.test.mjs'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } })
  assert.match(stdout, /Tests\s+1 passed \(1\)/)
})

/** What a new user copies from the README and the repository's root: it must work as pasted. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

test('every JSON block in the README is JSON, so it can be pasted into a fixture file or a request', () => {
  const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
  assert.ok(blocks.length > 0)
  for (const block of blocks) assert.doesNotThrow(() => JSON.parse(block), block)
})

test('the LICENSE file holds the license package.json names', () => {
  const { license } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { license: string }
  assert.equal(license, 'MIT')
  assert.match(readFileSync(new URL('../LICENSE', import.meta.url), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} /)
})

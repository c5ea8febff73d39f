import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RecentValues } from '../src/recent-values.js'

test('the least recently used key makes room for a new one; reading a key keeps it', () => {
  const values = new RecentValues<string, number>(3)
  values.keep('a', 1)
  values.keep('b', 2)
  values.keep('c', 3)
  assert.equal(values.get('a'), 1)
  values.keep('d', 4)
  // b was used least recently: a was read after it.
  assert.equal(values.get('b'), undefined)
  assert.deepEqual(['a', 'c', 'd'].map((key) => values.get(key)), [1, 3, 4])
})

test('keeping a key again replaces its value without dropping another', () => {
  const values = new RecentValues<string, number>(2)
  values.keep('a', 1)
  values.keep('b', 2)
  assert.equal(values.keep('a', 10), 10)
  assert.deepEqual([values.get('a'), values.get('b')], [10, 2])
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PLACING_CHARS, RecentTextValues, RecentValues } from '../src/recent-values.js'

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

describe('RecentTextValues', () => {
  const ending = 'x'.repeat(PLACING_CHARS)
  test('a key is found by its whole text, not by the string it was kept under', () => {
    const values = new RecentTextValues<number>(2)
    const token = `eyJhbGciOiJub25lIn0.${'p'.repeat(1000)}.${ending}`
    values.keep(token, 1)
    // A request's header is a string of its own: the same text, another string.
    assert.equal(values.get(Buffer.from(token).toString('latin1')), 1)
  })

  test('keys that end alike are each kept, and never answer for each other', () => {
    const values = new RecentTextValues<string>(4)
    // Unsigned tokens whose claims differ only early on end alike.
    const keys = ['a', 'b', 'c'].map((claims) => `${claims}.${ending}`)
    for (const key of keys) values.keep(key, `value of ${key}`)
    assert.deepEqual(keys.map((key) => values.get(key)), keys.map((key) => `value of ${key}`))
    assert.equal(values.get(`d.${ending}`), undefined)
  })

  test('each of its two memos stays within the limit', () => {
    const values = new RecentTextValues<number>(2)
    const keys = Array.from({ length: 5 }, (_, index) => `${index}.${ending}`)
    keys.forEach((key, index) => values.keep(key, index))
    // The first key took the place its ending names; the rest went by their whole text, the last two kept.
    assert.deepEqual(keys.map((key) => values.get(key)), [0, undefined, undefined, 3, 4])
  })

  test('keys shorter than the placing characters are kept whole', () => {
    const values = new RecentTextValues<number>(2)
    values.keep('bench', 1)
    values.keep('other', 2)
    assert.deepEqual([values.get('bench'), values.get('other'), values.get('nothing')], [1, 2, undefined])
  })
})

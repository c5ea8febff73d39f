import assert from 'node:assert/strict'
import { test } from 'node:test'
import { duplicatePropertyName, jsonObjection } from '../src/json-objections.js'

test('finds a name given twice in one object, at any depth', () => {
  assert.equal(duplicatePropertyName('{"a":1,"a":2}'), 'a')
  assert.equal(duplicatePropertyName('{"x":{"b":[1,{"c":1,"d":{},"c":2}]}}'), 'c')
  assert.equal(duplicatePropertyName('[{"a":1},{"b":{"e":1,"e":1}}]'), 'e')
})

test('the same name in different objects, or as a value, is no duplicate', () => {
  assert.equal(duplicatePropertyName('{"a":{"a":1},"b":{"a":2},"c":"a","d":["a","a"]}'), undefined)
  assert.equal(duplicatePropertyName('[{"a":1},{"a":2}]'), undefined)
  assert.equal(duplicatePropertyName('{"s":"{\\"a\\":1,\\"a\\":2}","t":"\\\\","u":1}'), undefined)
  assert.equal(duplicatePropertyName('"a"'), undefined)
})

test('names are compared after their escapes are read', () => {
  assert.equal(duplicatePropertyName('{"a":1,"\\u0061":2}'), 'a')
  assert.equal(duplicatePropertyName('{"\\"":1,"\\u0022":2}'), '"')
})

test('a million levels of nesting take no call stack', () => {
  const deep = '['.repeat(1_000_000) + '{"a":1,"a":2}' + ']'.repeat(1_000_000)
  assert.equal(duplicatePropertyName(deep), 'a')
})

test('a string that is never closed ends the scan', () => {
  assert.equal(duplicatePropertyName('{"a'), undefined)
  assert.equal(duplicatePropertyName('{"a":1,"b":"\\"'), undefined)
})

test('nesting past the bound is an objection; at the bound, and in strings, it is none', () => {
  const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '[]' + '}'.repeat(depth - 1)
  assert.equal(jsonObjection(nested(3), 3), undefined)
  assert.deepEqual(jsonObjection(nested(4), 3), { deeperThan: 3 })
  assert.deepEqual(jsonObjection('[[[[]]]]', 3), { deeperThan: 3 })
  assert.equal(jsonObjection('[[1],[2],[3],"[[[[[["]', 2), undefined)
  // Whichever comes first.
  assert.deepEqual(jsonObjection('{"a":1,"a":2,"b":[[[[]]]]}', 3), { duplicate: 'a' })
})

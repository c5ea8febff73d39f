import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createStore } from '../../src/state/store.js'
import { ENTITY_SET, GUID, KNOWN_ID, OTHER_ID, seed } from '../helper.js'

test('seeds every entity set and counts its records', () => {
  const store = createStore(seed())
  assert.deepEqual(store.counts(), { [ENTITY_SET]: 2 })
  assert.deepEqual(store.entitySet(ENTITY_SET).get(KNOWN_ID), seed()[ENTITY_SET]?.[KNOWN_ID])
})

test('an unknown entity set is empty', () => {
  assert.deepEqual(createStore({}, { sets: ['Nothing'] }).entitySet('Nothing').list(), [])
  // A mistyped name is a programming error, not a new empty set that then shows in health.
  assert.throws(() => createStore(seed()).entitySet(`${ENTITY_SET}s`), /The store holds no set 'RequestRemoteHelpSessionAccessResponses'; it holds RequestRemoteHelpSessionAccessResponse\./)
})

test('the seed is copied: changing it afterwards changes nothing stored', () => {
  const data = seed()
  const store = createStore(data)
  const record = data[ENTITY_SET]?.[KNOWN_ID]
  if (record !== undefined) record['sessionKey'] = 'mutated'
  assert.equal(store.entitySet(ENTITY_SET).get(KNOWN_ID)?.sessionKey, 'key-1')
})

test('records handed out cannot be changed by the caller', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  const record = records.get(KNOWN_ID) as Record<string, unknown>
  assert.throws(() => { record['sessionKey'] = 'mutated' }, TypeError)
  assert.equal(records.get(KNOWN_ID)?.sessionKey, 'key-1')
})

test('update merges into a new record; a reader holding the old one keeps it whole', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  const before = records.get(KNOWN_ID)
  const after = records.update(KNOWN_ID, { sessionType: 'elevation' })
  assert.deepEqual(after, { ...before, sessionType: 'elevation' })
  assert.equal(before?.sessionType, 'viewScreen')
  assert.equal(records.get(OTHER_ID)?.sessionType, 'takeFullControl')
})

test('update of an unknown id changes nothing and creates nothing', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  assert.equal(records.update('missing', { sessionKey: 'x' }), undefined)
  assert.equal(records.get('missing'), undefined)
  assert.equal(records.list().length, 2)
})

test('a patch object changed after the update does not reach the store', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  const [id] = records.create({ nested: null })
  const patch = { nested: { a: 1 } }
  records.update(id, patch)
  patch.nested.a = 2
  assert.deepEqual(records.get(id)?.['nested'], { a: 1 })
  // A patch of primitives only is not deep-copied, but no more reachable for it.
  const flat: Record<string, unknown> = { nested: 'x' }
  records.update(id, flat)
  flat['nested'] = 'y'
  flat['added'] = 'z'
  assert.deepEqual(records.get(id), { nested: 'x' })
  assert.ok(Object.isFrozen(records.get(id)))
})

test('create assigns a fresh GUID; delete removes once', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  const [id, created] = records.create({ sessionKey: 'n', sessionType: null })
  assert.match(id, GUID)
  assert.deepEqual(records.get(id), created)
  assert.equal(records.delete(id), true)
  assert.equal(records.delete(id), false)
})

test('reset puts back the seed, in its order, after creates, updates, deletes and replacements', () => {
  const store = createStore(seed(), { sets: [ENTITY_SET, 'Other'] })
  const records = store.entitySet(ENTITY_SET)
  const before = JSON.stringify(records.list())
  records.update(KNOWN_ID, { sessionType: 'elevation' })
  records.delete(OTHER_ID)
  records.create({ sessionKey: 'new', sessionType: null })
  store.entitySet('Other').create({ sessionKey: 'x', sessionType: null })
  records.replaceAll({ only: { sessionKey: 'only', sessionType: null } })
  store.reset()
  assert.equal(JSON.stringify(records.list()), before)
  assert.deepEqual(store.counts(), { [ENTITY_SET]: 2, Other: 0 })
})

test('put creates or replaces one record, and says which', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  assert.equal(records.put('fresh', { sessionKey: 'a', sessionType: null }), true)
  assert.equal(records.put(KNOWN_ID, { sessionKey: 'b', sessionType: null }), false)
  assert.deepEqual(records.get(KNOWN_ID), { sessionKey: 'b', sessionType: null })
  assert.deepEqual(records.get('fresh'), { sessionKey: 'a', sessionType: null })
})

test('replaceAll swaps the whole set; the records given are copied', () => {
  const records = createStore(seed()).entitySet(ENTITY_SET)
  const given = { one: { sessionKey: 'one', sessionType: null } }
  records.replaceAll(given)
  given.one.sessionKey = 'mutated'
  assert.deepEqual(records.list(), [['one', { sessionKey: 'one', sessionType: null }]])
})

test('the size limit counts a patched record to the character, as its JSON is', () => {
  // An update counts what the patch changes rather than writing the record out again; the
  // limit must still fall between the record's exact JSON length and one character less.
  const record = { name: 'device', tags: ['a'], owner: { upn: 'ann@contoso.com' }, notes: null }
  const patches: Array<Record<string, unknown>> = [
    { name: 'a longer name, with "quotes" and ü' },
    { tags: [], owner: { upn: 'b@contoso.com', manager: { upn: 'c@contoso.com' } } },
    { added: 12.5, notes: 'now a string' },
    JSON.parse('{"__proto__":"an own property, as a parsed body has it"}') as Record<string, unknown>,
    { gone: undefined }
  ]
  for (const patch of patches) {
    const merged = { ...record, ...patch }
    const exact = JSON.stringify(merged).length
    const records = (limit: number) => createStore({ Things: { one: record } }, { charLimit: limit }).entitySet('Things')
    assert.deepEqual(records(exact).update('one', patch), merged, JSON.stringify(patch))
    assert.throws(() => records(exact - 1).update('one', patch), /The records would take more than/, JSON.stringify(patch))
  }
  // A record emptied of its properties is `{}`, and grows from there as any other.
  const empty = createStore({ Things: { one: {} } }, { charLimit: '{"a":1}'.length }).entitySet('Things')
  assert.deepEqual(empty.update('one', { a: 1 }), { a: 1 })
  assert.throws(() => empty.update('one', { a: 10 }), /The records would take more than 7 characters/)
})

test('a patched complex value is merged into the one held, at every depth; collections and primitives replace, null included', () => {
  const record = {
    hardware: { serial: 'A1', battery: { health: 90, cycles: 12 }, wifiMacs: ['aa', 'bb'] },
    loggedOn: [{ user: 'u1' }],
    category: { name: 'kiosk' }
  }
  const set = createStore({ Things: { one: record } }).entitySet('Things')
  const patch = { hardware: { serial: 'B2-a-serial-number-longer-than-any-before', battery: { health: 80 }, wifiMacs: ['cc'] }, loggedOn: [{ user: 'u2' }], category: null }
  const expected = {
    hardware: { serial: 'B2-a-serial-number-longer-than-any-before', battery: { health: 80, cycles: 12 }, wifiMacs: ['cc'] },
    loggedOn: [{ user: 'u2' }],
    category: null
  }
  assert.deepEqual(set.update('one', patch), expected)
  assert.deepEqual(set.get('one'), expected)
  assert.ok(Object.isFrozen(set.get('one')?.['hardware']) && Object.isFrozen((set.get('one')?.['hardware'] as { battery: object }).battery))
  // The size is counted from what is stored, the merged value.
  const limit = JSON.stringify(expected).length
  const bounded = (chars: number) => createStore({ Things: { one: record } }, { charLimit: chars }).entitySet('Things')
  assert.deepEqual(bounded(limit).update('one', patch), expected)
  assert.throws(() => bounded(limit - 1).update('one', patch), /The records would take more than/)
})

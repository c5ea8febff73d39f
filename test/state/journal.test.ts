import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createJournal, type JournalRecord } from '../../src/state/journal.js'

function request (n: number): JournalRecord {
  return { id: 0, receivedAt: n, method: 'GET', url: `/beta/x/${n}`, headers: {}, query: {}, bodyText: undefined, status: 200, requestId: `r${n}`, durationMs: 1 }
}

test('keeps records oldest first with rising ids', () => {
  const journal = createJournal(5)
  for (let n = 1; n <= 3; n++) journal.record(request(n))
  assert.deepEqual(journal.records().map((record) => [record.id, record.url]), [[1, '/beta/x/1'], [2, '/beta/x/2'], [3, '/beta/x/3']])
  assert.equal(journal.evicted(), 0)
})

test('stays at its limit, dropping the oldest and counting each one dropped', () => {
  const journal = createJournal(1000)
  for (let n = 1; n <= 10_000; n++) journal.record(request(n))
  const records = journal.records()
  assert.equal(records.length, 1000)
  assert.equal(records[0]?.id, 9001)
  assert.equal(records.at(-1)?.id, 10_000)
  assert.equal(journal.evicted(), 9000)
})

test('clear empties it and its evicted count; ids go on rising', () => {
  const journal = createJournal(2)
  for (let n = 1; n <= 3; n++) journal.record(request(n))
  journal.clear()
  assert.deepEqual(journal.records(), [])
  assert.equal(journal.evicted(), 0)
  journal.record(request(4))
  assert.deepEqual(journal.records().map((record) => record.id), [4])
})

test('a journal of size 0 keeps nothing', () => {
  const journal = createJournal(0)
  journal.record(request(1))
  assert.deepEqual(journal.records(), [])
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AnswerTexts, KEPT_ANSWERS } from '../../src/graph/answer-texts.js'

test('a record\'s answer text is written once and kept, for the last KEPT_ANSWERS records only', () => {
  const texts = new AnswerTexts()
  const records = Array.from({ length: KEPT_ANSWERS + 1 }, (_, index) => ({ index }))
  let written = 0
  const write = (record: { index: number }) => () => { written++; return JSON.stringify(record) }
  for (const record of records) assert.equal(texts.of(record, write(record)), JSON.stringify(record))
  assert.equal(written, KEPT_ANSWERS + 1)
  // The newest are kept; the first was let go to keep the bound, so it is written again.
  assert.equal(texts.of(records[KEPT_ANSWERS] ?? {}, () => 'not kept'), JSON.stringify(records[KEPT_ANSWERS]))
  assert.equal(texts.of(records[1] ?? {}, () => 'not kept'), JSON.stringify(records[1]))
  assert.equal(texts.of(records[0] ?? {}, () => 'written again'), 'written again')
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { REDEEMED_CODES_KEPT, createSignIns } from '../../src/state/sign-ins.js'

test('a code redeems once; the oldest of REDEEMED_CODES_KEPT redeemed codes is forgotten first, so memory stays bounded', () => {
  const clients = createSignIns()
  assert.equal(clients.redeem('code-0'), true)
  assert.equal(clients.redeem('code-0'), false)
  for (let index = 1; index < REDEEMED_CODES_KEPT; index++) clients.redeem(`code-${index}`)
  assert.equal(clients.redeem('code-0'), false)
  clients.redeem('one-more')
  assert.equal(clients.redeem(`code-${REDEEMED_CODES_KEPT - 1}`), false)
  assert.equal(clients.redeem('code-0'), true)
})

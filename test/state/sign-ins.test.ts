import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PENDING_DEVICE_CODES, REDEEMED_CODES_KEPT, createSignIns } from '../../src/state/sign-ins.js'

test('a code redeems once, even past the REDEEMED_CODES_KEPT remembered: a code expiring no later than one forgotten is refused', () => {
  const signIns = createSignIns()
  assert.equal(signIns.redeem('code-0', 600), true)
  assert.equal(signIns.redeem('code-0', 600), false)
  for (let index = 1; index < REDEEMED_CODES_KEPT; index++) signIns.redeem(`code-${index}`, 600 + index)
  assert.equal(signIns.redeem('code-0', 600), false)
  // One more forgets code-0, the oldest; it is still refused, by its expiry.
  assert.equal(signIns.redeem('one-more', 20_000), true)
  assert.equal(signIns.redeem('code-0', 600), false)
  assert.equal(signIns.redeem(`code-${REDEEMED_CODES_KEPT - 1}`, 600 + REDEEMED_CODES_KEPT - 1), false)
  assert.equal(signIns.redeem('a-new-code', 30_000), true)
})

test('at most PENDING_DEVICE_CODES device codes wait at once: a new one makes the oldest unknown', () => {
  const signIns = createSignIns()
  const request = { clientId: 'cli', scope: 'User.Read' }
  const first = signIns.startDeviceCode(request, 1000)
  for (let index = 1; index < PENDING_DEVICE_CODES; index++) signIns.startDeviceCode(request, 1000)
  assert.equal(signIns.takeDeviceCode(first.deviceCode, 'cli', 0).state, 'pending')
  const last = signIns.startDeviceCode(request, 1000)
  assert.equal(signIns.takeDeviceCode(first.deviceCode, 'cli', 0).state, 'unknown')
  assert.equal(signIns.approveDeviceCode(last.userCode, 'user@contoso.com', 0), true)
  assert.deepEqual(signIns.takeDeviceCode(last.deviceCode, 'cli', 0), { state: 'approved', request, username: 'user@contoso.com' })
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PENDING_DEVICE_CODES, REDEEMED_CODES_KEPT, createSignIns } from '../../src/state/sign-ins.js'

test('a code redeems once; the oldest of REDEEMED_CODES_KEPT redeemed codes is forgotten first, so memory stays bounded', () => {
  const signIns = createSignIns()
  assert.equal(signIns.redeem('code-0'), true)
  assert.equal(signIns.redeem('code-0'), false)
  for (let index = 1; index < REDEEMED_CODES_KEPT; index++) signIns.redeem(`code-${index}`)
  assert.equal(signIns.redeem('code-0'), false)
  signIns.redeem('one-more')
  assert.equal(signIns.redeem(`code-${REDEEMED_CODES_KEPT - 1}`), false)
  assert.equal(signIns.redeem('code-0'), true)
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

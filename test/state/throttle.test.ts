/**
 * The sliding-window budgets, with explicit times: each budget refuses once spent, the first one
 * spent is the answer, the Retry-After is when the oldest request of the full window leaves it,
 * writes count against both budgets and reads against `all` only, apps share their tenant's
 * budgets, an app back before its Retry-After is refused again and marked early, refusals count
 * against nothing, windows slide request by request, and reset empties them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { INTUNE_DEVICES, INTUNE_REMOTE_ASSISTANCE } from '../../src/graph/throttling-limits.js'
import { WINDOW_MS, createThrottle, type Admission, type ServiceLimits } from '../../src/state/throttle.js'

/** Small budgets, each of a different size, so that a test sees which one refused. */
const LIMITS: ServiceLimits = { area: 'small', tenant: { writes: 4, all: 6 }, app: { writes: 2, all: 3 } }
const WRITE = true
const READ = false
const ADMITTED: Admission = { admitted: true }
const refused = (retryAfterMs: number, early = false): Admission => ({ admitted: false, retryAfterMs, early })

test('the window is 20 s', () => {
  assert.equal(WINDOW_MS, 20_000)
})

test('an app\'s writes: its budget admitted, the next write refused until the oldest leaves the window', () => {
  const throttle = createThrottle(true)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 1000), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 4000), ADMITTED)
  // The oldest, at 1 s, leaves at 21 s.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 5000), refused(16_000))
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 21_000), ADMITTED)
})

test('an app\'s requests of any kind: reads and writes both count against `all`', () => {
  const throttle = createThrottle(true)
  assert.deepEqual(throttle.admit(LIMITS, 'a', READ, 0), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 10), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', READ, 20), ADMITTED)
  // `all` (3) is spent though one write of the two remains: a read and a write are both refused.
  assert.deepEqual(throttle.admit(LIMITS, 'a', READ, 30), refused(19_970))
  const other = createThrottle(true)
  for (const now of [0, 10, 20]) other.admit(LIMITS, 'a', READ, now)
  assert.deepEqual(other.admit(LIMITS, 'a', WRITE, 30), refused(19_970))
})

test('reads count against `all` only: an app that has read still has every one of its writes', () => {
  const limits: ServiceLimits = { area: 'reads', tenant: { writes: 10, all: 100 }, app: { writes: 2, all: 10 } }
  const throttle = createThrottle(true)
  for (let now = 0; now < 5; now++) assert.deepEqual(throttle.admit(limits, 'a', READ, now), ADMITTED)
  assert.deepEqual(throttle.admit(limits, 'a', WRITE, 5), ADMITTED)
  assert.deepEqual(throttle.admit(limits, 'a', WRITE, 6), ADMITTED)
  // The write budget (2) is what refuses, from the first write, not the first read.
  assert.deepEqual(throttle.admit(limits, 'a', WRITE, 7), refused(19_998))
})

test('the tenant\'s budgets: another app passes while one is refused, until the tenant\'s own budget is spent', () => {
  const throttle = createThrottle(true)
  throttle.admit(LIMITS, 'a', WRITE, 100)
  throttle.admit(LIMITS, 'a', WRITE, 200)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 300), refused(19_800))
  assert.deepEqual(throttle.admit(LIMITS, 'b', WRITE, 400), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'b', WRITE, 500), ADMITTED)
  // The tenant's 4 writes are spent: an app that sent nothing yet is refused until the tenant's oldest (a's, at 100) leaves.
  assert.deepEqual(throttle.admit(LIMITS, 'c', WRITE, 600), refused(19_500))
  // Reads: the tenant's `all` (6) has 2 left, which c may spend though the writes are gone.
  const fresh = createThrottle(true)
  for (const [app, now] of [['a', 0], ['a', 1], ['b', 2], ['b', 3]] as const) fresh.admit(LIMITS, app, WRITE, now)
  assert.deepEqual(fresh.admit(LIMITS, 'c', READ, 4), ADMITTED)
  assert.deepEqual(fresh.admit(LIMITS, 'c', READ, 5), ADMITTED)
  assert.deepEqual(fresh.admit(LIMITS, 'd', READ, 6), refused(19_994))
})

test('every area has budgets of its own: an app spent in one is admitted in another', () => {
  const throttle = createThrottle(true)
  const other: ServiceLimits = { ...LIMITS, area: 'other' }
  throttle.admit(LIMITS, 'a', WRITE, 0)
  throttle.admit(LIMITS, 'a', WRITE, 1)
  assert.equal(throttle.admit(LIMITS, 'a', WRITE, 2).admitted, false)
  assert.deepEqual(throttle.admit(other, 'a', WRITE, 3), ADMITTED)
})

test('with several budgets spent, the Retry-After is the latest of their frees, not the first found', () => {
  // a's `all` (3) is spent from its read at 0, the tenant's writes (2) from b's write at 1 s.
  const limits: ServiceLimits = { area: 'both', tenant: { writes: 2, all: 100 }, app: { writes: 10, all: 3 } }
  const throttle = createThrottle(true)
  throttle.admit(limits, 'a', READ, 0)
  throttle.admit(limits, 'a', READ, 100)
  throttle.admit(limits, 'b', WRITE, 1000)
  throttle.admit(limits, 'a', WRITE, 2000)
  // a's window frees a slot at 20 s, the tenant's writes at 21 s: a may come back at 21 s, not before.
  assert.deepEqual(throttle.admit(limits, 'a', WRITE, 3000), refused(18_000))
  throttle.told(limits, 'a', 21_000)
  assert.deepEqual(throttle.admit(limits, 'a', WRITE, 20_500), refused(500, true))
  assert.deepEqual(throttle.admit(limits, 'a', WRITE, 21_000), ADMITTED)
})

test('an app back before its Retry-After is refused again, marked early, told the time left; at the Retry-After it passes', () => {
  const throttle = createThrottle(true)
  throttle.admit(LIMITS, 'a', WRITE, 0)
  throttle.admit(LIMITS, 'a', WRITE, 5000)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 8000), refused(12_000))
  // Sent before its refusal was answered: refused for the budget, not as an early retry.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 8500), refused(11_500))
  throttle.told(LIMITS, 'a', 20_000)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 10_000), refused(10_000, true))
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 19_999), refused(1, true))
  // A read fits in `all`: the writes' Retry-After holds back writes only (Intune counts them apart).
  assert.deepEqual(throttle.admit(LIMITS, 'a', READ, 19_999), ADMITTED)
  // Another app is not held back by a's Retry-After.
  assert.deepEqual(throttle.admit(LIMITS, 'b', READ, 19_999), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 20_000), ADMITTED)
  // Admitted, the app is no longer waiting: its next refusal is not early.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 20_001), refused(4999))
})

test('refused requests, early or not, count against no budget: neither the app\'s nor the tenant\'s', () => {
  const throttle = createThrottle(true)
  throttle.admit(LIMITS, 'a', WRITE, 0)
  throttle.admit(LIMITS, 'a', WRITE, 1)
  for (let now = 2; now < 50; now++) assert.equal(throttle.admit(LIMITS, 'a', WRITE, now).admitted, false)
  // Had any refusal counted, the tenant's 4 writes would be spent.
  assert.deepEqual(throttle.admit(LIMITS, 'b', WRITE, 50), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'b', WRITE, 51), ADMITTED)
  // And a's window holds its 2 writes only: once the first leaves, a has a slot again, then none until 1 ms later.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 20_000), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 20_000), refused(1))
})

test('the window slides request by request: each slot frees 20 s after its own request', () => {
  const throttle = createThrottle(true)
  throttle.admit(LIMITS, 'a', WRITE, 0)
  throttle.admit(LIMITS, 'a', WRITE, 10_000)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 19_999), refused(1))
  // A request exactly 20 s old has left.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 20_000), ADMITTED)
  // Full again, of the requests at 10 s and 20 s: the next slot frees at 30 s.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 25_000), refused(5000))
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 30_000), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 30_001), refused(9999))
  // Long after, the window is empty: the whole budget again.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 100_000), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 100_001), ADMITTED)
})

test('over a long run, its memory compacted, a window still slides right', () => {
  const limits: ServiceLimits = { area: 'long', tenant: { writes: 10, all: 10 }, app: { writes: 10, all: 10 } }
  const throttle = createThrottle(true)
  // 5,000 requests, 10 every 20 s: each refused eleventh tells the time to the oldest of the ten.
  for (let round = 0; round < 500; round++) {
    const start = round * WINDOW_MS
    for (let i = 0; i < 10; i++) assert.deepEqual(throttle.admit(limits, 'a', WRITE, start + i * 100), ADMITTED)
    assert.deepEqual(throttle.admit(limits, 'a', WRITE, start + 1000), refused(WINDOW_MS - 1000))
  }
})

test('Intune\'s published budgets: 100 writes per app and 200 per tenant for remote assistance, 200 and 400 for devices', () => {
  const throttle = createThrottle(true)
  for (let i = 0; i < 100; i++) assert.deepEqual(throttle.admit(INTUNE_REMOTE_ASSISTANCE, 'a', WRITE, i), ADMITTED)
  assert.deepEqual(throttle.admit(INTUNE_REMOTE_ASSISTANCE, 'a', WRITE, 100), refused(19_900))
  for (let i = 0; i < 100; i++) assert.deepEqual(throttle.admit(INTUNE_REMOTE_ASSISTANCE, 'b', WRITE, 200 + i), ADMITTED)
  assert.equal(throttle.admit(INTUNE_REMOTE_ASSISTANCE, 'c', WRITE, 300).admitted, false)
  for (let i = 0; i < 200; i++) assert.deepEqual(throttle.admit(INTUNE_DEVICES, 'a', WRITE, 400 + i), ADMITTED)
  assert.deepEqual(throttle.admit(INTUNE_DEVICES, 'a', WRITE, 600), refused(19_800))
  for (let i = 0; i < 200; i++) assert.deepEqual(throttle.admit(INTUNE_DEVICES, 'b', WRITE, 700 + i), ADMITTED)
  assert.equal(throttle.admit(INTUNE_DEVICES, 'c', WRITE, 900).admitted, false)
  // Reads: 1,000 per app for remote assistance.
  const reads = createThrottle(true)
  for (let i = 0; i < 1000; i++) assert.equal(reads.admit(INTUNE_REMOTE_ASSISTANCE, 'a', READ, i).admitted, true)
  assert.deepEqual(reads.admit(INTUNE_REMOTE_ASSISTANCE, 'a', READ, 1000), refused(19_000))
})

test('reset empties every window and forgets every Retry-After, and puts `enabled` back as it started', () => {
  const throttle = createThrottle(false)
  assert.equal(throttle.enabled, false)
  throttle.enabled = true
  throttle.admit(LIMITS, 'a', WRITE, 0)
  throttle.admit(LIMITS, 'a', WRITE, 1)
  assert.equal(throttle.admit(LIMITS, 'a', WRITE, 2).admitted, false)
  throttle.reset()
  assert.equal(throttle.enabled, false)
  // Neither early nor refused: the budget is whole again.
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 3), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 4), ADMITTED)
  assert.deepEqual(throttle.admit(LIMITS, 'a', WRITE, 5), refused(19_998))

  const on = createThrottle(true)
  on.enabled = false
  on.reset()
  assert.equal(on.enabled, true)
})

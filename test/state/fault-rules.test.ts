import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createFaultRules } from '../../src/state/fault-rules.js'

const URL = '/beta/RequestRemoteHelpSessionAccessResponse/abc'

test('with no rules nothing matches', () => {
  assert.equal(createFaultRules().match('PATCH', URL), undefined)
})

test('a rule fires `times` times, then expires', () => {
  const faults = createFaultRules()
  faults.add({ status: 503, times: 2 })
  const fired = [1, 2, 3].map(() => faults.match('GET', URL)?.status)
  assert.deepEqual(fired, [503, 503, undefined])
  assert.deepEqual(faults.list(), [])
})

test('method and path prefix must both match; paths as Graph matches them', () => {
  const faults = createFaultRules()
  faults.add({ method: 'patch', path: '/BETA/requestremotehelpsessionaccessresponse', status: 429, times: 10 })
  assert.equal(faults.match('GET', URL), undefined)
  assert.equal(faults.match('PATCH', '/v1.0/RequestRemoteHelpSessionAccessResponse/abc'), undefined)
  assert.equal(faults.match('PATCH', `/${URL}?x=1`)?.status, 429)
  assert.equal(faults.list()[0]?.fired, 1)
})

test('rules are tried in the order they were added; the first that fires wins', () => {
  const faults = createFaultRules()
  faults.add({ path: '/beta', status: 500 })
  faults.add({ status: 504 })
  assert.equal(faults.match('GET', URL)?.status, 500)
  assert.equal(faults.match('GET', URL)?.status, 504)
})

test('a seeded probability fires on the same requests every time, and about as often as asked', () => {
  function firings (seed: number) {
    const faults = createFaultRules()
    faults.add({ status: 503, probability: 0.3, seed, times: 1_000_000 })
    return Array.from({ length: 1000 }, () => faults.match('GET', URL) !== undefined)
  }
  const first = firings(42)
  assert.deepEqual(firings(42), first)
  assert.notDeepEqual(firings(43), first)
  const rate = first.filter(Boolean).length / first.length
  assert.ok(rate > 0.25 && rate < 0.35, `fired on ${rate} of requests`)
})

test('an unseeded rule reports the seed it drew, so a run can be repeated', () => {
  const faults = createFaultRules()
  const rule = faults.add({ status: 503, probability: 0.5 })
  assert.ok(Number.isInteger(rule.seed))
})

test('remove takes one rule away; clear takes all', () => {
  const faults = createFaultRules()
  const first = faults.add({ status: 500 })
  faults.add({ status: 504 })
  assert.equal(faults.remove(first.id), true)
  assert.equal(faults.remove(first.id), false)
  assert.deepEqual(faults.list().map((rule) => rule.status), [504])
  faults.clear()
  assert.deepEqual(faults.list(), [])
})

test('path prefixes ignore case, repeated slashes and the query, as Graph\'s router does', () => {
  const faults = createFaultRules()
  faults.add({ path: '/beta/RequestRemoteHelpSessionAccessResponse/abc', status: 503, times: 100 })
  for (const url of ['/beta/requestremotehelpsessionaccessresponse/ABC', '//beta///RequestRemoteHelpSessionAccessResponse/abc/', '/beta/RequestRemoteHelpSessionAccessResponse/abc?x=1']) {
    assert.equal(faults.match('GET', url)?.status, 503, url)
  }
  for (const url of ['/beta/RequestRemoteHelpSessionAccessResponse/ab', '/beta/RequestRemoteHelpSessionAccessResponse/ab?c', '/v1.0/RequestRemoteHelpSessionAccessResponse/abc']) {
    assert.equal(faults.match('GET', url), undefined, url)
  }
})

test('a fault carries Retry-After for 429 and 503 by default, and for any status when the rule gives one', () => {
  const faults = createFaultRules()
  for (const status of [429, 503, 500, 504] as const) faults.add({ status })
  faults.add({ status: 504, retryAfterSeconds: 7 })
  assert.deepEqual([1, 2, 3, 4, 5].map(() => faults.match('GET', '/beta/x')?.retryAfterSeconds), [1, 1, undefined, undefined, 7])
})

test('a rule path is read as a request target is routed: a key in parentheses is the key segment', () => {
  const device = 'afe411a4-abac-48f6-84ea-ec57345b7e60'
  for (const path of [`/beta/deviceManagement/managedDevices('${device}')`, `/beta/deviceManagement/managedDevices(%27${device.toUpperCase()}%27)`]) {
    const faults = createFaultRules()
    faults.add({ path, status: 503, times: 100 })
    // What Fastify's request.url holds once routedTarget has rewritten the target.
    for (const url of [`/beta/deviceManagement/managedDevices/${device}`, `/beta/deviceManagement/managedDevices/${device}/requestRemoteAssistance?x=1`]) {
      assert.equal(faults.match('GET', url)?.status, 503, `${path} on ${url}`)
    }
    assert.equal(faults.match('GET', '/beta/deviceManagement/managedDevices/other'), undefined, path)
  }
  // A function call names its parameters: it is no key, and stays as sent on both sides.
  const faults = createFaultRules()
  faults.add({ path: "/beta/x/retrieve(sessionKey='k')", status: 500, times: 100 })
  assert.equal(faults.match('GET', "/beta/x/retrieve(sessionKey='k')")?.status, 500)
  assert.equal(faults.match('GET', '/beta/x/retrieve/k'), undefined)
})

test('percent-escapes are decoded on both sides as the router decodes them; an escaped reserved character or % stays escaped', () => {
  const faults = createFaultRules()
  faults.add({ path: '/beta/deviceManagement/remoteAssistanceSettings', status: 503, times: 100 })
  faults.add({ path: '/beta/widgets/%C3%A9t%c3%a9', status: 500, times: 100 })
  faults.add({ path: '/beta/keys/a%2Fb', status: 504, times: 100 })
  faults.add({ path: '/beta/pct/%2572', status: 429, times: 100 })
  for (const [url, status] of [
    ['/beta/deviceManagement/%72emoteAssistanceSettings', 503],
    ['/beta/%64evice%4Danagement//remoteAssistanceSettings?$select=blockChat', 503],
    ['/beta/widgets/été', 500],
    ['/beta/widgets/%C3%89T%C3%89', 500],
    ['/beta/keys/a%2fb', 504],
    ['/beta/keys/a/b', undefined],
    ['/beta/pct/%2572', 429],
    ['/beta/pct/r', undefined],
    ['/beta/pct/%72', undefined],
    // Not UTF-8: kept as sent, never a throw.
    ['/beta/widgets/%E0%A4%A', undefined]
  ] as const) {
    assert.equal(faults.match('GET', url)?.status, status, url)
  }
})

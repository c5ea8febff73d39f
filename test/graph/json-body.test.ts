import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MESSAGES } from '../../src/graph/errors.js'
import { MAX_NESTING_DEPTH } from '../../src/graph/json-body.js'
import { fixtureRules } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { AUTH, ENTITY_SET, GUID, JSON_AUTH, KNOWN_ID, buildTestApp, itemUrl, seed, stateOf } from '../helper.js'

const DEVICES_SET = 'deviceManagement.managedDevices'
const DEVICES = '/beta/deviceManagement/managedDevices'
const PARTNERS_SET = 'deviceManagement.remoteAssistancePartners'
const PARTNERS = '/beta/deviceManagement/remoteAssistancePartners'
const PARTNER = 'c3f1d2e4-7b8a-4e5f-a1b2-c3d4e5f60718'
const fixtures = await loadFixtures(new URL('../../fixtures', import.meta.url).pathname, fixtureRules())
const [DEVICE = ''] = Object.keys(fixtures[DEVICES_SET] ?? {})
const records = {
  ...fixtures,
  ...seed(),
  [PARTNERS_SET]: { [PARTNER]: { displayName: 'Contoso', onboardingUrl: null, onboardingStatus: 'notOnboarded', lastConnectionDateTime: null, onboardingRequestExpiryDateTime: null } }
}

describe('an empty body with a JSON content type', () => {
  test('runs a bound action that takes no parameters, as graph-client\'s .post() sends it', async (t) => {
    const { app, store } = buildTestApp(t, stateOf(records))
    for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
      const headers = { ...AUTH, 'content-type': contentType }
      const assistance = await app.inject({ method: 'POST', url: `${DEVICES}/${DEVICE}/requestRemoteAssistance`, headers, payload: '' })
      assert.deepEqual([assistance.statusCode, assistance.body], [204, ''], contentType)
      const selected = await app.inject({ url: `${DEVICES}/${DEVICE}?$select=id,remoteAssistanceSessionUrl`, headers: AUTH })
      assert.match(selected.json().remoteAssistanceSessionUrl, /^https:\/\/remote-assistance\.example\/sessions\//)
      const onboarding = await app.inject({ method: 'POST', url: `${PARTNERS}/${PARTNER}/microsoft.graph.beginOnboarding`, headers, payload: '' })
      assert.deepEqual([onboarding.statusCode, onboarding.body], [204, ''], contentType)
      assert.equal(store.entitySet(PARTNERS_SET).get(PARTNER)?.['onboardingStatus'], 'onboarding')
    }
  })

  const declaringABody = [
    { name: 'PATCH', method: 'PATCH', url: itemUrl(KNOWN_ID) },
    { name: 'POST create', method: 'POST', url: PARTNERS },
    { name: 'an action with parameters', method: 'POST', url: `${DEVICES}/${DEVICE}/createRemoteHelpSession` },
    { name: '$batch', method: 'POST', url: '/beta/$batch' }
  ] as const
  for (const { name, method, url } of declaringABody) {
    test(`is still Empty Payload on a route that declares a body: ${name}`, async (t) => {
      const { app, store } = buildTestApp(t, stateOf(records))
      // What any of these would change: a record patched or one created, in whichever set.
      const contents = () => JSON.stringify([store.counts(), store.entitySet(ENTITY_SET).list()])
      const before = contents()
      const res = await app.inject({ method, url, headers: JSON_AUTH, payload: '' })
      assert.equal(res.statusCode, 400)
      assert.deepEqual([res.json().error.code, res.json().error.message], ['BadRequest', MESSAGES.emptyPayload])
      assert.equal(contents(), before)
    })
  }
})

describe('the charset a JSON body declares', () => {
  const update = '{"sessionType":"takeFullControl"}'

  test('a body in the charset it names is read in it, as Graph\'s OData reader reads it', async (t) => {
    const { app, store } = buildTestApp(t)
    const cases: Array<[string, Buffer]> = [
      ['application/json; charset=utf-16le', Buffer.from(update, 'utf16le')],
      ['application/json;odata.metadata=minimal; Charset="UTF-16LE"', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(update, 'utf16le')])],
      ['APPLICATION/JSON; CHARSET=iso-8859-1', Buffer.from('{"sessionKey":"caf\u00e9"}', 'latin1')]
    ]
    for (const [contentType, payload] of cases) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': contentType }, payload })
      assert.equal(res.statusCode, 200, contentType)
    }
    assert.deepEqual([store.entitySet(ENTITY_SET).get(KNOWN_ID)?.['sessionType'], store.entitySet(ENTITY_SET).get(KNOWN_ID)?.['sessionKey']], ['takeFullControl', 'caf\u00e9'])
  })

  test('a charset it does not know is Graph\'s 400 naming it, and changes nothing', async (t) => {
    const { app, store } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': 'application/json; charset="x-martian"' }, payload: update })
    assert.equal(res.statusCode, 400)
    const { error } = res.json()
    assert.deepEqual([error.code, error.message], ['BadRequest', "The character set 'x-martian' is not supported."])
    assert.match(error.innerError['request-id'], GUID)
    assert.deepEqual(store.entitySet(ENTITY_SET).list(), Object.entries(seed()[ENTITY_SET] ?? {}))
  })

  test('bytes that are not text in the named charset are unreadable JSON', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': 'application/json; charset=utf-16le' }, payload: Buffer.from([0x7b, 0x00, 0x00]) })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.message, MESSAGES.unreadableJson)
  })

  test('takes UTF-8 in any case, quoted or not, and its utf8 label', async (t) => {
    const { app, store } = buildTestApp(t)
    for (const contentType of ['application/json; charset=UTF-8', 'application/json; charset="utf-8"', 'application/json; charset=utf8', 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8']) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': contentType }, payload: update })
      assert.equal(res.statusCode, 200, contentType)
    }
    assert.equal(store.entitySet(ENTITY_SET).get(KNOWN_ID)?.['sessionType'], 'takeFullControl')
  })
})

describe('a body with a Content-Encoding', () => {
  test('is read once decoded: gzip, as Kiota\'s CompressionHandler sends it, deflate and br', async (t) => {
    const { gzipSync, deflateSync, brotliCompressSync } = await import('node:zlib')
    const { app } = buildTestApp(t)
    for (const [encoding, compress] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync], ['GZIP', gzipSync]] as const) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...JSON_AUTH, 'content-encoding': encoding }, payload: compress(Buffer.from(JSON.stringify({ sessionType: 'elevation' }))) })
      assert.deepEqual([res.statusCode, res.json().sessionType], [200, 'elevation'], encoding)
    }
  })

  test('is refused with 415 for a coding graph-mock does not read, so Kiota sends it again uncompressed; bad or oversized compressed data changes nothing', async (t) => {
    const { gzipSync } = await import('node:zlib')
    const { app } = buildTestApp(t)
    const patch = (encoding: string, payload: Buffer) => app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...JSON_AUTH, 'content-encoding': encoding }, payload })
    const unknown = await patch('compress', Buffer.from('{"sessionType":"elevation"}'))
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [415, 'UnsupportedMediaType'])
    assert.match(unknown.json().error.message, /The Content-Encoding 'compress' is not supported/)
    const garbled = await patch('gzip', Buffer.from('{"sessionType":"elevation"}'))
    assert.deepEqual([garbled.statusCode, garbled.json().error.message], [400, MESSAGES.unreadableJson])
    // 1 KiB of gzip that would decode to 5 MiB: refused once it passes the 4 MiB limit.
    const bomb = gzipSync(Buffer.from(`{"sessionKey":"${'x'.repeat(5 * 1024 * 1024)}"}`))
    assert.ok(bomb.length < 64 * 1024)
    assert.equal((await patch('gzip', bomb)).statusCode, 413)
    const after = await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })
    assert.notEqual(after.json().sessionType, 'elevation')
  })
})

describe('a body nested past MAX_NESTING_DEPTH', () => {
  const nested = (depth: number) => `{"sessionType":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`

  test('is refused before any route reads it, and a batch item nested so deep fails the batch, not the server', async (t) => {
    const { app } = buildTestApp(t)
    const deep = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: nested(MAX_NESTING_DEPTH + 1) })
    assert.deepEqual([deep.statusCode, deep.json().error.code], [400, 'BadRequest'])
    assert.equal(deep.json().error.message, `Unable to read JSON request payload: its objects and arrays nest deeper than ${MAX_NESTING_DEPTH} levels.`)
    // At the bound, the route reads it and names what is wrong with it.
    const atBound = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: nested(MAX_NESTING_DEPTH) })
    assert.equal(atBound.json().error.code, 'ModelValidationFailure')
    // Deep enough that writing the item's body out again for its request would overflow the stack.
    const item = `{"id":"1","method":"PATCH","url":"/${ENTITY_SET}/${KNOWN_ID}","headers":{"content-type":"application/json"},"body":${nested(20_000)}}`
    const batch = await app.inject({ method: 'POST', url: '/beta/$batch', headers: JSON_AUTH, payload: `{"requests":[${item}]}` })
    assert.deepEqual([batch.statusCode, batch.json().error.code], [400, 'BadRequest'])
  })
})

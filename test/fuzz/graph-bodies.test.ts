import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { JSON_AUTH, KNOWN_ID, assertGraphShaped, buildTestApp, itemUrl, COLLECTION_URL, ENTITY_SET } from '../helper.js'

/** Bodies near the valid ones (right keys, any values) and far from them (any JSON, any text). */
const nearBody = fc.dictionary(
  fc.constantFrom('sessionKey', 'sessionType', 'pubSubEncryptionKey', 'pubSubEncryption', '@odata.type', '__proto__', 'constructor', 'id'),
  fc.oneof(fc.string(), fc.constantFrom('viewScreen', 'elevation,unattended', 'viewScreen,', null), fc.integer(), fc.boolean(), fc.jsonValue())
)
const anyPayload = fc.oneof(
  nearBody.map((body) => JSON.stringify(body)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' })
)

test('PATCH and POST with generated bodies: always Graph-shaped, never 5xx, the store unchanged unless 2xx', async (t) => {
  const { app, store } = buildTestApp(t)
  const records = store.entitySet(ENTITY_SET)
  await fc.assert(fc.asyncProperty(fc.constantFrom('PATCH', 'POST'), anyPayload, async (method, payload) => {
    const before = JSON.stringify(records.list())
    const res = await app.inject({ method: method as 'PATCH' | 'POST', url: method === 'PATCH' ? itemUrl(KNOWN_ID) : COLLECTION_URL, headers: JSON_AUTH, payload })
    assertGraphShaped(res)
    if (res.statusCode >= 300) assert.equal(JSON.stringify(records.list()), before)
    store.reset()
  }), { seed: 20261128, numRuns: 300 })
})

test('generated paths, ids and headers: always Graph-shaped, never 5xx', async (t) => {
  const { app } = buildTestApp(t)
  const segment = fc.oneof(fc.constantFrom('beta', 'v1.0', 'BETA', ENTITY_SET, KNOWN_ID, '..', '%', '%2F', '$metadata', ''), fc.string())
  const headerValue = fc.string().filter((value) => !/[\r\n\0]/.test(value) && /^[\t\x20-\x7e]*$/.test(value))
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('GET', 'PATCH', 'POST', 'DELETE', 'PUT', 'OPTIONS'),
    fc.array(segment, { maxLength: 5 }),
    fc.record({ authorization: fc.oneof(fc.constant(JSON_AUTH.authorization), headerValue), 'client-request-id': headerValue }),
    async (method, segments, headers) => {
      const url = `/${segments.map((part) => encodeURIComponent(part)).join('/')}`
      const res = await app.inject({ method: method as 'GET', url, headers })
      assertGraphShaped(res)
    }
  ), { seed: 20261128, numRuns: 300 })
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { BODY_LIMIT_BYTES } from '../../../src/app.js'
import {
  AUTH, COLLECTION_URL, ENTITY_SET, GUID, JSON_AUTH, KNOWN_ID, OTHER_ID, appClaims, buildTestApp, itemUrl, seed, unsignedJwt
} from '../../helper.js'

const ODATA_TYPE = '#microsoft.graph.requestRemoteHelpSessionAccessResponse'
const TYPE_NAME = 'microsoft.graph.requestRemoteHelpSessionAccessResponse'

describe('PATCH /beta/RequestRemoteHelpSessionAccessResponse/{id}', () => {
  test('merges the update and answers 200 with the whole object', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionType: 'takeFullControl' } })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { '@odata.type': ODATA_TYPE, ...seed()[ENTITY_SET]?.[KNOWN_ID], sessionType: 'takeFullControl' })
  })

  test('keeps the update for the next request', async (t) => {
    const { app } = buildTestApp(t)
    await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'rotated', pubSubEncryption: null } })
    const res = await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })
    assert.equal(res.json().sessionKey, 'rotated')
    assert.equal(res.json().pubSubEncryption, null)
    assert.equal(res.json().sessionType, 'viewScreen')
  })

  test('accepts every member and flags combinations of allowedRemoteAssistanceActions', async (t) => {
    const { app } = buildTestApp(t)
    for (const sessionType of ['viewScreen', 'takeFullControl', 'elevation', 'unattended', 'unknownFutureValue', 'viewScreen,elevation', 'viewScreen, unattended']) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionType } })
      assert.equal(res.statusCode, 200, sessionType)
      assert.equal(res.json().sessionType, sessionType)
    }
  })

  test('accepts the resource\'s own @odata.type, with or without #, and does not store it', async (t) => {
    const { app, store } = buildTestApp(t)
    for (const annotation of [ODATA_TYPE, TYPE_NAME]) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { '@odata.type': annotation, sessionKey: 'k' } })
      assert.equal(res.statusCode, 200)
      assert.equal(res.json()['@odata.type'], ODATA_TYPE)
    }
    assert.equal(Object.hasOwn(store.entitySet(ENTITY_SET).get(KNOWN_ID) ?? {}, '@odata.type'), false)
  })

  test('an empty object changes nothing and answers the object', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: {} })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { '@odata.type': ODATA_TYPE, ...seed()[ENTITY_SET]?.[KNOWN_ID] })
  })

  test('takes JSON with charset or OData parameters in Content-Type', async (t) => {
    const { app } = buildTestApp(t)
    for (const contentType of ['application/json; charset=utf-8', 'application/json;odata.metadata=minimal', 'Application/JSON']) {
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...AUTH, 'content-type': contentType }, payload: '{"sessionKey":"x"}' })
      assert.equal(res.statusCode, 200, contentType)
    }
  })

  test('an unknown id is 404 ResourceNotFound and creates nothing', async (t) => {
    const { app, store } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl('no-such-id'), headers: JSON_AUTH, payload: { sessionKey: 'x' } })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error.code, 'ResourceNotFound')
    assert.equal(store.entitySet(ENTITY_SET).get('no-such-id'), undefined)
  })

  test('ids match exactly: a different case is another id', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID.toUpperCase()), headers: JSON_AUTH, payload: { sessionKey: 'x' } })
    assert.equal(res.statusCode, 404)
  })
})

describe('bad input is refused with Graph\'s error and leaves the store as it was', () => {
  const oversized = JSON.stringify({ sessionKey: 'x'.repeat(BODY_LIMIT_BYTES) })
  const cases: Array<{ name: string, headers?: Record<string, string>, payload?: string, status: number, code: string, message?: RegExp }> = [
    { name: 'malformed JSON', payload: '{"sessionKey": ', status: 400, code: 'BadRequest', message: /^Unable to read JSON request payload/ },
    { name: 'trailing garbage', payload: '{"sessionKey":"a"} x', status: 400, code: 'BadRequest', message: /^Unable to read JSON/ },
    { name: 'empty body', payload: '', status: 400, code: 'BadRequest', message: /^Empty Payload\. JSON content expected\.$/ },
    { name: 'JSON null', payload: 'null', status: 400, code: 'BadRequest', message: /^Empty Payload/ },
    { name: 'no body and no content type', headers: AUTH, status: 400, code: 'BadRequest', message: /^Empty Payload/ },
    { name: 'text/plain content type', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: '{"sessionKey":"a"}', status: 400, code: 'BadRequest', message: /^Unable to read JSON/ },
    { name: 'form content type', headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'sessionKey=a', status: 400, code: 'BadRequest', message: /^Unable to read JSON/ },
    { name: 'body is an array', payload: '[{"sessionKey":"a"}]', status: 400, code: 'ModelValidationFailure', message: /must be a JSON object/ },
    { name: 'body is a string', payload: '"sessionKey"', status: 400, code: 'ModelValidationFailure' },
    { name: 'number for a string (no coercion)', payload: '{"sessionKey": 42}', status: 400, code: 'ModelValidationFailure', message: /property 'sessionKey' to the expected type 'Edm\.String'/ },
    { name: 'boolean for a string', payload: '{"pubSubEncryption": true}', status: 400, code: 'ModelValidationFailure', message: /'pubSubEncryption'/ },
    { name: 'object for a string', payload: '{"pubSubEncryptionKey": {"a": 1}}', status: 400, code: 'ModelValidationFailure', message: /'pubSubEncryptionKey'/ },
    { name: 'array for a string', payload: '{"sessionKey": ["a"]}', status: 400, code: 'ModelValidationFailure', message: /'sessionKey'/ },
    { name: 'unknown property', payload: '{"sessionKey":"a","foo":1}', status: 400, code: 'ModelValidationFailure', message: /^The property 'foo' does not exist on type 'microsoft\.graph\.requestRemoteHelpSessionAccessResponse'\. Make sure to only use property names that are defined by the type or mark the type as open type\.$/ },
    { name: 'id in the body', payload: '{"id":"other","sessionKey":"a"}', status: 400, code: 'ModelValidationFailure', message: /The property 'id' does not exist/ },
    { name: 'bad enum value', payload: '{"sessionType":"watchOnly"}', status: 400, code: 'ModelValidationFailure', message: /'sessionType' is not a valid value of the enum type 'microsoft\.graph\.allowedRemoteAssistanceActions'/ },
    { name: 'enum in the wrong case', payload: '{"sessionType":"ViewScreen"}', status: 400, code: 'ModelValidationFailure', message: /'sessionType'/ },
    { name: 'bad flags combination', payload: '{"sessionType":"viewScreen,,elevation"}', status: 400, code: 'ModelValidationFailure', message: /'sessionType'/ },
    { name: 'enum as a number', payload: '{"sessionType":1}', status: 400, code: 'ModelValidationFailure', message: /'sessionType'/ },
    { name: 'wrong @odata.type', payload: '{"@odata.type":"#microsoft.graph.user","sessionKey":"a"}', status: 400, code: 'ModelValidationFailure', message: /type '#microsoft\.graph\.user' was found, but it is not assignable to the expected type 'microsoft\.graph\.requestRemoteHelpSessionAccessResponse'/ },
    { name: 'oversized body', payload: oversized, status: 413, code: 'RequestEntityTooLarge' },
    { name: '__proto__ key', payload: '{"__proto__":{"polluted":true},"sessionKey":"a"}', status: 400, code: 'ModelValidationFailure', message: /The property '__proto__' does not exist/ },
    { name: 'constructor key', payload: '{"constructor":{"prototype":{"polluted":true}}}', status: 400, code: 'ModelValidationFailure', message: /The property 'constructor' does not exist/ },
    { name: 'nested __proto__', payload: '{"sessionKey":{"__proto__":{"polluted":true}}}', status: 400, code: 'ModelValidationFailure', message: /'sessionKey'/ },
    { name: 'no Authorization header', headers: { 'content-type': 'application/json' }, payload: '{"sessionKey":"a"}', status: 401, code: 'InvalidAuthenticationToken', message: /^Access token is empty\.$/ },
    { name: 'Basic credentials', headers: { authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' }, payload: '{"sessionKey":"a"}', status: 401, code: 'InvalidAuthenticationToken' },
    { name: 'bearer without a token', headers: { authorization: 'Bearer   ', 'content-type': 'application/json' }, payload: '{"sessionKey":"a"}', status: 401, code: 'InvalidAuthenticationToken' },
    { name: 'unauthenticated and malformed: auth first', headers: { 'content-type': 'application/json' }, payload: '{bad', status: 401, code: 'InvalidAuthenticationToken' }
  ]

  for (const { name, headers = JSON_AUTH, payload, status, code, message } of cases) {
    test(name, async (t) => {
      const { app, store } = buildTestApp(t)
      const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers, ...(payload === undefined ? {} : { payload }) })
      assert.equal(res.statusCode, status)
      assert.equal(res.headers['content-type'], 'application/json')
      const { error } = res.json()
      assert.equal(error.code, code)
      if (message !== undefined) assert.match(error.message, message)
      if (code === 'ModelValidationFailure') assert.equal(error.innerError.message, error.message)
      assert.match(error.innerError['request-id'], GUID)
      assert.deepEqual(store.entitySet(ENTITY_SET).list(), Object.entries(seed()[ENTITY_SET] ?? {}))
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined)
    })
  }
})

describe('GET', () => {
  test('one object by id', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ url: itemUrl(OTHER_ID), headers: AUTH })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { '@odata.context': `http://localhost:80/beta/$metadata#${ENTITY_SET}/$entity`, '@odata.type': ODATA_TYPE, ...seed()[ENTITY_SET]?.[OTHER_ID] })
  })

  test('an unknown id is 404 ResourceNotFound', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ url: itemUrl('missing'), headers: AUTH })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error.code, 'ResourceNotFound')
    assert.match(res.json().error.message, /'missing'/)
  })

  test('the list is {"value": [...]} with @odata.context', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ url: COLLECTION_URL, headers: AUTH })
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.equal(body['@odata.context'], `http://localhost:80/beta/$metadata#${ENTITY_SET}`)
    assert.deepEqual(body.value, Object.values(seed()[ENTITY_SET] ?? {}).map((record) => ({ '@odata.type': ODATA_TYPE, ...record })))
  })

  test('an empty entity set lists as an empty value array', async (t) => {
    const { app } = buildTestApp(t)
    for (const id of [KNOWN_ID, OTHER_ID]) await app.inject({ method: 'DELETE', url: itemUrl(id), headers: AUTH })
    const res = await app.inject({ url: COLLECTION_URL, headers: AUTH })
    assert.deepEqual(res.json().value, [])
  })
})

describe('POST /beta/RequestRemoteHelpSessionAccessResponse', () => {
  test('answers 201 with the object and a Location that serves it', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: COLLECTION_URL, headers: { ...JSON_AUTH, host: 'graph.test:4000' }, payload: { sessionKey: 'new', sessionType: 'elevation' } })
    assert.equal(res.statusCode, 201)
    assert.deepEqual(res.json(), { '@odata.type': ODATA_TYPE, sessionKey: 'new', sessionType: 'elevation', pubSubEncryptionKey: null, pubSubEncryption: null })
    const location = new URL(String(res.headers.location))
    assert.equal(location.origin, 'http://graph.test:4000')
    const id = location.pathname.split('/').at(-1) ?? ''
    assert.match(id, GUID)
    assert.equal(location.pathname, itemUrl(id))
    const { '@odata.context': context, ...fetched } = (await app.inject({ url: location.pathname, headers: { ...AUTH, host: 'graph.test:4000' } })).json()
    assert.equal(context, `http://graph.test:4000/beta/$metadata#${ENTITY_SET}/$entity`)
    assert.deepEqual(fetched, res.json())
  })

  test('refuses an id in the body: the server assigns it', async (t) => {
    const { app, store } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: { id: 'mine', sessionKey: 'x' } })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.code, 'ModelValidationFailure')
    assert.equal(store.entitySet(ENTITY_SET).list().length, 2)
  })

  test('refuses a bad body and creates nothing', async (t) => {
    const { app, store } = buildTestApp(t)
    const res = await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: { sessionType: 'everything' } })
    assert.equal(res.statusCode, 400)
    assert.equal(store.entitySet(ENTITY_SET).list().length, 2)
  })
})

describe('DELETE /beta/RequestRemoteHelpSessionAccessResponse/{id}', () => {
  test('answers 204 with no body, and the object is gone', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'DELETE', url: itemUrl(KNOWN_ID), headers: AUTH })
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.equal(res.headers['content-type'], undefined)
    const again = await app.inject({ url: itemUrl(KNOWN_ID), headers: AUTH })
    assert.equal(again.statusCode, 404)
  })

  test('an unknown id is 404 and deletes nothing', async (t) => {
    const { app, store } = buildTestApp(t)
    const res = await app.inject({ method: 'DELETE', url: itemUrl('missing'), headers: AUTH })
    assert.equal(res.statusCode, 404)
    assert.equal(store.entitySet(ENTITY_SET).list().length, 2)
  })
})

describe('the permissions of the docs\' tables', () => {
  const bearer = (roles: readonly string[] | undefined) => ({ authorization: `Bearer ${unsignedJwt(appClaims({ roles }))}` })

  test('reads accept either Read.All permission; writes need a ReadWrite.All one', async (t) => {
    const { app } = buildTestApp(t)
    for (const permission of ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementConfiguration.Read.All']) {
      assert.equal((await app.inject({ url: itemUrl(KNOWN_ID), headers: bearer([permission]) })).statusCode, 200)
      assert.equal((await app.inject({ url: COLLECTION_URL, headers: bearer([permission]) })).statusCode, 200)
      for (const method of ['POST', 'DELETE'] as const) {
        const url = method === 'POST' ? COLLECTION_URL : itemUrl(KNOWN_ID)
        const res = await app.inject({ method, url, headers: { ...bearer([permission]), 'content-type': 'application/json' }, payload: method === 'POST' ? '{}' : undefined })
        assert.equal(res.statusCode, 403, `${method} with ${permission}`)
      }
    }
    for (const permission of ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All']) {
      assert.equal((await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...bearer([permission]), 'content-type': 'application/json' }, payload: {} })).statusCode, 200)
    }
  })

  test('a token without them is refused with Intune\'s 403 naming the ReadWrite permissions', async (t) => {
    const { app } = buildTestApp(t)
    const res = await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: { ...bearer(undefined), 'content-type': 'application/json' }, payload: {} })
    assert.equal(res.statusCode, 403)
    assert.match(res.json().error.message, /Application must have one of the following scopes: DeviceManagementServiceConfig\.ReadWrite\.All, DeviceManagementConfiguration\.ReadWrite\.All/)
  })
})

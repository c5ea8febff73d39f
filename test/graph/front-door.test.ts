import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { setTimeout } from 'node:timers/promises'
import { test } from 'node:test'
import { JSON_AUTH, appClaims, buildListeningApp, buildTestApp, stateOf, unsignedJwt } from '../helper.js'
import { openRaw, rawExchange } from '../raw-socket.js'
import { WIDGETS, WIDGET_ID, WIDGET_RESOURCE, widgetUrl } from '../test-resource.js'

test('a request whose body is still arriving when the server starts closing gets Graph\'s 503 with Retry-After at once, and changes nothing', async (t) => {
  const { app, port, store } = await buildListeningApp(t, { ...stateOf({ [WIDGETS]: { [WIDGET_ID]: { name: 'one' } } }, [WIDGETS]), resources: [WIDGET_RESOURCE] })
  const body = '{"name":"drain"}'
  const { closed } = await openRaw(port, `PATCH ${widgetUrl(WIDGET_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`)
  await setTimeout(50)
  // The client would send the rest later; the close does not wait for it.
  await app.close()
  const received = await closed

  assert.equal(received.split(/(?=HTTP\/1\.1 )/).length, 1)
  assert.match(received, /^HTTP\/1\.1 503 /)
  assert.match(received, /\r\nretry-after: 1\r\n/i)
  assert.match(received, /\r\nrequest-id: [0-9a-f-]{36}\r\n/i)
  assert.equal(JSON.parse(received.split('\r\n\r\n')[1] ?? '').error.code, 'serviceNotAvailable')
  assert.equal(store.entitySet(WIDGETS).get(WIDGET_ID)?.name, 'one')
})

test('fault rules come before the token: one that looks like a JWT and is none meets the default tenant\'s rules first, then its 401', async (t) => {
  const { app } = buildTestApp(t, { ...stateOf({ [WIDGETS]: { [WIDGET_ID]: { name: 'one' } } }, [WIDGETS]), resources: [WIDGET_RESOURCE] })
  const broken = { authorization: `Bearer eyJhbGciOiJub25lIn0.${Buffer.from('{"tid":5}').toString('base64url')}.x` }
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/faults', payload: { method: 'GET', status: 503, times: 1 } })).statusCode, 201)
  assert.equal((await app.inject({ url: widgetUrl(WIDGET_ID), headers: broken })).statusCode, 503)
  const refused = await app.inject({ url: widgetUrl(WIDGET_ID), headers: broken })
  assert.deepEqual([refused.statusCode, refused.json().error.code], [401, 'InvalidAuthenticationToken'])
})

test('a query string that does not percent-decode is refused on every method before the token is checked or fault rules and the body are read, as an undecodable path is, and changes nothing', async (t) => {
  const { app, store } = buildTestApp(t, { ...stateOf({ [WIDGETS]: { [WIDGET_ID]: { name: 'one' } } }, [WIDGETS]), resources: [WIDGET_RESOURCE] })
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503 } })).statusCode, 201)
  const answer = async (method: 'GET' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = JSON_AUTH) => {
    const res = await app.inject({ method, url, headers, ...(method === 'PATCH' ? { payload: { name: 'changed' } } : {}) })
    return [res.statusCode, res.json().error.message]
  }
  const undecodable = [400, 'The request URI is not valid: a percent-encoded sequence cannot be decoded.']
  assert.deepEqual(await answer('GET', `${widgetUrl(WIDGET_ID)}%FF`), undecodable)
  for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
    assert.deepEqual(await answer(method, `${widgetUrl(WIDGET_ID)}?appTag=%FF`), undecodable, method)
    assert.deepEqual(await answer(method, `${widgetUrl(WIDGET_ID)}?%zz=1`, {}), undecodable, `${method} without a token`)
  }
  assert.equal(store.entitySet(WIDGETS).get(WIDGET_ID)?.name, 'one')
  // Its token names its tenant all the same: the refusal is journaled where that tenant's suite looks.
  const tenantId = randomUUID()
  const ofTenant = { authorization: `Bearer ${unsignedJwt(appClaims({ tid: tenantId }))}` }
  assert.deepEqual(await answer('GET', `${widgetUrl(WIDGET_ID)}?appTag=%FF`, ofTenant), undecodable)
  const journal = (await app.inject(`/_mock/tenants/${tenantId}/requests`)).json<{ entries: Array<{ status: number }> }>().entries
  assert.deepEqual(journal.map((entry) => entry.status), [400])
  // An escaped % decodes: the request goes on, here to the fault rule.
  assert.equal((await app.inject({ url: `${widgetUrl(WIDGET_ID)}?appTag=%25FF`, headers: JSON_AUTH })).statusCode, 503)
})

test('a Host that names no host is refused before anything is read, and never written into an answer\'s URLs', async (t) => {
  const { app, store } = buildTestApp(t, { ...stateOf({ [WIDGETS]: { [WIDGET_ID]: { name: 'one' } } }, [WIDGETS]), resources: [WIDGET_RESOURCE] })
  for (const host of ['evil.test/x?y=', 'evil.test#', 'a b', 'evil.test:80:80', '[::1', '%zz', 'a%2Fb', 'localhost:99999', '[1.2.3.4]', '[:::::]', '[fe80::1%25eth0]']) {
    const res = await app.inject({ method: 'PATCH', url: widgetUrl(WIDGET_ID), headers: { ...JSON_AUTH, host }, payload: { name: 'changed' } })
    assert.deepEqual([res.statusCode, res.json().error.message], [400, `The Host header ${JSON.stringify(host)} is no host name or address with an optional port (RFC 9110, 7.2).`], host)
  }
  assert.equal(store.entitySet(WIDGETS).get(WIDGET_ID)?.name, 'one')
  // Names, addresses and ports, as compose and the SDKs send them, go on.
  for (const host of ['graph-mock:4000', 'localhost', '127.0.0.1:4000', '[::1]:4443', 'xn--bcher-kva.example', 'host_name.internal']) {
    const res = await app.inject({ url: widgetUrl(WIDGET_ID), headers: { ...JSON_AUTH, host } })
    assert.equal(res.statusCode, 200, host)
    assert.equal(res.json()['@odata.context'].startsWith(`http://${host}/beta/$metadata#`), true, host)
  }
  // The control API and the token issuer make URLs of it too: refused there, each in its own shape.
  const control = await app.inject({ url: '/_mock/requests', headers: { host: 'evil.test/x?y=' } })
  assert.deepEqual([control.statusCode, control.json().error.code], [400, 'BadRequest'])
  const issuer = await app.inject({ url: '/common/v2.0/.well-known/openid-configuration', headers: { host: 'evil.test/x?y=' } })
  assert.deepEqual([issuer.statusCode, issuer.json().error, issuer.json().error_description.split('\r\n')[0]], [400, 'invalid_request', 'The Host header "evil.test/x?y=" is no host name or address with an optional port (RFC 9110, 7.2).'])
})

test('a transfer coding besides chunked is Graph\'s 501, and its body is neither read as it came nor applied', async (t) => {
  const { port, store } = await buildListeningApp(t, { ...stateOf({ [WIDGETS]: { [WIDGET_ID]: { name: 'one' } } }, [WIDGETS]), resources: [WIDGET_RESOURCE] })
  const body = '{"name":"not gzip at all"}'
  const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`
  const send = async (coding: string) => await rawExchange(port, `PATCH ${widgetUrl(WIDGET_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: ${JSON_AUTH.authorization}\r\nContent-Type: application/json\r\nTransfer-Encoding: ${coding}\r\nConnection: close\r\n\r\n${chunked}`)
  for (const coding of ['gzip, chunked', 'deflate,chunked']) {
    const received = await send(coding)
    assert.match(received, /^HTTP\/1\.1 501 /, coding)
    const { error } = JSON.parse(received.split('\r\n\r\n')[1]?.replace(/^[\da-f]+\r\n|\r\n0\r\n\r\n$/g, '') ?? '')
    assert.deepEqual([error.code, error.message], ['NotImplemented', `The Transfer-Encoding ${JSON.stringify(coding)} holds a coding graph-mock cannot undo: send the body chunked alone, and name its compression in Content-Encoding.`], coding)
  }
  assert.equal(store.entitySet(WIDGETS).get(WIDGET_ID)?.name, 'one')
  assert.match(await send('Chunked'), /^HTTP\/1\.1 200 /)
  assert.equal(store.entitySet(WIDGETS).get(WIDGET_ID)?.name, 'not gzip at all')
  // The control API reads bodies too.
  const control = await rawExchange(port, `PUT /_mock/store/${WIDGETS}/${WIDGET_ID} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n${chunked}`)
  assert.match(control, /^HTTP\/1\.1 501 /)
  assert.equal(store.entitySet(WIDGETS).get(WIDGET_ID)?.name, 'not gzip at all')
})

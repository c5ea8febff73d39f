import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp } from '../helper.js'
import { buildConventionApp } from '../test-resource.js'

test('each version root answers its service document, learnt from the routes, with no token', async (t) => {
  const { app } = buildConventionApp(t)
  for (const url of ['/beta', '/BETA/']) {
    const res = await app.inject({ url, headers: { host: 'graph.test' } })
    assert.equal(res.statusCode, 200, url)
    assert.match(String(res.headers['content-type']), /^application\/json/)
    assert.deepEqual(res.json(), {
      '@odata.context': 'http://graph.test/beta/$metadata',
      value: [
        { name: 'shelves', kind: 'EntitySet', url: 'shelves' },
        { name: 'widgets', kind: 'EntitySet', url: 'widgets' }
      ]
    })
  }
  // The test resource is beta's alone; $batch and $metadata are no part of either model.
  const v1 = await app.inject({ url: '/v1.0/' })
  assert.deepEqual(v1.json().value, [])
})

test('the served resources are listed under their own spelling, singletons as such', async (t) => {
  const { app } = buildTestApp(t)
  const kinds = async (version: string) => Object.fromEntries(
    (await app.inject({ url: `/${version}` })).json().value.map(({ name, kind }: { name: string, kind: string }) => [name, kind]))
  assert.deepEqual(await kinds('beta'), {
    deviceManagement: 'Singleton',
    me: 'Singleton',
    RequestRemoteHelpSessionAccessResponse: 'EntitySet',
    users: 'EntitySet'
  })
  assert.deepEqual(await kinds('v1.0'), { deviceManagement: 'Singleton' })
})

test('the service document is read-only: another method is 405 with Allow', async (t) => {
  const { app } = buildConventionApp(t)
  const res = await app.inject({ method: 'POST', url: '/beta', headers: { authorization: 'Bearer x' } })
  assert.equal(res.statusCode, 405)
  assert.equal(res.headers.allow, 'GET')
})

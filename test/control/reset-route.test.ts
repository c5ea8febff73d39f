import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH, ENTITY_SET, JSON_AUTH, KNOWN_ID, OTHER_ID, buildTestApp, itemUrl, COLLECTION_URL } from '../helper.js'

test('after many updates, creates and deletes, a reset gives back byte-identical fixtures', async (t) => {
  const { app } = buildTestApp(t)
  const storeBefore = (await app.inject(`/_mock/store/${ENTITY_SET}`)).body
  const graphBefore = (await app.inject({ url: COLLECTION_URL, headers: AUTH })).body
  for (let i = 0; i < 50; i++) {
    await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: `k${i}`, sessionType: 'elevation' } })
    await app.inject({ method: 'POST', url: COLLECTION_URL, headers: JSON_AUTH, payload: { sessionKey: `new${i}` } })
  }
  await app.inject({ method: 'DELETE', url: itemUrl(OTHER_ID), headers: AUTH })
  assert.notEqual((await app.inject(`/_mock/store/${ENTITY_SET}`)).body, storeBefore)

  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset' })).statusCode, 204)
  assert.equal((await app.inject(`/_mock/store/${ENTITY_SET}`)).body, storeBefore)
  assert.equal((await app.inject({ url: COLLECTION_URL, headers: AUTH })).body, graphBefore)
})

async function arrange (app: ReturnType<typeof buildTestApp>['app']) {
  await app.inject({ method: 'PATCH', url: itemUrl(KNOWN_ID), headers: JSON_AUTH, payload: { sessionKey: 'changed' } })
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { status: 503, path: '/nothing', times: 5 } })
}

async function state (app: ReturnType<typeof buildTestApp>['app']) {
  return {
    changed: (await app.inject(`/_mock/store/${ENTITY_SET}/${KNOWN_ID}`)).json().sessionKey === 'changed',
    journaled: (await app.inject('/_mock/requests')).json().entries.length > 0,
    faults: (await app.inject('/_mock/faults')).json().rules.length > 0
  }
}

test('a plain reset puts back the store, empties the journal and removes every fault rule', async (t) => {
  const { app } = buildTestApp(t)
  await arrange(app)
  assert.deepEqual(await state(app), { changed: true, journaled: true, faults: true })
  await app.inject({ method: 'POST', url: '/_mock/reset' })
  assert.deepEqual(await state(app), { changed: false, journaled: false, faults: false })
})

const partial: Array<[string, { changed: boolean, journaled: boolean, faults: boolean }]> = [
  ['store', { changed: false, journaled: true, faults: true }],
  ['journal', { changed: true, journaled: false, faults: true }],
  ['faults', { changed: true, journaled: true, faults: false }],
  ['journal,faults', { changed: true, journaled: false, faults: false }]
]
for (const [only, expected] of partial) {
  test(`reset?only=${only} resets just that`, async (t) => {
    const { app } = buildTestApp(t)
    await arrange(app)
    assert.equal((await app.inject({ method: 'POST', url: `/_mock/reset?only=${only}` })).statusCode, 204)
    assert.deepEqual(await state(app), expected)
  })
}

test('reset?only with an unknown part is a 400 and resets nothing', async (t) => {
  const { app } = buildTestApp(t)
  await arrange(app)
  const res = await app.inject({ method: 'POST', url: '/_mock/reset?only=everything' })
  assert.equal(res.statusCode, 400)
  assert.match(res.json().error.message, /property 'only'/)
  assert.deepEqual(await state(app), { changed: true, journaled: true, faults: true })
})

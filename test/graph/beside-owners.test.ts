import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AUTH } from '../helper.js'
import { PARTS, WIDGET_ID, WIDGET_LABELS, WIDGET_PARTS, WIDGET_WITH_PARTS, buildPartsApp, widgetUrl } from '../test-resource.js'

test('a Graph DELETE of an entity deletes the records beside it that are its own (ownedThrough), and no others; the control API\'s DELETE deletes the entity alone', async (t) => {
  const { app, store } = buildPartsApp(t)
  const ids = (set: string) => store.entitySet(set).list().map(([id]) => id)
  const deleted = await app.inject({ method: 'DELETE', url: widgetUrl(WIDGET_ID), headers: AUTH })
  assert.deepEqual([deleted.statusCode, deleted.body], [204, ''])
  // By the time the 204 is answered: the widget's parts are gone, another widget's part stays, and labels belong to no widget.
  assert.deepEqual(ids(WIDGET_PARTS), ['p-3'])
  assert.deepEqual(ids(WIDGET_LABELS), ['l-1'])
  // An unknown entity's DELETE deletes nothing; nor does the control API's, a raw store operation: w-2 goes, its part stays.
  assert.equal((await app.inject({ method: 'DELETE', url: widgetUrl('no-such-widget'), headers: AUTH })).statusCode, 404)
  assert.equal((await app.inject({ method: 'DELETE', url: '/_mock/store/widgets/w-2' })).statusCode, 204)
  assert.deepEqual(ids(WIDGET_PARTS), ['p-3'])
  // Under another parent too.
  await app.inject({ method: 'PUT', url: '/_mock/store/widgets/w-2', payload: { name: 'two' } })
  assert.equal((await app.inject({ method: 'DELETE', url: '/beta/shelves/s-1/widgets/w-2', headers: AUTH })).statusCode, 204)
  assert.deepEqual(ids(WIDGET_PARTS), [])
})

test('a declaration whose records are owned through a property they do not have is refused when its routes are made', async (t) => {
  const parts = WIDGET_WITH_PARTS.besides?.[PARTS]
  assert.ok(parts !== undefined)
  const { app } = buildPartsApp(t, { ...WIDGET_WITH_PARTS, besides: { ...WIDGET_WITH_PARTS.besides, [PARTS]: { ...parts, ownedThrough: 'widget' } } })
  await assert.rejects(async () => { await app.ready() }, /widgets declares 'parts' records owned through 'widget', which they have no property of\./)
})

// node --test: one graph-mock per test file, its state reset before each test.
import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { startGraphMock } from 'graph-mock'

let graph
before(async () => { graph = await startGraphMock() })
after(() => graph.close())
beforeEach(() => graph.control.reset())

test('the app sees a device go into a Remote Help session', async () => {
  const devices = `${graph.url}/beta/deviceManagement/managedDevices`
  const headers = { authorization: 'Bearer any-token' }
  const { value: [device] } = await (await fetch(`${devices}?$top=1`, { headers })).json()

  const action = await fetch(`${devices}/${device.id}/requestRemoteAssistance`, { method: 'POST', headers })
  assert.equal(action.status, 204)

  const { entries } = await graph.control.listRequests({ query: { method: 'POST' } })
  assert.equal(entries[0].path, `/beta/deviceManagement/managedDevices/${device.id}/requestRemoteAssistance`)
})

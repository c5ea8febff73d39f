// graph-mock in a throwaway container for one suite, with Testcontainers for Node: started once
// /_mock/health answers, reached on the port Docker maps to the host, stopped at the end.
//   docker build -t graph-mock ../..   then   npm install && npm test
import assert from 'node:assert/strict'
import { after, before, beforeEach, test } from 'node:test'
import { GenericContainer, Wait } from 'testcontainers'

const IMAGE = process.env.GRAPH_MOCK_IMAGE ?? 'graph-mock'
const SESSION = '0f3c5a8e-2b7d-4e61-9c1a-5d8f2e7b4a90' // in the image's fixtures
const json = { 'content-type': 'application/json' }
let container
let graph

before(async () => {
  container = await new GenericContainer(IMAGE)
    // Both ports the image EXPOSEs (4443 is HTTPS, for the SDKs): podman 4.3 lists an EXPOSEd port
    // left unmapped among the bindings, which Testcontainers then waits for in vain (podman#16818).
    .withExposedPorts(4000, 4443)
    .withWaitStrategy(Wait.forHttp('/_mock/health', 4000))
    .start()
  graph = `http://${container.getHost()}:${container.getMappedPort(4000)}`
})

after(async () => {
  await container?.stop()
})

beforeEach(async () => {
  assert.equal((await fetch(`${graph}/_mock/reset`, { method: 'POST' })).status, 204)
})

test('a PATCH is answered with the updated session, and journaled', async () => {
  const res = await fetch(`${graph}/beta/RequestRemoteHelpSessionAccessResponse/${SESSION}`, {
    method: 'PATCH',
    headers: { ...json, authorization: 'Bearer any-token' },
    body: JSON.stringify({ sessionType: 'takeFullControl' })
  })
  assert.equal(res.status, 200)
  assert.equal((await res.json()).sessionType, 'takeFullControl')
  const { entries } = await (await fetch(`${graph}/_mock/requests?method=PATCH`)).json()
  assert.deepEqual(entries.map((entry) => entry.body), [{ sessionType: 'takeFullControl' }])
})

test('each test starts from the fixtures again', async () => {
  const res = await fetch(`${graph}/beta/RequestRemoteHelpSessionAccessResponse/${SESSION}`, { headers: { authorization: 'Bearer any-token' } })
  assert.equal((await res.json()).sessionType, 'viewScreen')
})

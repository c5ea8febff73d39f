// jest, as ES modules: NODE_OPTIONS=--experimental-vm-modules npx jest
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { startGraphMock } from 'graph-mock'

let graph
beforeAll(async () => { graph = await startGraphMock() })
afterAll(() => graph.close())

test('an app whose token lacks the write permission gets Intune\'s 403', async () => {
  await graph.control.putTokenClient({ params: { clientId: 'read-only-app' }, body: { roles: ['DeviceManagementServiceConfig.Read.All'] } })
  const tokenAnswer = await fetch(`${graph.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'read-only-app', client_secret: 'any', scope: 'https://graph.microsoft.com/.default' })
  })
  const { access_token: token } = await tokenAnswer.json()

  const answer = await fetch(`${graph.url}/beta/deviceManagement/remoteAssistanceSettings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ remoteAssistanceState: 'enabled' })
  })
  expect(answer.status).toBe(403)
})

// vitest: the same, with fixtures given as objects and a fault rule.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { startGraphMock } from 'graph-mock'

const PARTNER_ID = '0d9f6c1e-4b2a-4f3e-9a8b-7c6d5e4f3a2b'
let graph
beforeAll(async () => {
  graph = await startGraphMock({
    fixtures: {
      'deviceManagement.remoteAssistancePartners': {
        [PARTNER_ID]: {
          displayName: 'TeamViewer',
          onboardingUrl: 'https://example.com/onboard',
          onboardingStatus: 'notOnboarded',
          lastConnectionDateTime: null,
          onboardingRequestExpiryDateTime: null
        }
      }
    }
  })
})
afterAll(() => graph.close())
beforeEach(() => graph.control.reset())

test('a throttled read is answered as Intune answers it', async () => {
  await graph.control.addFaultRule({ body: { path: '/beta/deviceManagement/remoteAssistancePartners', status: 429, times: 1 } })
  const url = `${graph.url}/beta/deviceManagement/remoteAssistancePartners/${PARTNER_ID}`
  const headers = { authorization: 'Bearer any-token' }

  const throttled = await fetch(url, { headers })
  expect(throttled.status).toBe(429)
  expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/)

  const partner = await (await fetch(url, { headers })).json()
  expect(partner.displayName).toBe('TeamViewer')
})

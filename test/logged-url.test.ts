import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loggedUrl } from '../src/logged-url.js'

test('credential parameters are redacted, however they are spelled; other parameters stay', () => {
  const cases: Array<[string, string]> = [
    ['/beta/x', '/beta/x'],
    ['/beta/x?$top=2&$filter=a%20eq%201', '/beta/x?$top=2&$filter=a%20eq%201'],
    ['/t/oauth2/v2.0/token?client_secret=abc', '/t/oauth2/v2.0/token?client_secret=[REDACTED]'],
    ['/t?CODE=1&x=2&Access_Token=3', '/t?CODE=[REDACTED]&x=2&Access_Token=[REDACTED]'],
    ['/t?refresh%5Ftoken=1&assertion=2&id_token', '/t?refresh%5Ftoken=[REDACTED]&assertion=[REDACTED]&id_token=[REDACTED]'],
    ['/t?client_secret=a=b&%zz=1', '/t?client_secret=[REDACTED]&%zz=1']
  ]
  for (const [url, logged] of cases) assert.equal(loggedUrl(url), logged, url)
})

test('a long URL is cut to 200 characters, after redaction', () => {
  const logged = loggedUrl(`/t?client_secret=${'s'.repeat(300)}&${'q'.repeat(300)}`)
  assert.equal(logged, `/t?client_secret=[REDACTED]&${'q'.repeat(172)}…`)
})

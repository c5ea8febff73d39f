/**
 * End to end: an app signing a user in with @azure/identity (test/clients/delegated-app.ts), by
 * password, by authorization code or by device code, gets a delegated token from graph-mock's issuer over HTTPS,
 * and Graph beta's SDK reads that user's `/me/managedDevices` with it, AUTH_MODE=signed.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startServer } from '../server-process.js'
import { runSdkApp } from './sdk-app.js'

const USER = 'megan.bowen@contoso.onmicrosoft.com'

for (const [signIn, credential] of [['password', 'UsernamePasswordCredential'], ['code', 'AuthorizationCodeCredential'], ['device', 'DeviceCodeCredential']] as const) {
  test(`a user signed in by ${credential} reads their own devices through /me with the beta SDK`, async (t) => {
    const tlsDir = await mkdtemp(join(tmpdir(), 'graph-mock-delegated-'))
    t.after(() => rm(tlsDir, { recursive: true, force: true }))
    const server = await startServer(t, { HTTPS_PORT: '0', TLS_DIR: tlsDir, AUTH_MODE: 'signed' })
    const stdout = await runSdkApp('test/clients/delegated-app.ts', { httpsUrl: server.httpsUrl ?? '', tlsDir, env: { SIGN_IN: signIn, USERNAME: USER.toUpperCase(), PASSWORD: 'any password' } })
    const { devices, claims, claimsAgain, sameTokenAgain } = JSON.parse(stdout) as { devices: Array<{ id: string, userPrincipalName: string }>, claims: Record<string, unknown>, claimsAgain: Record<string, unknown>, sameTokenAgain: boolean }

    const fixtures = JSON.parse(await readFile(new URL('../../fixtures/deviceManagement.managedDevices.json', import.meta.url), 'utf8')) as Record<string, { userPrincipalName: string }>
    const megans = Object.entries(fixtures).filter(([, device]) => device.userPrincipalName === USER).map(([id]) => id)
    assert.ok(megans.length >= 2)
    assert.deepEqual(devices.map((device) => device.id).sort(), megans.sort())
    assert.ok(devices.every((device) => device.userPrincipalName === USER))
    assert.deepEqual([claims['idtyp'], claims['upn'], claims['appid']], ['user', USER.toUpperCase(), 'remote-help-app'])
    assert.ok(String(claims['scp']).split(' ').includes('DeviceManagementManagedDevices.Read.All'))
    // MSAL keys its cache by the answer's scopes, which name .default as Entra's do, so the ask after the SDK's is answered from it.
    assert.deepEqual([claimsAgain['oid'], claimsAgain['upn'], claimsAgain['scp']], [claims['oid'], claims['upn'], claims['scp']])
    assert.equal(sameTokenAgain, true)
  })
}

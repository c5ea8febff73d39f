/** Shared test set-up: an app around a fresh store, bearer tokens, and the seed records. */
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import type { TestContext } from 'node:test'
import { buildApp, type AppDeps } from '../src/app.js'
import { signingKey } from '../src/state/signing-key.js'
import { storedSets } from '../src/resources/index.js'
import { ENTITY_SET } from '../src/resources/request-remote-help-session-access-response/schemas.js'
import { DEFAULT_TENANT_ID, createTenants, type TenantOptions } from '../src/state/tenants.js'
import type { StoreSeed } from '../src/state/store.js'

export { ENTITY_SET }
export const COLLECTION_URL = `/beta/${ENTITY_SET}`
export const KNOWN_ID = 'a1b2c3d4-1111-4111-8111-abcdefabcdef'
export const OTHER_ID = 'b2c3d4e5-2222-4222-8222-bcdefabcdefa'
export const itemUrl = (id: string) => `${COLLECTION_URL}/${id}`

export function seed (): StoreSeed {
  return {
    [ENTITY_SET]: {
      [KNOWN_ID]: { sessionKey: 'key-1', sessionType: 'viewScreen', pubSubEncryptionKey: 'c2VjcmV0LWtleS0x', pubSubEncryption: 'AES256' },
      [OTHER_ID]: { sessionKey: 'key-2', sessionType: 'takeFullControl', pubSubEncryptionKey: 'c2VjcmV0LWtleS0y', pubSubEncryption: 'AES256' }
    }
  }
}

export const AUTH = { authorization: 'Bearer opaque-test-token' }
export const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' }

export const DEFAULT_TOKEN_ROLES = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All']
/**
 * One fixed key for every test, read from test/keys (a key made for these tests and nothing
 * else): making an RSA key per test file would cost each a tenth of a second or more.
 */
export const SIGNING_KEY = await signingKey(fileURLToPath(new URL('./keys', import.meta.url)))

/**
 * Tenants as server.ts makes them around `records`: every resource's set (or `entitySets`), an
 * empty journal of the default size, no fault rules; beside them, the default tenant's state,
 * which most tests read and arrange.
 */
export function stateOf (records: StoreSeed, entitySets: readonly string[] = storedSets(), tenantOptions: Partial<TenantOptions> = {}) {
  const options = { journalLimit: 1000, entitySets, tokenRoles: DEFAULT_TOKEN_ROLES, ...tenantOptions }
  const tenants = createTenants(records, options)
  return { ...tenants.of(DEFAULT_TENANT_ID), tenants, signingKey: async () => SIGNING_KEY }
}

/** A fresh state around the seed records of the pseudo set. */
export const freshState = () => stateOf(seed())

/** An app around a fresh state (or the parts given), closed when the test ends. */
export function buildTestApp (t: TestContext, deps: Partial<AppDeps> = {}) {
  const options = { ...freshState(), ...deps }
  const app = buildApp(options)
  t.after(() => app.close())
  return { ...options, app }
}

/** A fresh app listening on an ephemeral loopback port, closed when the test ends. */
export async function buildListeningApp (t: TestContext, deps: Partial<AppDeps> = {}) {
  const built = buildTestApp(t, deps)
  await built.app.listen({ port: 0, host: '127.0.0.1' })
  const address = built.app.server.address()
  if (address === null || typeof address !== 'object') throw new Error('the app is not listening on a TCP port')
  return { ...built, port: address.port }
}

/** A JWT with these claims and no valid signature: graph-mock checks claims, not signatures. */
export function unsignedJwt (claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Claims of a valid app-only Graph token of the default tenant that may write the resource; override any of them. */
export function appClaims (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${DEFAULT_TENANT_ID}/`,
    tid: DEFAULT_TENANT_ID,
    idtyp: 'app',
    roles: ['DeviceManagementServiceConfig.ReadWrite.All'],
    nbf: nowSeconds() - 60,
    exp: nowSeconds() + 3600,
    ...overrides
  }
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** innerError.date: UTC to the second, without fraction or zone. */
export const INNER_ERROR_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/

export interface Answer { statusCode: number, headers: Record<string, unknown>, body: string }

/** What every answer must be: below 500, and a Graph error envelope when it is not a success. */
export function assertGraphShaped ({ statusCode, headers, body }: Answer): void {
  assert.ok(statusCode < 500, `status ${statusCode}: ${body}`)
  assert.match(String(headers['request-id']), GUID)
  if (statusCode < 300) return
  assert.equal(headers['content-type'], 'application/json')
  const { error } = JSON.parse(body) as { error: { code: string, message: string, innerError: { date: string } } }
  assert.equal(typeof error.code, 'string')
  assert.equal(typeof error.message, 'string')
  assert.match(error.innerError.date, INNER_ERROR_DATE)
}

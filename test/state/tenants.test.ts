/** createTenants: each tenant's own state seeded from the fixtures, ids in any case, the default tenant always held, and the limit with idle eviction. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { storedSets } from '../../src/resources/index.js'
import { DEFAULT_TENANT_ID, TenantLimitError, createTenants, type TenantOptions } from '../../src/state/tenants.js'
import { DEFAULT_TOKEN_ROLES, ENTITY_SET, KNOWN_ID, OTHER_ID, seed } from '../helper.js'

const A = 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa'
const B = 'bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb'
const C = 'cccccccc-3333-4333-8333-cccccccccccc'

const ROW = { sessionKey: 'new', sessionType: 'elevation', pubSubEncryptionKey: null, pubSubEncryption: null }

/** A clock the test moves by hand, in milliseconds. */
function clock (start = 1_000_000) {
  let time = start
  return { now: () => time, advance: (ms: number) => { time += ms } }
}

function tenantsOf (options: Partial<TenantOptions> = {}) {
  return createTenants(seed(), { journalLimit: 10, entitySets: storedSets(), tokenRoles: DEFAULT_TOKEN_ROLES, ...options })
}

const ids = (tenants: ReturnType<typeof tenantsOf>) => tenants.list().map((tenant) => tenant.tenantId)
const sessionKeys = (tenants: ReturnType<typeof tenantsOf>, tenantId: string) =>
  tenants.of(tenantId).store.entitySet(ENTITY_SET).list().map(([id, record]) => [id, record.sessionKey])

const FIXTURE_KEYS = [[KNOWN_ID, 'key-1'], [OTHER_ID, 'key-2']]

test('the default tenant is held from the start, in any case', () => {
  const tenants = tenantsOf()
  assert.equal(tenants.size, 1)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID])
  assert.equal(tenants.of(DEFAULT_TENANT_ID.toUpperCase()), tenants.of(DEFAULT_TENANT_ID))
  assert.equal(tenants.size, 1)
  assert.deepEqual(sessionKeys(tenants, DEFAULT_TENANT_ID), FIXTURE_KEYS)
})

test('of brings a tenant into use with its own store seeded from the fixtures, journal, fault rules, token clients and page cursors', () => {
  const tenants = tenantsOf()
  const a = tenants.of(A)
  const b = tenants.of(B)
  const fallback = tenants.of(DEFAULT_TENANT_ID)
  assert.equal(tenants.size, 3)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, A, B])
  for (const part of ['store', 'journal', 'faults', 'clients', 'cursors'] as const) {
    assert.notEqual(a[part], b[part], part)
    assert.notEqual(a[part], fallback[part], part)
  }
  // Once in use, a tenant is the same state every time.
  assert.equal(tenants.of(A), a)
  assert.equal(tenants.size, 3)

  a.store.entitySet(ENTITY_SET).update(KNOWN_ID, { sessionKey: 'changed-in-a' })
  a.store.entitySet(ENTITY_SET).put('a-only', ROW)
  b.store.entitySet(ENTITY_SET).delete(OTHER_ID)
  a.faults.add({ status: 503 })
  a.clients.put('app-1', { roles: ['Only.In.A'] })
  assert.deepEqual(sessionKeys(tenants, A), [[KNOWN_ID, 'changed-in-a'], [OTHER_ID, 'key-2'], ['a-only', 'new']])
  assert.deepEqual(sessionKeys(tenants, B), [[KNOWN_ID, 'key-1']])
  assert.deepEqual(sessionKeys(tenants, DEFAULT_TENANT_ID), FIXTURE_KEYS)
  assert.equal(b.faults.size(), 0)
  assert.deepEqual(b.clients.get('app-1').roles, DEFAULT_TOKEN_ROLES)
  // A tenant coming into use after the others changed theirs still starts from the fixtures.
  assert.deepEqual(sessionKeys(tenants, C), FIXTURE_KEYS)
  // And a reset of A's store gives back the fixtures, not what another tenant holds.
  a.store.reset()
  assert.deepEqual(sessionKeys(tenants, A), FIXTURE_KEYS)
  assert.deepEqual(sessionKeys(tenants, B), [[KNOWN_ID, 'key-1']])
})

test('tenant ids match in any case and are listed lower-cased', () => {
  const tenants = tenantsOf()
  const upper = tenants.of(A.toUpperCase())
  assert.equal(tenants.of(A), upper)
  assert.equal(tenants.of('AaAaAaAa-1111-4111-8111-aAaAaAaAaAaA'), upper)
  assert.equal(tenants.size, 2)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, A])
  assert.equal(tenants.drop(A.toUpperCase()), true)
  assert.equal(tenants.size, 1)
})

test('list reports each tenant\'s record counts and when it was last used, by the clock given', () => {
  const time = clock()
  const tenants = tenantsOf({ now: time.now })
  time.advance(1000)
  const a = tenants.of(A)
  a.store.entitySet(ENTITY_SET).put('a-only', ROW)
  time.advance(1000)
  tenants.of(B).store.entitySet(ENTITY_SET).delete(KNOWN_ID)
  const counts = (records: number) => ({ ...Object.fromEntries(storedSets().map((name) => [name, 0])), [ENTITY_SET]: records })
  assert.deepEqual(tenants.list(), [
    { tenantId: DEFAULT_TENANT_ID, lastUsedAt: 1_000_000, records: counts(2) },
    { tenantId: A, lastUsedAt: 1_001_000, records: counts(3) },
    { tenantId: B, lastUsedAt: 1_002_000, records: counts(1) }
  ])
  // Reaching a tenant again (a Graph request of its tid) is a use too; listing is not.
  time.advance(5000)
  tenants.of(A)
  time.advance(5000)
  tenants.list()
  assert.deepEqual(tenants.list().map(({ tenantId, lastUsedAt }) => [tenantId, lastUsedAt]), [[DEFAULT_TENANT_ID, 1_000_000], [A, 1_007_000], [B, 1_002_000]])
})

test('drop forgets one tenant: the others keep their state, and its next use starts from the fixtures', () => {
  const tenants = tenantsOf()
  const a = tenants.of(A)
  const b = tenants.of(B)
  a.store.entitySet(ENTITY_SET).put('a-only', ROW)
  b.store.entitySet(ENTITY_SET).put('b-only', ROW)
  a.journal.record({ id: 0, receivedAt: 0, method: 'GET', url: '/beta/x', headers: {}, query: {}, bodyText: undefined, status: 200, requestId: 'r', durationMs: 1 })

  assert.equal(tenants.drop(A), true)
  assert.equal(tenants.size, 2)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, B])
  assert.deepEqual(sessionKeys(tenants, B), [...FIXTURE_KEYS, ['b-only', 'new']])
  assert.equal(tenants.drop(A), false, 'a tenant not in use is not dropped')
  assert.equal(tenants.drop(C), false)

  const again = tenants.of(A)
  assert.notEqual(again, a)
  assert.deepEqual(sessionKeys(tenants, A), FIXTURE_KEYS)
  assert.deepEqual(again.journal.records(), [])
})

test('dropping the default tenant makes it again at once, from the fixtures', () => {
  const tenants = tenantsOf()
  const before = tenants.of(DEFAULT_TENANT_ID)
  before.store.entitySet(ENTITY_SET).delete(KNOWN_ID)
  tenants.of(A)
  assert.equal(tenants.drop(DEFAULT_TENANT_ID.toUpperCase()), true)
  assert.equal(tenants.size, 2)
  const after = tenants.of(DEFAULT_TENANT_ID)
  assert.notEqual(after, before)
  assert.equal(tenants.of(DEFAULT_TENANT_ID), after)
  assert.deepEqual(sessionKeys(tenants, DEFAULT_TENANT_ID), FIXTURE_KEYS)
  assert.deepEqual(ids(tenants).sort(), [DEFAULT_TENANT_ID, A].sort())
})

test('dropAll forgets every tenant and leaves only a fresh default tenant', () => {
  const tenants = tenantsOf()
  const fallback = tenants.of(DEFAULT_TENANT_ID)
  fallback.store.entitySet(ENTITY_SET).delete(KNOWN_ID)
  tenants.of(A).store.entitySet(ENTITY_SET).delete(KNOWN_ID)
  tenants.of(B)
  tenants.dropAll()
  assert.equal(tenants.size, 1)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID])
  assert.notEqual(tenants.of(DEFAULT_TENANT_ID), fallback)
  assert.deepEqual(sessionKeys(tenants, DEFAULT_TENANT_ID), FIXTURE_KEYS)
  assert.deepEqual(sessionKeys(tenants, A), FIXTURE_KEYS)
})

test('when full, a new tenant is refused until one has gone unused for idleSeconds; then the one unused longest makes room', () => {
  const time = clock()
  const tenants = tenantsOf({ tenantLimit: 3, idleSeconds: 60, now: time.now })
  const a = tenants.of(A)
  a.store.entitySet(ENTITY_SET).put('a-only', ROW)
  time.advance(10_000)
  tenants.of(B)
  // A was used 60 s ago less a millisecond: none may go yet.
  time.advance(49_999)
  const refusal = (error: unknown) => {
    assert.ok(error instanceof TenantLimitError)
    assert.deepEqual([error.limit, error.idleSeconds, error.message], [3, 60, 'graph-mock holds MOCK_TENANT_LIMIT=3 tenants (startGraphMock\'s tenantLimit) and none has been unused for MOCK_TENANT_IDLE_SECONDS=60 s (tenantIdleSeconds); raise the limit, or forget tenants with DELETE /_mock/tenants/{tenantId} (the control client\'s forgetTenant).'])
    return true
  }
  assert.throws(() => tenants.of(C), refusal)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, A, B], 'a refusal changes nothing')
  assert.equal(tenants.of(A), a)
  // That touched A just now, so B (unused for 50 s) is the oldest; 10 s later it has been idle for 60 s.
  time.advance(1)
  assert.throws(() => tenants.of(C), refusal)
  time.advance(10_000)
  const c = tenants.of(C)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, A, C])
  assert.equal(tenants.of(C), c)
  assert.equal(tenants.of(A), a, 'A kept its state')
  assert.deepEqual(sessionKeys(tenants, A), [...FIXTURE_KEYS, ['a-only', 'new']])
})

test('the default tenant is never dropped to make room, however long it is unused, and a tenant already in use is never refused', () => {
  const time = clock()
  const tenants = tenantsOf({ tenantLimit: 2, idleSeconds: 0, now: time.now })
  tenants.of(A)
  time.advance(3_600_000)
  // idleSeconds 0: A, unused for an hour, may go; the default tenant, unused as long, may not.
  tenants.of(B)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, B])
  assert.doesNotThrow(() => tenants.of(B.toUpperCase()))
  assert.doesNotThrow(() => tenants.of(DEFAULT_TENANT_ID))

  const single = tenantsOf({ tenantLimit: 1, idleSeconds: 0, now: time.now })
  time.advance(3_600_000)
  assert.throws(() => single.of(A), TenantLimitError)
  assert.deepEqual(ids(single), [DEFAULT_TENANT_ID])
  assert.doesNotThrow(() => single.of(DEFAULT_TENANT_ID))
})

test('a tenant dropped by hand frees its place for a new one at once', () => {
  const time = clock()
  const tenants = tenantsOf({ tenantLimit: 2, idleSeconds: 600, now: time.now })
  tenants.of(A)
  assert.throws(() => tenants.of(B), TenantLimitError)
  tenants.drop(A)
  tenants.of(B)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, B])
  tenants.dropAll()
  tenants.of(C)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, C])
})

test('release forgets the tenant its claim brought into use, unless something used it since; a claim of a tenant in use is none', () => {
  const tenants = tenantsOf()
  const first = tenants.claim(A)
  assert.ok(first.claim !== undefined)
  assert.equal(tenants.claim(DEFAULT_TENANT_ID).claim, undefined)
  tenants.release(first.claim)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID])

  const second = tenants.claim(B)
  assert.equal(tenants.claim(B.toUpperCase()).claim, undefined, 'B is in use now')
  assert.ok(second.claim !== undefined)
  tenants.release(second.claim)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, B], 'B was used after its claim')

  // A claim of a tenant since forgotten and made again releases nothing of the new one.
  const third = tenants.claim(C)
  assert.ok(third.claim !== undefined)
  tenants.drop(C)
  tenants.of(C)
  tenants.release(third.claim)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, B, C])
})

test('a released claim that made room brings back the idle tenant it dropped, with its state, unless that tenant was made anew meanwhile', () => {
  const time = clock()
  const tenants = tenantsOf({ tenantLimit: 3, idleSeconds: 60, now: time.now })
  tenants.of(A).store.entitySet(ENTITY_SET).put('a-only', ROW)
  time.advance(60_000)
  tenants.of(C)
  const claimOfB = tenants.claim(B)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, C, B], 'A made room for B')
  assert.ok(claimOfB.claim !== undefined)
  tenants.release(claimOfB.claim)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, C, A])
  assert.deepEqual(sessionKeys(tenants, A), [...FIXTURE_KEYS, ['a-only', 'new']], 'A came back as it was')

  // A made anew, in the place of another idle tenant, while the claim that dropped it stands.
  time.advance(1)
  tenants.of(C)
  time.advance(60_000)
  const again = tenants.claim(B)
  assert.ok(again.claim !== undefined)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, C, B], 'A, unused longest, made room for B')
  tenants.of(A)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, B, A], 'C, idle as long, made room for A anew')
  tenants.release(again.claim)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID, A])
  assert.deepEqual(sessionKeys(tenants, A), FIXTURE_KEYS, 'the A made again is kept, not the one B dropped')
})

test('a tenant forgotten while a claim that dropped it is pending stays forgotten when the claim is released', () => {
  const time = clock()
  const tenants = tenantsOf({ tenantLimit: 2, idleSeconds: 60, now: time.now })
  tenants.of(A).store.entitySet(ENTITY_SET).put('a-only', ROW)
  time.advance(60_000)
  const pending = tenants.claim(B)
  assert.ok(pending.claim !== undefined)
  // DELETE /_mock/tenants/{A} meanwhile: A is not in use, and is meant to be gone.
  assert.equal(tenants.drop(A), false)
  tenants.release(pending.claim)
  assert.deepEqual(ids(tenants), [DEFAULT_TENANT_ID])
  assert.deepEqual(sessionKeys(tenants, A), FIXTURE_KEYS, 'A starts again from the fixtures')
})

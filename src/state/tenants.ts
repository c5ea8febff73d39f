/**
 * Every tenant in use, each with a state of its own (store seeded from the fixtures when it
 * comes into use, journal, fault rules, token clients, page cursors, clock, throttling), so that suites running in
 * parallel, each in its own tenant, never see each other's records, requests or rules. A tenant
 * comes into use when anything first names it: a token's `tid`, the issuer's authority, the
 * control API's path. Requests that name none belong to the default tenant. Knows nothing of HTTP.
 */
import { GUID_PATTERN, isGuid } from './formats.js'
import { createState, type MockState, type StateOptions } from './state.js'
import type { SharedRoom, StoreSeed } from './store.js'

/** The tenant of opaque tokens, of `AUTH_MODE=off`, and of the issuer's `common`, `organizations` and domain-name authorities. */
export const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-000000000001'

/** A tenant id as Entra writes one (a GUID), the only name a token's `tid` gives a tenant. */
export const TENANT_ID_PATTERN = GUID_PATTERN
export const isTenantId = isGuid

/** A tenant would be one more than the limit allows, and none has been idle long enough to make room. */
export class TenantLimitError extends Error {
  override name = 'TenantLimitError'
  constructor (readonly limit: number, readonly idleSeconds: number) {
    super(`graph-mock holds MOCK_TENANT_LIMIT=${limit} tenants (startGraphMock's tenantLimit) and none has been unused for MOCK_TENANT_IDLE_SECONDS=${idleSeconds} s (tenantIdleSeconds); raise the limit, or forget tenants with DELETE /_mock/tenants/{tenantId} (the control client's forgetTenant).`)
  }
}

/** What `claim` hands back when its call brought a tenant into use: what `release` needs to undo it. */
export interface TenantClaim {
  readonly tenantId: string
  readonly state: MockState
  /** How many uses the tenant had when it was claimed: any later one keeps it. */
  readonly uses: number
  /** The idle tenant dropped to make room for it, brought back if the claim is released. */
  readonly evicted: readonly [tenantId: string, tenant: HeldTenant] | undefined
  /** How many tenants had been forgotten by hand when it was claimed: after another forget, the dropped one stays dropped. */
  readonly forgets: number
}

/** A tenant as it is held. */
export interface HeldTenant { readonly state: MockState, lastUsedAt: number, uses: number }

export interface TenantSummary {
  tenantId: string
  lastUsedAt: number
  records: Record<string, number>
}

export interface Tenants {
  /** The state of `tenantId` (any case), made from the fixtures when it is new. Throws TenantLimitError when full. */
  of (tenantId: string): MockState
  /** Like `of`; when this call brought the tenant into use, also the claim that `release` undoes. */
  claim (tenantId: string): { state: MockState, claim: TenantClaim | undefined }
  /** Forgets the tenant a claim brought into use, unless something has used it since, and brings back the one it made room by dropping: the undo of a first request that was refused. */
  release (claim: TenantClaim): void
  /** Counts a use of `tenantId` now, if it is held, making none: each item of a `$batch` as it starts. */
  touch (tenantId: string): void
  /** The state of `tenantId` when it is in use, else one as it would start, which no tenant holds: what a read sees, bringing nothing into use. */
  read (tenantId: string): MockState
  list (): TenantSummary[]
  /** Forgets a tenant: its next use starts from the fixtures. The default tenant is made again at once. */
  drop (tenantId: string): boolean
  dropAll (): void
  readonly size: number
  /** MOCK_JOURNAL_LIMIT, every tenant's journal's. */
  readonly journalLimit: number
}

export interface TenantOptions extends StateOptions {
  /** MOCK_TENANT_LIMIT: the most tenants held at once, the default one included. */
  tenantLimit?: number
  /** MOCK_TENANT_IDLE_SECONDS: how long a tenant must go unused before a new one may take its place. */
  idleSeconds?: number
  /** The clock tenants' use is measured by, in milliseconds. */
  now?: () => number
  /** MOCK_STORE_TOTAL_LIMIT_MB: the most MiB of JSON the stores of every tenant held may take together. */
  storeTotalLimitMiB?: number
}

export function createTenants (seed: StoreSeed, { tenantLimit = Number.POSITIVE_INFINITY, idleSeconds = 900, now = Date.now, storeTotalLimitMiB, ...options }: TenantOptions): Tenants {
  const tenants = new Map<string, HeldTenant>()
  // Summed when a store would grow, over the tenants held then: one dropped, or never held, counts for nothing.
  const sharedRoom: SharedRoom | undefined = storeTotalLimitMiB === undefined
    ? undefined
    : {
        charLimit: storeTotalLimitMiB * 1024 * 1024,
        othersChars: (self) => {
          let chars = 0
          for (const { state: { store } } of tenants.values()) if (store !== self) chars += store.chars()
          return chars
        }
      }
  const stateOptions = { ...options, sharedRoom }
  let forgets = 0
  const make = (tenantId: string) => {
    const tenant: HeldTenant = { state: createState(seed, stateOptions), lastUsedAt: now(), uses: 0 }
    tenants.set(tenantId, tenant)
    return tenant
  }
  /** Drops the tenant used least recently, if it has been idle long enough, to make room for a new one; returns it. */
  function makeRoom (): [string, HeldTenant] {
    let oldest: [string, HeldTenant] | undefined
    for (const entry of tenants) {
      if (entry[0] !== DEFAULT_TENANT_ID && (oldest === undefined || entry[1].lastUsedAt < oldest[1].lastUsedAt)) oldest = entry
    }
    if (oldest === undefined || now() - oldest[1].lastUsedAt < idleSeconds * 1000) throw new TenantLimitError(tenantLimit, idleSeconds)
    tenants.delete(oldest[0])
    return oldest
  }
  const use = (tenant: HeldTenant) => {
    tenant.lastUsedAt = now()
    tenant.uses++
  }
  /** The tenant of a lower-cased id, used, if it is held; no object is made for it. */
  function inUse (id: string): HeldTenant | undefined {
    const held = tenants.get(id)
    if (held !== undefined) use(held)
    return held
  }
  /** A new tenant of a lower-cased id, used; with the tenant dropped to make room for it. */
  function added (id: string): { tenant: HeldTenant, evicted: [string, HeldTenant] | undefined } {
    const evicted = tenants.size >= tenantLimit ? makeRoom() : undefined
    const tenant = make(id)
    use(tenant)
    return { tenant, evicted }
  }
  make(DEFAULT_TENANT_ID)
  return {
    // On every Graph request: it makes no object for a tenant in use.
    of (tenantId) {
      const id = tenantId.toLowerCase()
      return (inUse(id) ?? added(id).tenant).state
    },
    claim (tenantId) {
      const id = tenantId.toLowerCase()
      const held = inUse(id)
      if (held !== undefined) return { state: held.state, claim: undefined }
      const { tenant, evicted } = added(id)
      return { state: tenant.state, claim: { tenantId: id, state: tenant.state, uses: tenant.uses, evicted, forgets } }
    },
    release (claim) {
      const { tenantId, state, uses, evicted } = claim
      const tenant = tenants.get(tenantId)
      if (tenant?.state !== state || tenant.uses !== uses) return
      tenants.delete(tenantId)
      // Unless its id has been used again since, which made it anew, or a forget may have meant it.
      if (evicted !== undefined && !tenants.has(evicted[0]) && claim.forgets === forgets) tenants.set(...evicted)
    },
    touch (tenantId) {
      inUse(tenantId.toLowerCase())
    },
    read: (tenantId) => inUse(tenantId.toLowerCase())?.state ?? createState(seed, stateOptions),
    list: () => [...tenants]
      .sort(([a], [b]) => Number(b === DEFAULT_TENANT_ID) - Number(a === DEFAULT_TENANT_ID))
      .map(([tenantId, { state, lastUsedAt }]) => ({ tenantId, lastUsedAt, records: state.store.counts() })),
    drop (tenantId) {
      const id = tenantId.toLowerCase()
      forgets++
      const dropped = tenants.delete(id)
      if (id === DEFAULT_TENANT_ID) make(DEFAULT_TENANT_ID)
      return dropped
    },
    dropAll () {
      forgets++
      tenants.clear()
      make(DEFAULT_TENANT_ID)
    },
    get size () {
      return tenants.size
    },
    journalLimit: stateOptions.journalLimit
  }
}

/** The state of one tenant, shared by every listener: the store, the request journal, the fault rules, the token clients, users' sign-ins, the page cursors, the clock and the throttling budgets. */
import { createClock, type Clock } from './clock.js'
import { createFaultRules, type FaultRules } from './fault-rules.js'
import { createJournal, type Journal } from './journal.js'
import { createPageCursors, type PageCursors } from './page-cursors.js'
import { createSignIns, type SignIns } from './sign-ins.js'
import { createTokenClients, type TokenClients } from './token-clients.js'
import { createStore, type SharedRoom, type Store, type StoreSeed } from './store.js'
import { createThrottle, type Throttle } from './throttle.js'

export interface MockState {
  store: Store
  journal: Journal
  faults: FaultRules
  clients: TokenClients
  /** Users' sign-ins at the issuer: authorization codes redeemed, device codes waiting. */
  signIns: SignIns
  /** Where each paged collection read resumes; emptied with the store, whose records they name. */
  cursors: PageCursors
  /** The tenant's time, which a suite may move on. */
  clock: Clock
  /** Intune's request budgets, when throttling is on. */
  throttle: Throttle
}

export interface StateOptions {
  journalLimit: number
  /** Every set the store holds: an entity set or singleton of each resource, and what they keep beside. */
  entitySets: readonly string[]
  /** MOCK_STORE_LIMIT, MOCK_STORE_LIMIT_MB, MOCK_FAULT_RULE_LIMIT, MOCK_TOKEN_CLIENT_LIMIT; unbounded when absent. */
  storeLimit?: number
  storeLimitMiB?: number
  /** What every tenant's store shares: MOCK_STORE_TOTAL_LIMIT_MB. */
  sharedRoom?: SharedRoom
  faultRuleLimit?: number
  tokenClientLimit?: number
  /** The roles of a token for a client nobody registered. */
  tokenRoles: readonly string[]
  /** MOCK_THROTTLING: whether a tenant starts with Intune's request budgets on. */
  throttling?: boolean
}

export function createState (seed: StoreSeed, { journalLimit, entitySets, tokenRoles, storeLimit, storeLimitMiB, sharedRoom, faultRuleLimit, tokenClientLimit, throttling = false }: StateOptions): MockState {
  return {
    store: createStore(seed, { sets: entitySets, recordLimit: storeLimit, charLimit: storeLimitMiB === undefined ? undefined : storeLimitMiB * 1024 * 1024, shared: sharedRoom }),
    journal: createJournal(journalLimit),
    faults: createFaultRules(faultRuleLimit),
    clients: createTokenClients(tokenRoles, tokenClientLimit),
    signIns: createSignIns(),
    cursors: createPageCursors(),
    clock: createClock(),
    throttle: createThrottle(throttling)
  }
}

/** The state one graph-mock holds, shared by every listener: the store, the request journal, the fault rules. */
import { createFaultRules, type FaultRules } from './control/fault-rules.js'
import { createJournal, type Journal } from './control/journal.js'
import { createStore, type Store, type StoreSeed } from './store/store.js'

export interface MockState {
  store: Store
  journal: Journal
  faults: FaultRules
}

export function createState (seed: StoreSeed, journalLimit: number): MockState {
  return { store: createStore(seed), journal: createJournal(journalLimit), faults: createFaultRules() }
}

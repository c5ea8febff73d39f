/** The in-memory store: entity sets of immutable records keyed by id. It knows nothing of HTTP or of any resource. */
import { randomUUID } from 'node:crypto'

export type StoredRecord = Readonly<Record<string, unknown>>
/** Seed data: entity set → id → record, as read from the fixture files. */
export type StoreSeed = Record<string, Record<string, Record<string, unknown>>>

/** Which limit a write would pass: an entity set's record count, or the size of all records together. */
export type StoreLimit = 'records' | 'size'

/** A write that would take the store past one of its limits; nothing was changed. */
export class StoreLimitError extends Error {
  override name = 'StoreLimitError'
  constructor (readonly entitySet: string, readonly limit: StoreLimit, readonly value: number) {
    super(limit === 'records'
      ? `${entitySet} would hold more than ${value} records.`
      : `The records would take more than ${value} characters of JSON.`)
  }
}

export interface StoreOptions {
  /** The names of the sets it holds; the seed's when absent. Any other name is a programming error, not a new empty set. */
  sets?: readonly string[]
  /** The most records one entity set may hold, seed included. */
  recordLimit?: number
  /** The most characters of JSON all records may take together, seed included. */
  charLimit?: number
}

/** One entity set. */
export interface EntitySet<T extends object> {
  list (): Array<[id: string, record: Readonly<T>]>
  get (id: string): Readonly<T> | undefined
  /** Throws StoreLimitError when the set is full. */
  create (record: T): [id: string, record: Readonly<T>]
  /** Merges `patch` into the record in one step; undefined when the id is unknown. Throws StoreLimitError when the store would grow too large. */
  update (id: string, patch: Partial<T>): Readonly<T> | undefined
  delete (id: string): boolean
  /** Creates or replaces the record under `id`; true when it was created. Throws StoreLimitError when a create finds the set full. */
  put (id: string, record: T): boolean
  /** Replaces every record of the set in one step; throws StoreLimitError, changing nothing, when they are too many. */
  replaceAll (records: Readonly<Record<string, T>>): void
}

export interface Store {
  /**
   * The set `name`, its records as the store holds them: checked against their schema where they
   * come in (fixtures, the kit's validation, the control API), so no caller picks their type
   * here. An unknown name throws.
   */
  entitySet (name: string): EntitySet<StoredRecord>
  /** Record count of every entity set, for start-up logs and health checks. */
  counts (): Record<string, number>
  /** Puts every entity set back to the seed the store was created with: same records, same order. */
  reset (): void
}

function deepFreeze<T> (value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** A copy the caller cannot reach into; a flat object of primitives (the common case) skips the costly structuredClone. */
function copyOf<T extends object> (value: T): T {
  return Object.values(value).some((child) => typeof child === 'object' && child !== null) ? structuredClone(value) : { ...value }
}

/**
 * Records are frozen and replaced whole on every write, so a reader can never see half an
 * update and no caller can change a record it was handed: the frozen record is its copy.
 */
export function createStore (seed: StoreSeed = {}, { sets: names = Object.keys(seed), recordLimit = Number.POSITIVE_INFINITY, charLimit = Number.POSITIVE_INFINITY }: StoreOptions = {}): Store {
  const known = new Set(names)
  for (const name of Object.keys(seed)) {
    if (!known.has(name)) throw new Error(`The seed holds a set '${name}' the store was not told of; it holds ${names.join(', ')}.`)
  }
  // Each stored record's size as JSON, kept beside it: records are replaced whole, so a record is its own key.
  const sizes = new WeakMap<object, number>()
  let totalChars = 0
  /** `record` frozen, with its size noted; `copied` when it is already a copy no caller holds. */
  function stored<T extends object> (record: T, copied = false): Readonly<T> {
    const frozen = deepFreeze(copied ? record : copyOf(record))
    sizes.set(frozen, JSON.stringify(frozen).length)
    return frozen
  }
  const sizeOf = (record: object | undefined) => (record === undefined ? 0 : sizes.get(record) ?? 0)
  /** Counts `added` characters in place of `removed`; throws, changing nothing, when that would pass the size limit. */
  function takeRoom (name: string, added: number, removed: number): void {
    const next = totalChars - removed + added
    if (next > charLimit) throw new StoreLimitError(name, 'size', charLimit)
    totalChars = next
  }

  for (const [name, records] of Object.entries(seed)) {
    if (Object.keys(records).length > recordLimit) throw new StoreLimitError(name, 'records', recordLimit)
  }
  // Frozen, so reset can hand the very same records back without copying them again.
  const seedSets = Object.entries(seed).map(([name, records]) =>
    [name, Object.entries(records).map(([id, record]) => [id, stored(record)] as const)] as const)
  const seedChars = seedSets.reduce((sum, [, records]) => records.reduce((setSum, [, record]) => setSum + sizeOf(record), sum), 0)
  if (seedChars > charLimit) throw new StoreLimitError(seedSets[0]?.[0] ?? '', 'size', charLimit)
  // Maps are emptied and refilled, never replaced: route plugins hold on to their entity set.
  const sets = new Map<string, Map<string, StoredRecord>>([...known].map((name) => [name, new Map()]))
  function reset (): void {
    for (const set of sets.values()) set.clear()
    for (const [name, records] of seedSets) {
      const set = recordsOf(name)
      for (const [id, record] of records) set.set(id, record)
    }
    totalChars = seedChars
  }

  function recordsOf (name: string): Map<string, StoredRecord> {
    const set = sets.get(name)
    if (set === undefined) throw new Error(`The store holds no set '${name}'; it holds ${[...known].join(', ')}.`)
    return set
  }

  reset()
  return {
    entitySet (name: string): EntitySet<StoredRecord> {
      const set = recordsOf(name)
      function roomForOneMore (): void {
        if (set.size >= recordLimit) throw new StoreLimitError(name, 'records', recordLimit)
      }
      /** Stores `next` under `id` in place of what is there, if the size limit allows it. */
      function swap (id: string, next: StoredRecord): void {
        takeRoom(name, sizeOf(next), sizeOf(set.get(id)))
        set.set(id, next)
      }
      return {
        list: () => [...set.entries()],
        get: (id) => set.get(id),
        create (record) {
          roomForOneMore()
          const id = randomUUID()
          const next = stored(record)
          swap(id, next)
          return [id, next]
        },
        update (id, patch) {
          const current = set.get(id)
          if (current === undefined) return undefined
          // Only the patch is the caller's: the current record's values are frozen already.
          const next = stored({ ...current, ...copyOf(patch) }, true)
          swap(id, next)
          return next
        },
        delete (id) {
          totalChars -= sizeOf(set.get(id))
          return set.delete(id)
        },
        put (id, record) {
          const created = !set.has(id)
          if (created) roomForOneMore()
          swap(id, stored(record))
          return created
        },
        replaceAll (records) {
          if (Object.keys(records).length > recordLimit) throw new StoreLimitError(name, 'records', recordLimit)
          const next = Object.entries(records).map(([id, record]) => [id, stored(record)] as const)
          const before = [...set.values()].reduce((sum, record) => sum + sizeOf(record), 0)
          takeRoom(name, next.reduce((sum, [, record]) => sum + sizeOf(record), 0), before)
          set.clear()
          for (const [id, record] of next) set.set(id, record)
        }
      }
    },

    counts: () => Object.fromEntries([...sets].map(([name, set]) => [name, set.size])),
    reset
  }
}

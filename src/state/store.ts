/** The in-memory store: entity sets of immutable records keyed by id. It knows nothing of HTTP or of any resource. */
import { randomUUID } from 'node:crypto'

export type StoredRecord = Readonly<Record<string, unknown>>
/** Seed data: entity set → id → record, as read from the fixture files. */
export type StoreSeed = Record<string, Record<string, Record<string, unknown>>>

/** Which limit a write would pass: an entity set's record count, the size of all its records together, or of every tenant's. */
export type StoreLimit = 'records' | 'size' | 'total'

/** A write that would take the store past one of its limits; nothing was changed. */
export class StoreLimitError extends Error {
  override name = 'StoreLimitError'
  constructor (readonly entitySet: string, readonly limit: StoreLimit, readonly value: number) {
    super(limit === 'records'
      ? `${entitySet} would hold more than ${value} records.`
      : `The records${limit === 'total' ? ' of every tenant' : ''} would take more than ${value} characters of JSON.`)
  }
}

export interface StoreOptions {
  /** The names of the sets it holds; the seed's when absent. Any other name is a programming error, not a new empty set. */
  sets?: readonly string[]
  /** The most records one entity set may hold, seed included. */
  recordLimit?: number
  /** The most characters of JSON all records may take together, seed included. */
  charLimit?: number
  /** A limit this store shares with others (every tenant's), and what the others hold now. */
  shared?: SharedRoom
}

export interface SharedRoom {
  charLimit: number
  /** The characters of JSON the stores sharing the limit hold, this one left out. */
  othersChars: (self: Store) => number
}

/** One entity set. */
export interface EntitySet<T extends object> {
  list (): Array<[id: string, record: Readonly<T>]>
  /** The records in the order they were first stored, read as they are walked (no copy), so that a walk may stop early and delete what it has passed. */
  entries (): IterableIterator<[id: string, record: Readonly<T>]>
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
  /** The characters of JSON its records take together. */
  chars (): number
}

/** `value` and everything it holds, frozen. */
export function deepFreeze<T> (value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const holdsObjects = (value: object) => Object.values(value).some((child) => typeof child === 'object' && child !== null)

/** `value` frozen through and through, as a copy the caller cannot reach into; a flat object of primitives (the common case) skips the costly structuredClone. */
function frozenCopy<T extends object> (value: T): Readonly<T> {
  return deepFreeze(holdsObjects(value) ? structuredClone(value) : { ...value })
}

/** The characters of a record's JSON. */
const charsOf = (record: object) => JSON.stringify(record).length

/** The characters of a value's JSON; none for a value JSON leaves out of an object. */
const valueChars = (value: unknown) => (JSON.stringify(value) as string | undefined)?.length ?? 0

/** What a property adds to its object's JSON, of a value of `chars` characters: `"name":value` and one comma; nothing for a value JSON leaves out. */
const propertyChars = (name: string, chars: number) => (chars === 0 ? 0 : JSON.stringify(name).length + chars + 2)

/** A record as the store keeps it, under its id: frozen, with its characters of JSON. */
function storedEntry ([id, record]: [string, Record<string, unknown>]): readonly [id: string, record: StoredRecord, chars: number] {
  const frozen = frozenCopy(record)
  return [id, frozen, charsOf(frozen)]
}

/**
 * `{ ...record, ...patch }`, complex values merged into those held, frozen, with its characters of JSON counted from the record's and
 * the patch's own: a PATCH of one property then costs that property, not the whole record
 * written out again. Only the patch is copied: the record's values are frozen already.
 * An object's JSON is its properties' characters (each with a comma) less the last comma, plus
 * the braces, so the properties' sum is the record's characters less one, or none for `{}`.
 */
function merged (record: StoredRecord, recordChars: number, sent: Readonly<Record<string, unknown>>): [StoredRecord, number] {
  // A patch of primitives (the common case) is spread as it is: the spread is the copy.
  const patch = holdsObjects(sent) ? deepFreeze(patchedObject(record, structuredClone(sent))) : sent
  let properties = recordChars === 2 ? 0 : recordChars - 1
  for (const name of Object.keys(patch)) {
    const chars = valueChars(patch[name])
    const before = Object.hasOwn(record, name) ? valueChars(record[name]) : 0
    // A property replaced keeps its name: only its value's characters change.
    properties += before !== 0 && chars !== 0 ? chars - before : propertyChars(name, chars) - propertyChars(name, before)
  }
  const next = Object.freeze({ ...record, ...patch })
  return [next, properties === 0 ? 2 : properties + 1]
}

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The values `sent` gives an object's properties. OData's Protocol (11.4.3 Update an Entity)
 * patches complex properties recursively, while collections and primitives replace what is
 * there: an object sent for an object held is merged into it.
 */
function patchedObject (held: Readonly<Record<string, unknown>>, sent: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(sent)) {
    const current = held[name]
    if (isPlainObject(current) && isPlainObject(value)) sent[name] = { ...current, ...patchedObject(current, value) }
  }
  return sent
}

/**
 * Records are frozen and replaced whole on every write, so a reader can never see half an
 * update and no caller can change a record it was handed: the frozen record is its copy.
 */
export function createStore (seed: StoreSeed = {}, { sets: names = Object.keys(seed), recordLimit = Number.POSITIVE_INFINITY, charLimit = Number.POSITIVE_INFINITY, shared }: StoreOptions = {}): Store {
  const known = new Set(names)
  for (const name of Object.keys(seed)) {
    if (!known.has(name)) throw new Error(`The seed holds a set '${name}' the store was not told of; it holds ${names.join(', ')}.`)
  }
  let totalChars = 0
  /** Counts `added` characters in place of `removed`; throws, changing nothing, when that would pass the size limit. */
  function takeRoom (name: string, added: number, removed: number): void {
    const next = totalChars - removed + added
    if (next > charLimit) throw new StoreLimitError(name, 'size', charLimit)
    // Only a write that grows the store reads the others, so a PATCH of the same size costs nothing more.
    if (shared !== undefined && added > removed && next + shared.othersChars(store) > shared.charLimit) throw new StoreLimitError(name, 'total', shared.charLimit)
    totalChars = next
  }

  for (const [name, records] of Object.entries(seed)) {
    if (Object.keys(records).length > recordLimit) throw new StoreLimitError(name, 'records', recordLimit)
  }
  // Frozen, so reset can hand the very same records back without copying them again.
  const seedSets = Object.entries(seed).map(([name, records]) =>
    [name, Object.entries(records).map(storedEntry)] as const)
  const seedChars = seedSets.reduce((sum, [, records]) => records.reduce((setSum, [, , chars]) => setSum + chars, sum), 0)
  if (seedChars > charLimit) throw new StoreLimitError(seedSets[0]?.[0] ?? '', 'size', charLimit)
  // Each record's characters of JSON beside it, under the same id. Maps are emptied and
  // refilled, never replaced: route plugins hold on to their entity set.
  const sets = new Map([...known].map((name) => [name, { records: new Map<string, StoredRecord>(), chars: new Map<string, number>() }]))
  function reset (): void {
    for (const set of sets.values()) {
      set.records.clear()
      set.chars.clear()
    }
    for (const [name, records] of seedSets) {
      const set = setOf(name)
      for (const [id, record, chars] of records) {
        set.records.set(id, record)
        set.chars.set(id, chars)
      }
    }
    totalChars = seedChars
  }

  function setOf (name: string) {
    const set = sets.get(name)
    if (set === undefined) throw new Error(`The store holds no set '${name}'; it holds ${[...known].join(', ')}.`)
    return set
  }

  reset()
  const store: Store = {
    entitySet (name: string): EntitySet<StoredRecord> {
      const { records: set, chars } = setOf(name)
      function roomForOneMore (): void {
        if (set.size >= recordLimit) throw new StoreLimitError(name, 'records', recordLimit)
      }
      /** Stores `next`, of `nextChars` characters, under `id` in place of what is there, if the size limit allows it. */
      function swap (id: string, next: StoredRecord, nextChars = charsOf(next)): void {
        takeRoom(name, nextChars, chars.get(id) ?? 0)
        set.set(id, next)
        chars.set(id, nextChars)
      }
      return {
        list: () => [...set.entries()],
        entries: () => set.entries(),
        get: (id) => set.get(id),
        create (record) {
          roomForOneMore()
          const id = randomUUID()
          const next = frozenCopy(record)
          swap(id, next)
          return [id, next]
        },
        update (id, patch) {
          const current = set.get(id)
          if (current === undefined) return undefined
          const [next, nextChars] = merged(current, chars.get(id) ?? charsOf(current), patch)
          swap(id, next, nextChars)
          return next
        },
        delete (id) {
          totalChars -= chars.get(id) ?? 0
          chars.delete(id)
          return set.delete(id)
        },
        put (id, record) {
          const created = !set.has(id)
          if (created) roomForOneMore()
          swap(id, frozenCopy(record))
          return created
        },
        replaceAll (records) {
          if (Object.keys(records).length > recordLimit) throw new StoreLimitError(name, 'records', recordLimit)
          const next = Object.entries(records).map(storedEntry)
          const before = [...chars.values()].reduce((sum, recordChars) => sum + recordChars, 0)
          takeRoom(name, next.reduce((sum, [, , recordChars]) => sum + recordChars, 0), before)
          set.clear()
          chars.clear()
          for (const [id, record, recordChars] of next) {
            set.set(id, record)
            chars.set(id, recordChars)
          }
        }
      }
    },

    counts: () => Object.fromEntries([...sets].map(([name, set]) => [name, set.records.size])),
    reset,
    chars: () => totalChars
  }
  return store
}

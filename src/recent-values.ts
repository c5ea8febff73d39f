/**
 * A memo of bounded size: the values of the keys used last, at most `limit` of them, the key
 * used least recently making room for a new one. For values worth keeping from one request to
 * the next (an entity's answer text, a token's claims) whatever a client sends.
 */
export class RecentValues<K, V> {
  readonly #values = new Map<K, V>()

  constructor (readonly limit: number) {}

  /** The value kept for `key`, which counts as its use. */
  get (key: K): V | undefined {
    const value = this.#values.get(key)
    if (value !== undefined) {
      // A Map iterates in insertion order: put back, the key becomes the newest.
      this.#values.delete(key)
      this.#values.set(key, value)
    }
    return value
  }

  /** Keeps `value` under `key`, dropping the least recently used key when full; returns the value. */
  keep (key: K, value: V): V {
    if (!this.#values.has(key) && this.#values.size >= this.limit) this.#values.delete(this.#values.keys().next().value as K)
    this.#values.set(key, value)
    return value
  }
}

/** The characters of a long key that place it: a token's last ones are its signature's. */
export const PLACING_CHARS = 32

/**
 * RecentValues of long text keys, such as bearer tokens of 1 to 3 KiB. A Map hashes every
 * character of a string it has not hashed before, and each request's token is a string of its
 * own, which cost a token's lookup about 2 µs. A key is placed by its last PLACING_CHARS
 * characters instead, and compared whole; keys that end alike (unsigned tokens whose claims
 * differ only early on) go to a memo by their whole text, as every key once did. Each of the
 * two memos holds at most `limit` keys.
 */
export class RecentTextValues<V> {
  readonly #placed: RecentValues<string, { key: string, value: V }>
  readonly #whole: RecentValues<string, V>

  constructor (limit: number) {
    this.#placed = new RecentValues(limit)
    this.#whole = new RecentValues(limit)
  }

  get (key: string): V | undefined {
    const placed = this.#placed.get(key.slice(-PLACING_CHARS))
    return placed?.key === key ? placed.value : this.#whole.get(key)
  }

  keep (key: string, value: V): V {
    const place = key.slice(-PLACING_CHARS)
    const placed = this.#placed.get(place)
    if (placed === undefined || placed.key === key) this.#placed.keep(place, { key, value })
    else this.#whole.keep(key, value)
    return value
  }
}

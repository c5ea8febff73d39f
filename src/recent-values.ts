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

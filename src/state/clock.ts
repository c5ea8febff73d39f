/**
 * A tenant's clock: the real time, plus however far a suite has moved it on (reset puts it back), so that a test of
 * throttling windows, token lifetimes or session expiry never waits for them in wall time.
 */
export interface Clock {
  /** Milliseconds since the epoch, as this tenant sees them. */
  now (): number
  /** How far the clock runs ahead of the real time, in milliseconds. */
  readonly offsetMs: number
  /** Moves the clock on (reset alone puts it back); false, changing nothing, past MAX_OFFSET_MS ahead. */
  advance (ms: number): boolean
  /** Back to the real time. */
  reset (): void
}

/** A hundred years: far beyond any window or lifetime a test needs, and well within what a Date holds. */
export const MAX_OFFSET_MS = 100 * 365 * 24 * 3600 * 1000

export function createClock (): Clock {
  let offsetMs = 0
  return {
    now: () => Date.now() + offsetMs,
    get offsetMs () {
      return offsetMs
    },
    advance (ms) {
      const next = offsetMs + Math.max(0, ms)
      if (next > MAX_OFFSET_MS) return false
      offsetMs = next
      return true
    },
    reset () {
      offsetMs = 0
    }
  }
}

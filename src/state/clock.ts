/**
 * A tenant's clock: the real time, plus however far a suite has moved it on, so that a test of
 * throttling windows, token lifetimes or session expiry never waits for them in wall time.
 */
export interface Clock {
  /** Milliseconds since the epoch, as this tenant sees them. */
  now (): number
  /** How far the clock runs ahead of the real time, in milliseconds. */
  readonly offsetMs: number
  /** Moves the clock on; it never runs back. */
  advance (ms: number): void
  /** Back to the real time. */
  reset (): void
}

export function createClock (): Clock {
  let offsetMs = 0
  return {
    now: () => Date.now() + offsetMs,
    get offsetMs () {
      return offsetMs
    },
    advance (ms) {
      offsetMs += Math.max(0, ms)
    },
    reset () {
      offsetMs = 0
    }
  }
}

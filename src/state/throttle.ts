/**
 * Sliding-window request budgets, as Intune publishes them: in every 20 s window, so many
 * requests (and so many writes) per tenant and per app in the tenant, for each service area;
 * the first budget exhausted refuses the request. Writes and all requests are budgets apart:
 * a read spends no write budget, and spent write budgets do not refuse reads. A client that comes back
 * before the Retry-After it was told is refused again, if the request falls in a budget that
 * Retry-After was for: told, that is, once its refusal has been answered, so that requests it
 * had already sent are not taken for early retries. Knows nothing of HTTP or of any resource.
 */

export const WINDOW_MS = 20_000
/** How many windows may be kept before the empty ones are swept away. */
const SWEEP_AT = 10_000

export interface Budget {
  /** POST, PUT, PATCH and DELETE. */
  writes: number
  /** Any request, writes included. */
  all: number
}

/** The budgets of one service area, such as Intune's devices. */
export interface ServiceLimits {
  area: string
  tenant: Budget
  app: Budget
}

export type Admission = { admitted: true } | { admitted: false, retryAfterMs: number, early: boolean }

export interface Throttle {
  enabled: boolean
  /** Counts one request of `appId` in `limits`' area at `now`, or refuses it without counting it. */
  admit (limits: ServiceLimits, appId: string, write: boolean, now: number): Admission
  /**
   * `appId` has been answered that it may come back at `notBefore`: its writes until then, its
   * reads only while an all-requests budget of theirs is still spent.
   */
  told (limits: ServiceLimits, appId: string, notBefore: number): void
  /** Every window and Retry-After forgotten, as when the clock they were counted by is put back. */
  forget (): void
  /** Forgets them, and sets whether throttling is on back to `enabled`. */
  reset (): void
}

/** The times of the requests in one window, oldest first, from `head` on. */
interface Window { times: number[], head: number }

export function createThrottle (enabledAtStart: boolean): Throttle {
  const windows = new Map<string, Window>()
  /**
   * When each app, refused, was told it may come back, by the kind of budget that held it back:
   * `…|writes` holds back its writes, `…|all` its every request.
   */
  const retryNotBefore = new Map<string, number>()

  /** The window of `key`, without the requests older than its 20 s. */
  function windowOf (key: string, now: number): Window {
    let window = windows.get(key)
    if (window === undefined) windows.set(key, window = { times: [], head: 0 })
    const { times } = window
    while (window.head < times.length && (times[window.head] ?? 0) <= now - WINDOW_MS) window.head++
    // Compacted now and then, so a window's memory stays within its budget.
    if (window.head > 1024 && window.head * 2 > times.length) {
      times.splice(0, window.head)
      window.head = 0
    }
    return window
  }

  /** When the window of `key` next has room for a request under `limit`, whatever the time now; -Infinity when it has room already. */
  function freesAt (key: string, limit: number): number {
    const times = windows.get(key)?.times ?? []
    // The requests before `head` left the window at least 20 s ago, so `limit` from the end is the one to wait for.
    return times.length < limit ? -Infinity : (times[times.length - limit] ?? 0) + WINDOW_MS
  }

  /** Drops the windows with nothing left in them and the Retry-Afters past, so apps that come and go leave no trace. */
  function sweep (now: number): void {
    for (const [key, window] of windows) {
      if (windowOf(key, now).head === window.times.length) windows.delete(key)
    }
    for (const [key, notBefore] of retryNotBefore) {
      if (notBefore <= now) retryNotBefore.delete(key)
    }
  }

  const throttle: Throttle = {
    enabled: enabledAtStart,
    admit ({ area, tenant, app }, appId, write, now) {
      if (windows.size > SWEEP_AT) sweep(now)
      const appKey = `${area}|app|${appId}`
      // One name for each of the app's budgets, its window and its Retry-After.
      const allKey = `${appKey}|all`
      const writesKey = write ? `${appKey}|writes` : ''
      if (retryNotBefore.size > 0) {
        const readsFrom = retryNotBefore.get(allKey) ?? -Infinity
        const notBefore = write ? Math.max(readsFrom, retryNotBefore.get(writesKey) ?? -Infinity) : readsFrom
        if (now < notBefore) return { admitted: false, retryAfterMs: notBefore - now, early: true }
      }
      const budgets: Array<[string, number]> = [[`${area}|tenant|all`, tenant.all], [allKey, app.all]]
      if (write) budgets.push([`${area}|tenant|writes`, tenant.writes], [writesKey, app.writes])
      const counted = budgets.map(([key, limit]) => [windowOf(key, now), limit] as const)
      let retryAfterMs = 0
      for (const [{ times, head }, limit] of counted) {
        // Full: a slot frees when the oldest request in the window leaves it.
        if (times.length - head >= limit) retryAfterMs = Math.max(retryAfterMs, (times[head] ?? now) + WINDOW_MS - now)
      }
      if (retryAfterMs > 0) return { admitted: false, retryAfterMs, early: false }
      if (retryNotBefore.size > 0) {
        retryNotBefore.delete(allKey)
        if (write) retryNotBefore.delete(writesKey)
      }
      for (const [window] of counted) window.times.push(now)
      return { admitted: true }
    },
    told ({ area, tenant, app }, appId, notBefore) {
      const appKey = `${area}|app|${appId}`
      const wait = (key: string, until: number) => {
        if (until > (retryNotBefore.get(key) ?? -Infinity)) retryNotBefore.set(key, until)
      }
      wait(`${appKey}|writes`, notBefore)
      // A read waits only for the all-requests budgets, which may free before the write budgets the Retry-After also waited for.
      const allFree = Math.max(freesAt(`${area}|tenant|all`, tenant.all), freesAt(`${appKey}|all`, app.all))
      wait(`${appKey}|all`, Math.min(notBefore, allFree))
    },
    forget () {
      windows.clear()
      retryNotBefore.clear()
    },
    reset () {
      throttle.forget()
      throttle.enabled = enabledAtStart
    }
  }
  return throttle
}

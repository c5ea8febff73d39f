/**
 * Fault rules: which Graph requests fail or slow down, how often, and with which of Graph's
 * transient errors. Matching is the only part on the hot path; with no rules it costs one check.
 */
import { randomInt } from 'node:crypto'
import { DEFAULT_RETRY_AFTER_SECONDS, type FaultRule, type FaultRuleInput, type FaultStatus } from './fault-rule-schemas.js'
import { pathPrefixMatcher } from './path-prefix.js'

/** The statuses Graph always sends Retry-After with. */
const RETRY_AFTER_ALWAYS = new Set<FaultStatus>([429, 503])

/** What the front door does to a request a rule fired on: wait, then fail with `status` or go on. */
export interface Fault {
  ruleId: string
  delayMs: number
  status: FaultStatus | undefined
  /** The Retry-After to send, when there is one. */
  retryAfterSeconds: number | undefined
}

export interface FaultRules {
  /** MOCK_FAULT_RULE_LIMIT: each Graph request is tried against every active rule. */
  readonly limit: number
  size (): number
  add (input: FaultRuleInput): FaultRule
  list (): FaultRule[]
  remove (id: string): boolean
  clear (): void
  /** The fault of the first rule that fires on this request, counting it; undefined when none does. */
  match (method: string, url: string): Fault | undefined
}

/** mulberry32: a tiny, well-known 32-bit generator; enough for reproducible coin flips. */
function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface ActiveRule {
  rule: FaultRule
  matchesPath: (url: string) => boolean
  random: () => number
}

export function createFaultRules (limit = Number.POSITIVE_INFINITY): FaultRules {
  let active: ActiveRule[] = []
  let lastId = 0

  return {
    limit,
    size: () => active.length,
    add (input) {
      lastId += 1
      const { method, probability = 1, seed = randomInt(0xffff_ffff), times = 1, ...rest } = input
      const rule: FaultRule = {
        id: String(lastId),
        ...(method === undefined ? {} : { method: method.toUpperCase() }),
        ...rest,
        probability,
        seed,
        times,
        remaining: times,
        fired: 0
      }
      active.push({
        rule,
        matchesPath: input.path === undefined ? () => true : pathPrefixMatcher(input.path),
        random: seededRandom(seed)
      })
      return { ...rule }
    },
    list: () => active.map(({ rule }) => ({ ...rule })),
    remove (id) {
      const before = active.length
      active = active.filter(({ rule }) => rule.id !== id)
      return active.length < before
    },
    clear () {
      active = []
    },
    match (method, url) {
      if (active.length === 0) return undefined
      for (const candidate of active) {
        const { rule } = candidate
        if (rule.method !== undefined && rule.method !== method) continue
        if (!candidate.matchesPath(url)) continue
        // Drawn only for matching requests, so the same requests in the same order fire the same way.
        if (rule.probability < 1 && candidate.random() >= rule.probability) continue
        rule.fired += 1
        rule.remaining -= 1
        if (rule.remaining === 0) active = active.filter((other) => other !== candidate)
        return {
          ruleId: rule.id,
          delayMs: rule.delayMs ?? 0,
          status: rule.status,
          retryAfterSeconds: rule.retryAfterSeconds ?? (rule.status !== undefined && RETRY_AFTER_ALWAYS.has(rule.status) ? DEFAULT_RETRY_AFTER_SECONDS : undefined)
        }
      }
      return undefined
    }
  }
}

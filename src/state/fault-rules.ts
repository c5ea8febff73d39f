/**
 * Fault rules: which Graph requests fail or slow down, how often, and with which of Graph's
 * transient errors. Matching is the only part on the hot path; with no rules it costs one check.
 */
import { randomInt } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import { pathPrefixMatcher } from './path-prefix.js'

/** Graph always sends Retry-After with 429 and 503; one second keeps a suite's retries quick. */
const DEFAULT_RETRY_AFTER_SECONDS = 1
const MAX_DELAY_MS = 300_000

/** The transient failures Graph documents; Graph's front door words each as Graph does. */
export const FAULT_STATUSES = [429, 500, 503, 504] as const
export type FaultStatus = typeof FAULT_STATUSES[number]
/** The statuses Graph always sends Retry-After with. */
const RETRY_AFTER_ALWAYS = new Set<FaultStatus>([429, 503])

export const FaultRuleInputSchema = Type.Object({
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', maxLength: 32, description: 'HTTP method to match, any case; every method when absent' })),
  path: Type.Optional(Type.String({ pattern: '^/', maxLength: 2048, description: 'Path prefix to match, as Graph matches paths (case-insensitive); every path when absent', examples: ['/beta/RequestRemoteHelpSessionAccessResponse'] })),
  status: Type.Optional(Type.Unsafe<FaultStatus>({ type: 'integer', enum: [...FAULT_STATUSES], description: 'Graph error to answer with; absent for a delay alone' })),
  times: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'How many times the rule fires before it expires' })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'Latency added before the answer (or before the request goes on, without a status)' })),
  retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: `Retry-After value; ${DEFAULT_RETRY_AFTER_SECONDS} for 429 and 503 when absent, none for 500 and 504` })),
  probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 1, description: 'Chance that a matching request fires the rule' })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 0xffff_ffff, description: 'Seed of the rule\'s random draws, so a run can be repeated; random when absent and reported back' }))
}, { additionalProperties: false })
export type FaultRuleInput = Static<typeof FaultRuleInputSchema>

const { method, path, status, delayMs, retryAfterSeconds } = FaultRuleInputSchema.properties

/** A rule as listed: what was asked, with its defaults filled in and its counts. */
export const FaultRuleSchema = Type.Object({
  id: Type.String(),
  method,
  path,
  status,
  delayMs,
  retryAfterSeconds,
  probability: Type.Number(),
  seed: Type.Integer(),
  times: Type.Integer({ description: 'As given when the rule was added' }),
  remaining: Type.Integer({ description: 'Firings left before the rule expires' }),
  fired: Type.Integer({ description: 'How many requests the rule has failed or delayed' })
})
export type FaultRule = Static<typeof FaultRuleSchema>

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

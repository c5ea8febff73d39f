/**
 * The fault rules as the control API takes and lists them: schemas alone, which the typed
 * control client imports without the rules' engine (and its Node crypto) coming along.
 */
import { Type, type Static } from '@sinclair/typebox'

/** Graph always sends Retry-After with 429 and 503; one second keeps a suite's retries quick. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1
export const MAX_DELAY_MS = 300_000

/** The transient failures Graph documents; Graph's front door words each as Graph does. */
export const FAULT_STATUSES = [429, 500, 503, 504] as const
export type FaultStatus = typeof FAULT_STATUSES[number]

export const FaultRuleInputSchema = Type.Object({
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', maxLength: 32, description: 'HTTP method to match, any case; every method when absent' })),
  path: Type.Optional(Type.String({ pattern: '^/', maxLength: 2048, description: 'Path prefix to match, as the journal\'s path filter matches paths (case-insensitive, a key in parentheses as a segment, percent-escapes decoded as routing decodes them); no query or fragment; every path when absent', examples: ['/beta/RequestRemoteHelpSessionAccessResponse'] })),
  status: Type.Optional(Type.Unsafe<FaultStatus>({ type: 'integer', enum: [...FAULT_STATUSES], description: 'Graph error to answer with; absent for a delay alone' })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 1, description: 'How many times the rule fires before it expires, at most a billion' })),
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

export const FaultRuleListingSchema = Type.Object({ rules: Type.Array(FaultRuleSchema) })

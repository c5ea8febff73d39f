/** The bodies, queries and params of the control API, beside no route code, so the typed client shares them without Fastify. */
import { Type } from '@sinclair/typebox'

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  records: Type.Record(Type.String(), Type.Integer(), { description: 'Record count by entity set, in the default tenant' }),
  tenants: Type.Integer({ description: 'Tenants in use, the default one included' })
})

export const TenantSchema = Type.Object({
  tenantId: Type.String({ description: 'As tokens name it in tid, lower-cased' }),
  lastUsedAt: Type.String({ format: 'date-time', description: 'The last request of or about it' }),
  records: Type.Record(Type.String(), Type.Integer(), { description: 'Record count by entity set' })
})
export const TenantListingSchema = Type.Object({ tenants: Type.Array(TenantSchema) })
export const TenantParamsSchema = Type.Object({ tenantId: Type.String({ minLength: 1 }) })

/** What POST /_mock/reset?only= can name, each reset on its own. */
export const RESET_PARTS = ['store', 'journal', 'faults', 'clients', 'throttling', 'clock'] as const
export type ResetPart = typeof RESET_PARTS[number]

/** `store`, `journal,faults`: typed so a suite's misspelt part fails to compile, in the first two parts; the pattern checks every one. */
export type ResetParts = ResetPart | `${ResetPart},${ResetPart}` | `${ResetPart},${ResetPart},${string}`

export const ResetQuerySchema = Type.Object({
  only: Type.Optional(Type.Unsafe<ResetParts>(Type.String({
    pattern: `^(${RESET_PARTS.join('|')})(,(${RESET_PARTS.join('|')}))*$`,
    description: `Reset only these, comma-separated: ${RESET_PARTS.join(', ')}`,
    examples: ['store', 'journal,faults']
  })))
}, { additionalProperties: false })

/** The query of a listing keyed by id (the store, the token clients), which pages on by position. */
export const SkipQuerySchema = Type.Object({
  skip: Type.Optional(Type.Integer({ minimum: 0, description: 'Leave out the first items, to read the page after this many' }))
}, { description: 'Other parameters (a cache buster) are ignored, as before paging existed' })

export const RecordSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A record as its resource\'s schema defines it: the documented properties, without id or @odata.type'
})
export const RecordsByIdSchema = Type.Record(Type.String({ minLength: 1 }), RecordSchema, {
  description: 'Records keyed by id, the shape of a fixture file'
})
export const EntitySetParamsSchema = Type.Object({ entitySet: Type.String({ description: 'An entity set, such as RequestRemoteHelpSessionAccessResponse' }) })
export const RecordParamsSchema = Type.Object({ ...EntitySetParamsSchema.properties, id: Type.String({ minLength: 1 }) })

// Bounds well above any real app registration (Entra allows far fewer app roles), so that a
// registration can never be megabytes of roles.
export const TokenClientSchema = Type.Object({
  roles: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 100, description: 'The roles claim of its tokens; [] for a token without permissions' }),
  secret: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'The only client_secret accepted; any when absent' }))
}, { additionalProperties: false })
export const TokenClientsByIdSchema = Type.Record(Type.String(), TokenClientSchema)
export const TokenClientParamsSchema = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 256 }) })

export const ClockSchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'The tenant\'s time' }),
  offsetSeconds: Type.Number({ description: 'How far it runs ahead of the real time' })
})

export const AdvanceSchema = Type.Object({
  advanceSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 31_536_000, description: 'How far to move the clock on: throttling windows, token lifetimes, Remote Help sessions and onboarding requests see it' })
}, { additionalProperties: false })

export const ThrottlingSchema = Type.Object({
  enabled: Type.Boolean({ description: 'Whether Intune\'s request budgets apply to the tenant\'s Graph requests' })
}, { additionalProperties: false })

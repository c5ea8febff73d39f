/**
 * Every operation of the control API, declared once: the route files register these, and the
 * typed client (src/client.ts) takes its methods and their types from them, so a change to a
 * route reaches the client. Nothing here imports Fastify or route code.
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox'
import { FaultRuleInputSchema, FaultRuleListingSchema, FaultRuleSchema } from '../state/fault-rule-schemas.js'
import { JournalListingSchema, JournalQuerySchema } from './journal-schemas.js'
import { CONTROL_ERROR_REPLIES, NO_CONTENT } from './replies.js'
import {
  AdvanceSchema,
  ClockSchema,
  EntitySetParamsSchema,
  HealthSchema,
  RecordParamsSchema,
  RecordSchema,
  RecordsByIdSchema,
  ResetQuerySchema,
  SkipQuerySchema,
  TenantListingSchema,
  TenantParamsSchema,
  ThrottlingSchema,
  TokenClientParamsSchema,
  TokenClientSchema,
  TokenClientsByIdSchema
} from './schemas.js'

/** Where the control API is served. */
export const CONTROL_PREFIX = '/_mock'
/** Where, under CONTROL_PREFIX, a tenant-scoped operation addresses a tenant other than the default one. */
export const TENANT_PREFIX = '/tenants/:tenantId'

/** What a control route validates with and the OpenAPI document shows. */
export interface ControlSchema {
  tags: readonly string[]
  summary: string
  params?: TObject
  querystring?: TObject
  body?: TSchema
  response: Readonly<Record<number, TSchema | typeof NO_CONTENT | TextAnswer>>
}

/** An answer that is no JSON, under its one content type. */
interface TextAnswer {
  description: string
  content: Readonly<Record<string, { schema: TSchema }>>
}

export interface ControlOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Under /_mock; a tenant-scoped operation is also served under /_mock/tenants/{tenantId}. */
  url: `/${string}`
  /** Whether it reads or arranges one tenant's state (else it is service-wide). */
  tenantScoped: boolean
  schema: ControlSchema
}

const tags = ['control'] as const

export const CONTROL_OPERATIONS = {
  health: {
    method: 'GET',
    url: '/health',
    tenantScoped: false,
    schema: { tags, summary: 'Whether graph-mock is up, with its fixtures loaded', response: { 200: HealthSchema } }
  },
  listTenants: {
    method: 'GET',
    url: '/tenants',
    tenantScoped: false,
    schema: { tags, summary: 'The tenants in use', response: { 200: TenantListingSchema, ...CONTROL_ERROR_REPLIES } }
  },
  forgetTenants: {
    method: 'DELETE',
    url: '/tenants',
    tenantScoped: false,
    schema: { tags, summary: 'Forget every tenant (reset them all)', response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  },
  forgetTenant: {
    method: 'DELETE',
    url: '/tenants/:tenantId',
    tenantScoped: false,
    schema: { tags, summary: 'Forget one tenant (reset it whole)', params: TenantParamsSchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  },
  reset: {
    method: 'POST',
    url: '/reset',
    tenantScoped: true,
    schema: {
      tags,
      summary: 'Put the store back to its fixtures, empty the journal, remove every fault rule and registered token client, empty the throttling windows and turn throttling back to MOCK_THROTTLING, put the clock back',
      querystring: ResetQuerySchema,
      response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES }
    }
  },
  listRecords: {
    method: 'GET',
    url: '/store/:entitySet',
    tenantScoped: true,
    schema: {
      tags,
      summary: 'Every record of an entity set, keyed by id; when a page cannot hold them all, Link names the next',
      params: EntitySetParamsSchema,
      querystring: SkipQuerySchema,
      response: { 200: RecordsByIdSchema, ...CONTROL_ERROR_REPLIES }
    }
  },
  replaceRecords: {
    method: 'PUT',
    url: '/store/:entitySet',
    tenantScoped: true,
    schema: { tags, summary: 'Replace every record of an entity set', params: EntitySetParamsSchema, body: RecordsByIdSchema, response: { 200: RecordsByIdSchema, ...CONTROL_ERROR_REPLIES } }
  },
  readRecord: {
    method: 'GET',
    url: '/store/:entitySet/:id',
    tenantScoped: true,
    schema: { tags, summary: 'One record', params: RecordParamsSchema, response: { 200: RecordSchema, ...CONTROL_ERROR_REPLIES } }
  },
  putRecord: {
    method: 'PUT',
    url: '/store/:entitySet/:id',
    tenantScoped: true,
    schema: { tags, summary: 'Create or replace one record', params: RecordParamsSchema, body: RecordSchema, response: { 200: RecordSchema, 201: RecordSchema, ...CONTROL_ERROR_REPLIES } }
  },
  deleteRecord: {
    method: 'DELETE',
    url: '/store/:entitySet/:id',
    tenantScoped: true,
    schema: { tags, summary: 'Remove one record', params: RecordParamsSchema, response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  },
  listRequests: {
    method: 'GET',
    url: '/requests',
    tenantScoped: true,
    schema: { tags, summary: 'The Graph requests received, oldest first', querystring: JournalQuerySchema, response: { 200: JournalListingSchema, ...CONTROL_ERROR_REPLIES } }
  },
  clearRequests: {
    method: 'DELETE',
    url: '/requests',
    tenantScoped: true,
    schema: { tags, summary: 'Empty the journal', response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  },
  addFaultRule: {
    method: 'POST',
    url: '/faults',
    tenantScoped: true,
    schema: { tags, summary: 'Add a fault rule', body: FaultRuleInputSchema, response: { 201: FaultRuleSchema, ...CONTROL_ERROR_REPLIES } }
  },
  listFaultRules: {
    method: 'GET',
    url: '/faults',
    tenantScoped: true,
    schema: { tags, summary: 'The active fault rules', response: { 200: FaultRuleListingSchema, ...CONTROL_ERROR_REPLIES } }
  },
  clearFaultRules: {
    method: 'DELETE',
    url: '/faults',
    tenantScoped: true,
    schema: { tags, summary: 'Remove every fault rule', response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  },
  removeFaultRule: {
    method: 'DELETE',
    url: '/faults/:ruleId',
    tenantScoped: true,
    schema: { tags, summary: 'Remove one fault rule', params: Type.Object({ ruleId: Type.String() }), response: { 204: NO_CONTENT, ...CONTROL_ERROR_REPLIES } }
  },
  putTokenClient: {
    method: 'PUT',
    url: '/token-clients/:clientId',
    tenantScoped: true,
    schema: { tags, summary: 'Register an app with the token issuer', params: TokenClientParamsSchema, body: TokenClientSchema, response: { 200: TokenClientSchema, ...CONTROL_ERROR_REPLIES } }
  },
  listTokenClients: {
    method: 'GET',
    url: '/token-clients',
    tenantScoped: true,
    schema: {
      tags,
      summary: 'The apps registered with the token issuer; when a page cannot hold them all, Link names the next',
      querystring: SkipQuerySchema,
      response: { 200: TokenClientsByIdSchema, ...CONTROL_ERROR_REPLIES }
    }
  },
  readClock: {
    method: 'GET',
    url: '/clock',
    tenantScoped: true,
    schema: { tags, summary: 'The tenant\'s time', response: { 200: ClockSchema, ...CONTROL_ERROR_REPLIES } }
  },
  advanceClock: {
    method: 'POST',
    url: '/clock',
    tenantScoped: true,
    schema: { tags, summary: 'Move the tenant\'s time on', body: AdvanceSchema, response: { 200: ClockSchema, ...CONTROL_ERROR_REPLIES } }
  },
  readThrottling: {
    method: 'GET',
    url: '/throttling',
    tenantScoped: true,
    schema: { tags, summary: 'Whether Intune\'s throttling applies', response: { 200: ThrottlingSchema, ...CONTROL_ERROR_REPLIES } }
  },
  setThrottling: {
    method: 'PUT',
    url: '/throttling',
    tenantScoped: true,
    schema: { tags, summary: 'Turn Intune\'s throttling on or off', body: ThrottlingSchema, response: { 200: ThrottlingSchema, ...CONTROL_ERROR_REPLIES } }
  },
  openApi: {
    method: 'GET',
    url: '/openapi.json',
    tenantScoped: false,
    schema: { tags, summary: 'This OpenAPI document', response: { 200: Type.Unknown({ description: 'OpenAPI 3.1 document' }), 401: CONTROL_ERROR_REPLIES[401] } }
  },
  caPem: {
    method: 'GET',
    url: '/ca.pem',
    tenantScoped: false,
    schema: { tags, summary: 'The CA certificate of the generated HTTPS certificate (PEM)', response: { 200: { description: 'The certificate', content: { 'application/x-pem-file': { schema: Type.String() } } }, ...CONTROL_ERROR_REPLIES } }
  }
} as const satisfies Record<string, ControlOperation>

export type ControlOperations = typeof CONTROL_OPERATIONS
export type ControlOperationName = keyof ControlOperations

/** What Fastify registers of an operation, for `app.route({ ...routeOf(operation), handler })`. */
export function routeOf<O extends ControlOperation> ({ method, url, schema }: O): Pick<O, 'method' | 'url' | 'schema'> {
  return { method, url, schema }
}

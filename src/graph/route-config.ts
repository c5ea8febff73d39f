/** What a Graph route tells the shared conventions about itself, through Fastify's route `config`. */
import type { ServiceLimits } from '../state/throttle.js'

export interface GraphRouteConfig {
  /** Qualified OData type of the route's body, quoted in model validation messages. */
  qualifiedName: string
  /** Permissions of which a token must hold at least one (`scp` or `roles`). */
  permissions: readonly string[]
  /** The throttling budgets the route's requests count against, when it has any. */
  throttling?: ServiceLimits | undefined
  /** The OData query options the route reads, which its OpenAPI operation lists; they are read and refused by the route itself (src/odata), not by a querystring schema. */
  queryOptions?: readonly QueryOptionName[]
}

export type QueryOptionName = '$filter' | '$select' | '$orderby' | '$top' | '$skip' | '$count' | '$skiptoken'

declare module 'fastify' {
  interface FastifyContextConfig {
    graph?: GraphRouteConfig
  }
}

/** What a Graph route tells the shared conventions about itself, through Fastify's route `config`. */

export interface GraphRouteConfig {
  /** Qualified OData type of the route's body, quoted in model validation messages. */
  qualifiedName: string
  /** Permissions of which a token must hold at least one (`scp` or `roles`). */
  permissions: readonly string[]
}

declare module 'fastify' {
  interface FastifyContextConfig {
    graph?: GraphRouteConfig
  }
}

/** The apps the token issuer knows: which roles each gets and, when set, which secret it must present. */

export interface TokenClient {
  roles: string[]
  /** When set, the token endpoint refuses any other client_secret. */
  secret?: string | undefined
}

export interface TokenClients {
  /** MOCK_TOKEN_CLIENT_LIMIT: the most registered at once. */
  readonly limit: number
  size (): number
  has (clientId: string): boolean
  /** The registered client, or one with the default roles that any secret opens. */
  get (clientId: string): TokenClient
  put (clientId: string, client: TokenClient): void
  list (): Record<string, TokenClient>
  clear (): void
}

export function createTokenClients (defaultRoles: readonly string[], limit = Number.POSITIVE_INFINITY): TokenClients {
  const registered = new Map<string, TokenClient>()
  return {
    limit,
    size: () => registered.size,
    has: (clientId) => registered.has(clientId),
    get: (clientId) => registered.get(clientId) ?? { roles: [...defaultRoles] },
    put: (clientId, client) => { registered.set(clientId, { ...client, roles: [...client.roles] }) },
    list: () => Object.fromEntries(registered),
    clear: () => registered.clear()
  }
}

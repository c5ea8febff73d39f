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
  /** Marks an authorization code redeemed, by its id; false when it already was, as a code redeems once. */
  redeem (codeId: string): boolean
}

/** Codes redeemed that are remembered, the oldest forgotten first: a code lives 10 minutes, so a client must redeem this many others within them to reuse one. */
export const REDEEMED_CODES_KEPT = 10_000

export function createTokenClients (defaultRoles: readonly string[], limit = Number.POSITIVE_INFINITY): TokenClients {
  const registered = new Map<string, TokenClient>()
  const redeemed = new Set<string>()
  return {
    limit,
    size: () => registered.size,
    has: (clientId) => registered.has(clientId),
    get: (clientId) => registered.get(clientId) ?? { roles: [...defaultRoles] },
    put: (clientId, client) => { registered.set(clientId, { ...client, roles: [...client.roles] }) },
    list: () => Object.fromEntries(registered),
    clear: () => registered.clear(),
    redeem (codeId) {
      if (redeemed.has(codeId)) return false
      if (redeemed.size >= REDEEMED_CODES_KEPT) redeemed.delete(redeemed.values().next().value ?? '')
      redeemed.add(codeId)
      return true
    }
  }
}

/** The apps the token issuer knows: which roles each gets and, when set, which secret it must present. */
import { isGuid } from './formats.js'

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

/** An app's id as Entra matches it: a GUID in any case (kept lower-cased); any other name graph-mock takes, as written. */
const keyOf = (clientId: string) => isGuid(clientId) ? clientId.toLowerCase() : clientId

export function createTokenClients (defaultRoles: readonly string[], limit = Number.POSITIVE_INFINITY): TokenClients {
  const registered = new Map<string, TokenClient>()
  return {
    limit,
    size: () => registered.size,
    has: (clientId) => registered.has(keyOf(clientId)),
    get: (clientId) => registered.get(keyOf(clientId)) ?? { roles: [...defaultRoles] },
    put: (clientId, client) => { registered.set(keyOf(clientId), { ...client, roles: [...client.roles] }) },
    list: () => Object.fromEntries(registered),
    clear: () => registered.clear()
  }
}

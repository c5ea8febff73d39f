/**
 * From a checked configuration and a seed to apps ready to listen, HTTP and, with HTTPS_PORT,
 * HTTPS, around one state: what the command line and startGraphMock both run.
 */
import type { FastifyServerOptions } from 'fastify'
import { buildApp } from './app.js'
import type { Config } from './config.js'
import { RESOURCES, storedSets } from './resources/index.js'
import { lazySigningKey } from './state/signing-key.js'
import type { StoreSeed } from './state/store.js'
import { createTenants } from './state/tenants.js'
import { ListenError } from './listen-error.js'

type App = ReturnType<typeof buildApp>

export interface Launch {
  /** The HTTP app first, then the HTTPS one when there is one. */
  apps: readonly [App, ...App[]]
  tenants: ReturnType<typeof createTenants>
  /** The local CA's certificate (PEM), when HTTPS uses a certificate graph-mock made. */
  caPem: string | undefined
  /** Listens on PORT, then HTTPS_PORT; resolves to their URLs, in that order. */
  listen: () => Promise<string[]>
  close: () => Promise<void>
}

export async function prepareLaunch (config: Config, seed: StoreSeed, logger: FastifyServerOptions['logger']): Promise<Launch> {
  // Created here and handed to each listener's app, so HTTP and HTTPS share one state.
  const tenants = createTenants(seed, {
    journalLimit: config.MOCK_JOURNAL_LIMIT,
    entitySets: storedSets(RESOURCES),
    storeLimit: config.MOCK_STORE_LIMIT,
    storeLimitMiB: config.MOCK_STORE_LIMIT_MB,
    storeTotalLimitMiB: config.MOCK_STORE_TOTAL_LIMIT_MB,
    faultRuleLimit: config.MOCK_FAULT_RULE_LIMIT,
    tokenClientLimit: config.MOCK_TOKEN_CLIENT_LIMIT,
    tokenRoles: config.TOKEN_ROLES.split(','),
    throttling: config.MOCK_THROTTLING === 'on',
    tenantLimit: config.MOCK_TENANT_LIMIT,
    idleSeconds: config.MOCK_TENANT_IDLE_SECONDS
  })
  const tls = config.HTTPS_PORT === undefined
    ? undefined
    // Loaded only for HTTPS: node-forge alone adds a tenth of a second to every start.
    : await (await import('./tls/certificates.js')).tlsMaterial({
      certFile: config.TLS_CERT_FILE,
      keyFile: config.TLS_KEY_FILE,
      hostnames: config.TLS_HOSTNAMES.split(','),
      dir: config.TLS_DIR
    })
  const common = {
    tenants,
    adminToken: config.MOCK_ADMIN_TOKEN,
    caPem: tls?.caPem,
    signingKey: lazySigningKey(config.TLS_DIR),
    authMode: config.AUTH_MODE,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    pageSize: config.MOCK_PAGE_SIZE,
    logger
  }
  const apps: [App, ...App[]] = [buildApp(common), ...(tls === undefined ? [] : [buildApp({ ...common, https: tls })])]
  return {
    apps,
    tenants,
    caPem: tls?.caPem,
    async listen () {
      // Each listener logs its own "Server listening at" line, http:// and https://.
      const urls = []
      for (const [index, app] of apps.entries()) {
        const setting = index === 0 ? 'PORT' : 'HTTPS_PORT'
        try {
          urls.push(await app.listen({ port: config[setting], host: config.HOST }))
        } catch (error) {
          throw listenFailure(error, setting)
        }
      }
      return urls
    },
    async close () {
      await Promise.all(apps.map((app) => app.close()))
    }
  }
}

/** Why a listener could not start, naming the setting that chose its port or address, when it is one a person can fix. */
function listenFailure (error: unknown, setting: 'PORT' | 'HTTPS_PORT'): unknown {
  const { code, message } = error as NodeJS.ErrnoException
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new ListenError(`${message} (${setting}). Set ${setting} to a free port (or 0 for any) and HOST to an address of this machine.`, { cause: error })
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ListenError(`${message}: HOST names no address of this machine. Set HOST to an address such as 127.0.0.1, or 0.0.0.0 for every interface.`, { cause: error })
  }
  return error
}

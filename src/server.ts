/** Starts graph-mock: reads the command line and the environment, seeds the store from the fixtures, listens, and closes gracefully. */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { readCommandLine, helpText } from './command-line.js'
import { loadConfig } from './config.js'
import { loggerOptions } from './logger.js'
import { RESOURCES, recordSchemas, secretProperties, storedSets } from './resources/index.js'
import { loadFixtures } from './state/fixtures.js'
import { DEFAULT_TENANT_ID, createTenants } from './state/tenants.js'
import { lazySigningKey } from './state/signing-key.js'
import { StartError } from './start-error.js'
import { StoreLimitError } from './state/store.js'
import { STORE_LIMIT_SETTINGS } from './graph/errors.js'
import { VERSION } from './version.js'

/** A safety net: graceful-close.ts ends every connection within about a second. */
const CLOSE_DELAY_MS = 5000
/**
 * Signals close-with-grace would trap but must not be: V8 turns SIGSEGV (and SIGBUS, SIGFPE,
 * SIGILL, SIGTRAP) into WebAssembly bounds checks and stack guards, so a JavaScript handler
 * makes the faulting instruction run again forever at 100% CPU; SIGABRT should abort.
 * SIGTERM, SIGINT, SIGHUP (a terminal hanging up), SIGQUIT and SIGUSR2 still close gracefully.
 */
const FATAL_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGTRAP', 'SIGABRT'] as const

async function start (env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(env)
  // Created here and handed to each listener's app, so HTTP and HTTPS share one state.
  const tenants = createTenants(await loadFixtures(config.FIXTURES_DIR, recordSchemas(RESOURCES)), {
    journalLimit: config.MOCK_JOURNAL_LIMIT,
    entitySets: storedSets(RESOURCES),
    storeLimit: config.MOCK_STORE_LIMIT,
    storeLimitMiB: config.MOCK_STORE_LIMIT_MB,
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
    logger: await loggerOptions(config.LOG_LEVEL, process.stdout.isTTY === true, secretProperties(RESOURCES))
  }
  const app = buildApp(common)
  const apps = tls === undefined ? [app] : [app, buildApp({ ...common, https: tls })]

  // A terminal that hangs up takes stdout with it: a log line written then must not become an
  // uncaught error that turns a clean SIGHUP shutdown into a failed one.
  process.stdout.on('error', () => {})
  closeWithGrace({ delay: CLOSE_DELAY_MS, logger: false, skip: [...FATAL_SIGNALS] }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an unexpected error')
    else app.log.info({ signal }, 'closing')
    await Promise.all(apps.map((each) => each.close()))
  })

  // Each listener logs its own "Server listening at" line, http:// and https://.
  const urls = [await app.listen({ port: config.PORT, host: config.HOST })]
  if (apps[1] !== undefined) urls.push(await apps[1].listen({ port: config.HTTPS_PORT, host: config.HOST }))
  if (config.AUTH_MODE === 'off') app.log.warn('AUTH_MODE=off: every Graph request is let in, whatever its token. Do not run tests that check auth against this.')
  app.log.info({ urls, authMode: config.AUTH_MODE, records: tenants.of(DEFAULT_TENANT_ID).store.counts(), fixturesDir: config.FIXTURES_DIR, https: tls !== undefined, tlsDir: config.TLS_DIR }, 'graph-mock ready')
}

/** What to tell the person starting graph-mock; a stack trace only for what nobody could have fixed. */
function startFailure (error: unknown): string {
  if (error instanceof StartError) return error.message
  if (error instanceof StoreLimitError) return `The fixtures are too many or too large: ${error.message} Raise ${STORE_LIMIT_SETTINGS[error.limit]}, or seed fewer records.`
  const { code, message, stack } = error as NodeJS.ErrnoException
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return `${message}. Set PORT and HTTPS_PORT to free ports (or 0 for any) and HOST to an address of this machine.`
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `${message}: HOST names no address of this machine. Set HOST to an address such as 127.0.0.1, or 0.0.0.0 for every interface.`
  }
  return stack ?? String(error)
}

try {
  const commandLine = readCommandLine(process.argv.slice(2), process.env)
  switch (commandLine.action) {
    case 'help':
      process.stdout.write(helpText())
      break
    case 'version':
      process.stdout.write(`${VERSION}\n`)
      break
    default:
      await start(commandLine.env)
  }
} catch (error) {
  process.stderr.write(`graph-mock could not start: ${startFailure(error)}\n`)
  process.exit(1)
}

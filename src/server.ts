#!/usr/bin/env node
/** Starts graph-mock: reads the command line and the environment, seeds the store from the fixtures, listens, and closes gracefully. */
import closeWithGrace from 'close-with-grace'
import { readCommandLine, helpText } from './command-line.js'
import { loadConfig, type Config, type Environment } from './config.js'
import { loggerOptions } from './logger.js'
import { prepareLaunch } from './launch.js'
import { RESOURCES, fixtureRules, secretProperties } from './resources/index.js'
import { loadFixtures } from './state/fixtures.js'
import { DEFAULT_TENANT_ID } from './state/tenants.js'
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

async function start (env: Environment, flags: ReadonlyMap<keyof Config, string>): Promise<void> {
  const config = loadConfig(env, flags)
  const seed = await loadFixtures(config.FIXTURES_DIR, fixtureRules(RESOURCES))
  const logger = await loggerOptions(config.LOG_LEVEL, process.stdout.isTTY === true, secretProperties(RESOURCES))
  const launch = await prepareLaunch(config, seed, logger)
  const [app] = launch.apps

  // A terminal that hangs up takes stdout with it: a log line written then must not become an
  // uncaught error that turns a clean SIGHUP shutdown into a failed one.
  process.stdout.on('error', () => {})
  closeWithGrace({ delay: CLOSE_DELAY_MS, logger: false, skip: [...FATAL_SIGNALS] }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an unexpected error')
    else app.log.info({ signal }, 'closing')
    await launch.close()
  })

  const urls = await launch.listen()
  if (config.AUTH_MODE === 'off') app.log.warn('AUTH_MODE=off: every Graph request is let in, whatever its token. Do not run tests that check auth against this.')
  app.log.info({ urls, authMode: config.AUTH_MODE, records: launch.tenants.of(DEFAULT_TENANT_ID).store.counts(), fixturesDir: config.FIXTURES_DIR, https: config.HTTPS_PORT !== undefined, tlsDir: config.TLS_DIR }, 'graph-mock ready')
}

/** What to tell the person starting graph-mock; a stack trace only for what nobody could have fixed. */
function startFailure (error: unknown): string {
  if (error instanceof StartError) return error.message
  if (error instanceof StoreLimitError) return `The fixtures are too many or too large: ${error.message} Raise ${STORE_LIMIT_SETTINGS[error.limit]}, or seed fewer records.`
  return (error as Error).stack ?? String(error)
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
      await start(commandLine.env, commandLine.flags)
  }
} catch (error) {
  process.stderr.write(`graph-mock could not start: ${startFailure(error)}\n`)
  process.exit(1)
}

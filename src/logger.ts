/** Fastify's pino logger options: JSON on stdout, pretty on a terminal, secrets redacted. */
import { createRequire } from 'node:module'
import type { LoggerOptions } from 'pino'
import type { Config } from './config.js'

/**
 * Where a bearer token or an encryption key could appear in a log line. Explicit paths only:
 * a `*.` wildcard triples the cost of every line.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'body.pubSubEncryptionKey',
  'req.body.pubSubEncryptionKey'
]

/** pino-pretty is a devDependency: the image has none, so it is used only where it is installed. */
function prettyTransportAvailable (): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty')
    return true
  } catch {
    return false
  }
}

export function loggerOptions (level: Config['LOG_LEVEL'], isTerminal: boolean): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    ...(isTerminal && prettyTransportAvailable()
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {})
  }
}

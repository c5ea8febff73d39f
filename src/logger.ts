/** Fastify's pino logger options: JSON on stdout, pretty on a terminal, secrets redacted. */
import type { Writable } from 'node:stream'
import type { FastifyLoggerOptions } from 'fastify'
import type { LoggerOptions } from 'pino'
import type { Config } from './config.js'

/**
 * Where a bearer token or a resource's secret property could appear in a log line. Explicit
 * paths only: a `*.` wildcard triples the cost of every line.
 */
function redactedPaths (secretProperties: readonly string[]): string[] {
  return ['req.headers.authorization', 'headers.authorization', ...secretProperties.flatMap((name) => [`body.${name}`, `req.body.${name}`])]
}

type GraphMockLoggerOptions = LoggerOptions & Pick<FastifyLoggerOptions, 'stream'>

/**
 * pino-pretty as a stream in this thread, not as a pino transport: a transport's worker is
 * loaded by file path, which the bundled dist/server.js does not have. It is a devDependency,
 * so where it is not installed (the image) the log stays JSON.
 */
async function prettyStream (destination: Writable | undefined) {
  try {
    const { default: pretty } = await import('pino-pretty')
    return pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: destination ?? 1 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined
    throw error
  }
}

/** `secretProperties`: what the resources declare secret; `destination` stands in for stdout in tests. */
export async function loggerOptions (level: Config['LOG_LEVEL'], isTerminal: boolean, secretProperties: readonly string[], destination?: Writable): Promise<GraphMockLoggerOptions> {
  const options = { level, redact: { paths: redactedPaths(secretProperties), censor: '[REDACTED]' } }
  const pretty = isTerminal ? await prettyStream(destination) : undefined
  return pretty === undefined ? options : { ...options, stream: pretty }
}

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { lazyChildLogger } from '../src/request-logger.js'

/** A parent logger that counts the children made and records what each logged. */
function parentAt (level: string) {
  const made: Array<{ bindings: object, lines: unknown[][] }> = []
  const logger = (bindings: object, lines: unknown[][]): FastifyBaseLogger => {
    const log = (...args: unknown[]) => { lines.push(args) }
    return { level, fatal: log, error: log, warn: log, info: log, debug: log, trace: log, silent: log, child: (more) => logger({ ...bindings, ...more }, lines) }
  }
  const parent = logger({}, [])
  parent.child = (bindings) => {
    const child = { bindings, lines: [] as unknown[][] }
    made.push(child)
    return logger(bindings, child.lines)
  }
  return { parent, made }
}

const factory = (parent: FastifyBaseLogger, bindings: object) => lazyChildLogger.call({} as FastifyInstance, parent, bindings, {}, {} as never)

test('above info a request\'s logger is made only when the request logs, bound to its request id', () => {
  const { parent, made } = parentAt('warn')
  const quiet = factory(parent, { reqId: 'r1' })
  assert.equal(quiet.level, 'warn')
  assert.equal(made.length, 0)

  const failing = factory(parent, { reqId: 'r2' })
  failing.error({ err: 'boom' }, 'request failed')
  failing.warn('again')
  assert.deepEqual(made, [{ bindings: { reqId: 'r2' }, lines: [[{ err: 'boom' }, 'request failed'], ['again']] }])
})

test('at info and below every request logs its access line, so its logger is made at once', () => {
  for (const level of ['info', 'debug', 'trace']) {
    const { parent, made } = parentAt(level)
    factory(parent, { reqId: 'r' })
    assert.equal(made.length, 1, level)
  }
})

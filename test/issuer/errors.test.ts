import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fromFastifyError } from '../../src/issuer/errors.js'

const fastifyError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode, code: 'FST_ERR_VALIDATION' })

test('a Fastify refusal becomes invalid_request with its status, its message kept when short', () => {
  const failure = fromFastifyError(fastifyError(415, 'Unsupported Media Type'))
  assert.deepEqual([failure.statusCode, failure.error, failure.aadsts, failure.message], [415, 'invalid_request', 900144, 'Unsupported Media Type'])
})

test('a Fastify refusal whose message quotes a huge input is cut to 200 characters, as client input is', () => {
  const failure = fromFastifyError(fastifyError(400, `body/scope must match pattern ${'x'.repeat(1024 * 1024)}`))
  assert.equal(failure.statusCode, 400)
  assert.equal(failure.message, `${`body/scope must match pattern ${'x'.repeat(1024 * 1024)}`.slice(0, 200)}…`)
})

test('anything but a 4xx is graph-mock\'s own failure, answered without its message', () => {
  for (const error of [fastifyError(500, 'secret internals'), new Error('secret internals')]) {
    const failure = fromFastifyError(error)
    assert.deepEqual([failure.statusCode, failure.error], [500, 'server_error'])
    assert.doesNotMatch(failure.message, /secret internals/)
  }
})

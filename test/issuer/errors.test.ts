import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EntraError, entraErrorBody, fromFastifyError } from '../../src/issuer/errors.js'

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

test('an error with an AADSTS code names it thrice; one without claims none, in the same shape', () => {
  const now = new Date('2024-05-01T18:37:24.123Z')
  const coded = entraErrorBody(new EntraError(400, 'invalid_request', 900144, 'Missing.'), 'corr-1', now)
  assert.deepEqual([coded.error_codes, coded.error_uri], [[900144], 'https://login.microsoftonline.com/error?code=900144'])
  assert.equal(coded.error_description, `AADSTS900144: Missing.\r\nTrace ID: ${coded.trace_id}\r\nCorrelation ID: corr-1\r\nTimestamp: 2024-05-01 18:37:24Z`)
  const codeless = entraErrorBody(new EntraError(401, 'invalid_client', undefined, 'Malformed.'), 'corr-1', now)
  assert.deepEqual([codeless.error, codeless.error_codes, codeless.error_uri], ['invalid_client', [], 'https://login.microsoftonline.com/error'])
  assert.equal(codeless.error_description, `Malformed.\r\nTrace ID: ${codeless.trace_id}\r\nCorrelation ID: corr-1\r\nTimestamp: 2024-05-01 18:37:24Z`)
})

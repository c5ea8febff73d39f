import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { GraphError, GraphErrorBodySchema, graphErrorBody, innerErrorDate, intuneForbidden, modelValidationFailure } from '../../src/graph/errors.js'
import { INNER_ERROR_DATE } from '../helper.js'

test('the envelope has Graph\'s keys: error.code, message, innerError with date and ids', () => {
  const body = graphErrorBody(new GraphError(404, 'ResourceNotFound', 'gone'), 'req-1', 'client-1')
  assert.ok(TypeCompiler.Compile(GraphErrorBodySchema).Check(body))
  assert.equal(body.error.code, 'ResourceNotFound')
  assert.equal(body.error.message, 'gone')
  assert.equal(body.error.innerError['request-id'], 'req-1')
  assert.equal(body.error.innerError['client-request-id'], 'client-1')
  assert.equal(Object.hasOwn(body.error.innerError, 'message'), false)
})

test('innerError.date is UTC to the second, without fraction or Z', () => {
  assert.equal(innerErrorDate(new Date('2026-11-28T14:03:09.123Z')), '2026-11-28T14:03:09')
  assert.match(innerErrorDate(), INNER_ERROR_DATE)
})

test('model validation failures repeat the message in innerError', () => {
  const body = graphErrorBody(modelValidationFailure('bad property'), 'r', 'c')
  assert.equal(body.error.code, 'ModelValidationFailure')
  assert.equal(body.error.innerError.message, 'bad property')
})

test('Intune\'s 403 message is itself a JSON document naming the activity and URL', () => {
  const error = intuneForbidden('Application is not authorized to perform this operation.', 'activity-1', '/beta/x')
  assert.equal(error.statusCode, 403)
  assert.equal(error.code, 'Forbidden')
  assert.match(error.message, /\r\n/)
  const inner = JSON.parse(error.message)
  assert.equal(inner._version, 3)
  assert.match(inner.Message, /^Application is not authorized to perform this operation\. - Operation ID \(for customer support\): 0{8}-0{4}-0{4}-0{4}-0{12} - Activity ID: activity-1 - Url: \/beta\/x$/)
  assert.equal(inner.RetryAfter, null)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type } from '@sinclair/typebox'
import type { FastifySchemaValidationError } from 'fastify'
import { kitCheck, kitValidator } from '../../src/graph/kit-validator.js'
import { odataFlagsEnum, odataString } from '../../src/graph/odata-types.js'

const schema = Type.Object({
  sessionKey: Type.Optional(odataString('A key.')),
  sessionType: Type.Optional(odataFlagsEnum('microsoft.graph.allowedRemoteAssistanceActions', ['viewScreen', 'elevation'], 'The actions.'))
}, { additionalProperties: false })
const validate = kitValidator({ schema, method: 'PATCH', url: '/beta/x/:id', httpPart: 'body' })

function findings (data: unknown): FastifySchemaValidationError[] {
  const result = validate(data)
  assert.equal(typeof result, 'object', 'a refusal')
  return (result as { error: FastifySchemaValidationError[] }).error
}

test('a valid body passes', () => {
  assert.equal(validate({ sessionKey: 'k', sessionType: 'viewScreen,elevation' }), true)
  assert.equal(validate({ sessionKey: null }), true)
})

test('an unknown property is named at its object, as Ajv names it, its JSON-pointer escapes undone', () => {
  for (const name of ['colour', 'a/b', 'x~y']) {
    const found = findings({ [name]: 1 }).find((finding) => finding.keyword === 'additionalProperties')
    assert.deepEqual([found?.instancePath, found?.params['additionalProperty']], ['', name])
  }
})

test('a union\'s findings follow it, so a flags enum that fails its pattern is told apart from a wrong type', () => {
  const badMember = findings({ sessionType: 'takeEverything' })
  assert.deepEqual(badMember.filter((finding) => finding.instancePath === '/sessionType').map((finding) => finding.keyword).sort(), ['anyOf', 'pattern', 'type'])
  const badType = findings({ sessionKey: 42 })
  assert.ok(badType.every((finding) => finding.keyword !== 'pattern' && finding.instancePath === '/sessionKey'))
})

test('at most 100 findings, however many problems a body has', () => {
  assert.equal(findings(Object.fromEntries(Array.from({ length: 100_000 }, (_, n) => [`k${n}`, n]))).length, 100)
})

test('the kit\'s own check answers nothing for data that passes, and Ajv-shaped findings for data that does not', () => {
  const check = kitCheck(schema)
  assert.equal(check({ sessionKey: 'k' }), undefined)
  const unknown = check({ colour: 1 })?.find((finding) => finding.keyword === 'additionalProperties')
  assert.deepEqual([unknown?.instancePath, unknown?.params['additionalProperty']], ['', 'colour'])
  assert.ok(check({ sessionKey: 42 })?.every((finding) => finding.instancePath === '/sessionKey'))
})

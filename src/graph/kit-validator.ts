/**
 * The resource kit's validator compiler: TypeBox's, in place of Fastify's Ajv, for the kit's
 * routes only. Start-up has already run TypeBox's compiler over the very same record schemas to
 * check the fixtures, so a route's first request compiles its body schema with warm code;
 * through Ajv it first made an Ajv instance, then generated code while Ajv was cold, which cost
 * the first PATCH after start most of its time. Every schema is compiled on its route's first
 * request, as before. What it finds is handed on in Ajv's shape, which validation-errors.ts
 * words as Graph does.
 */
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors'
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import '../state/formats.js'
import { unescapedSegment } from './validation-errors.js'

/** A JSON pointer's last segment, unescaped: the name of the property it points to. */
const lastSegment = (path: string) => unescapedSegment(path.slice(path.lastIndexOf('/') + 1))

/** Ajv's keyword for a TypeBox finding, as far as validation-errors.ts tells them apart. */
function keywordOf (type: ValueErrorType): string {
  switch (type) {
    case ValueErrorType.StringPattern: return 'pattern'
    case ValueErrorType.Literal: return 'const'
    case ValueErrorType.Union: return 'anyOf'
    default: return 'type'
  }
}

/** TypeBox's findings as Ajv words them: an unknown property at its object, with its name; a union's findings after it, branch by branch. */
function * ajvShaped (errors: Iterable<ValueError>): Generator<FastifySchemaValidationError> {
  for (const error of errors) {
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      yield { keyword: 'additionalProperties', instancePath: error.path.slice(0, error.path.lastIndexOf('/')), schemaPath: '', params: { additionalProperty: lastSegment(error.path) }, message: 'must NOT have additional properties' }
      continue
    }
    yield { keyword: keywordOf(error.type), instancePath: error.path, schemaPath: '', params: {}, message: error.message }
    for (const branch of error.errors) yield * ajvShaped(branch)
  }
}

/** Enough findings to word the first, as Ajv (stopping at its first) words it; a body of a million unknown keys has a million. */
const MAX_FINDINGS = 100

function firstFindings (errors: Iterable<ValueError>): FastifySchemaValidationError[] {
  const findings: FastifySchemaValidationError[] = []
  for (const finding of ajvShaped(errors)) {
    if (findings.push(finding) === MAX_FINDINGS) break
  }
  return findings
}

/**
 * The schema's check, compiled on its first call: nothing when the data passes, else its first
 * findings in Ajv's shape. The kit also runs it itself on what a route takes without declaring a
 * body (a bound action without parameters), so that a body sent there is worded as one declared.
 */
export function kitCheck (schema: TSchema): (data: unknown) => FastifySchemaValidationError[] | undefined {
  let check: TypeCheck<TSchema> | undefined
  return (data: unknown) => {
    check ??= TypeCompiler.Compile(schema)
    return check.Check(data) ? undefined : firstFindings(check.Errors(data))
  }
}

export const kitValidator: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const findingsOf = kitCheck(schema)
  return (data: unknown) => {
    const findings = findingsOf(data)
    return findings === undefined ? true : { error: findings }
  }
}

/** Checks records against their resource's schema, wording each problem for the person who wrote the record. */
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { shownInput } from '../shown-input.js'
import './formats.js'

/** Returns a check of one record: undefined when it is valid, else which property is wrong and what is allowed. */
export function recordChecker (schema: TSchema): (id: string, record: unknown) => string | undefined {
  const check = TypeCompiler.Compile(schema)
  return (id, record) => {
    // Check first: the compiled check is fast, Errors() walks the schema interpretively.
    if (check.Check(record)) return undefined
    const error = check.Errors(record).First()
    if (error === undefined) return undefined
    const property = error.path === '' ? '' : ` property '${shownInput(error.path.slice(1))}'`
    // The schema's description names what is allowed, which TypeBox's "Expected union value" does not.
    const allowed = typeof error.schema.description === 'string' ? ` ${error.schema.description}` : ''
    // The id, the path and the value are the client's: each quoted at most 200 characters long.
    return `record '${shownInput(id)}'${property} is ${shownInput(JSON.stringify(error.value) ?? 'missing')}: ${error.message}.${allowed}`
  }
}

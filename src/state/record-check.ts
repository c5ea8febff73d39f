/** Checks records against their resource's schema, wording each problem for the person who wrote the record. */
import { KindGuard, type TObject, type TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { Value } from '@sinclair/typebox/value'
import { shownInput } from '../shown-input.js'
import './formats.js'

type CompiledCheck = ReturnType<typeof TypeCompiler.Compile>

/**
 * Each schema is compiled once per process, on its first record: the fixtures, the resource's
 * routes and the store's routes of every listener check against the same schemas, and a test
 * process starting graph-mock many times would otherwise compile them all again each time.
 */
const compiled = new WeakMap<TSchema, CompiledCheck>()

function compiledCheck (schema: TSchema): CompiledCheck {
  let check = compiled.get(schema)
  if (check === undefined) {
    check = TypeCompiler.Compile(schema)
    compiled.set(schema, check)
  }
  return check
}

/** Returns a check of one record: undefined when it is valid, else which property is wrong and what is allowed. */
function recordChecker (schema: TSchema): (id: string, record: unknown) => string | undefined {
  let check: CompiledCheck | undefined
  return (id, record) => {
    // No URL can name an entity whose key is empty: Graph's keys have at least one character.
    if (id === '') return "record '' has an empty id: give it one that a URL can name."
    check ??= compiledCheck(schema)
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

/**
 * Each property's empty value, as Graph's create fills in what a body leaves out: its declared
 * default, else [] for a collection, else null where null is allowed. A property with none of
 * those has no entry.
 */
export function emptyValues (schema: TObject): Record<string, unknown> {
  const empty: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = property.default ?? (KindGuard.IsArray(property) ? [] : null)
    if (Value.Check(property, value)) empty[name] = value
  }
  return empty
}

/** What a record leaves out, filled in with its empty value; a property without one stays missing, for the check to name. */
function recordFiller (schema: TObject): <R>(record: R) => R {
  const empty = emptyValues(schema)
  const names = Object.keys(empty)
  return (record) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return record
    // A whole record, as every bundled fixture is, is kept as it is: a large seed is not copied.
    return names.every((name) => name in record) ? record : { ...empty, ...record }
  }
}

/**
 * Takes a record in as the store is to hold it, wherever one comes from (fixtures, the control
 * API, the kit's create): what it leaves out filled in, then checked. `problem` says what is
 * wrong, or is undefined when `record` may be stored.
 */
export function recordIntake (schema: TObject): <R>(id: string, given: R) => { record: R, problem: string | undefined } {
  const check = recordChecker(schema)
  const fill = recordFiller(schema)
  return (id, given) => {
    const record = fill(given)
    return { record, problem: check(id, record) }
  }
}

/**
 * How graph-mock compiles route schemas: Fastify's own Ajv and fast-json-stringify compilers,
 * run on a route's first request instead of at start-up. Compiling every schema of every route
 * up front took a third of graph-mock's cold start, and a test run uses a handful of its routes.
 */
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler'
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler'
import { ODATA_TYPE_KEYWORD } from './graph/odata-types.js'

/** Graph's rules for request bodies, in Ajv's terms. */
export const AJV_OPTIONS = {
  // Graph refuses `{"sessionKey": 42}`; Ajv's default coercion would store "42".
  coerceTypes: false,
  // Unknown properties are an error, never silently dropped.
  removeAdditional: false,
  // A schema's default is what a create fills in, not what a PATCH body gets: Fastify's Ajv
  // would write it into every body that leaves the property out, and the merge would then
  // reset the stored value.
  useDefaults: false,
  keywords: [ODATA_TYPE_KEYWORD],
  // The schemas are graph-mock's own, checked against the JSON Schema meta-schema by
  // test/schema-compilers.test.ts; checking them again at run time would halve the speed of a
  // server's first request.
  validateSchema: false,
  // Ajv's passes over the code it generates cost a fifth of a server's first request (its
  // first compile, while Ajv itself is cold): the first PATCH after start took 30.5 ms with them
  // and 25.0 ms without (medians of 16 fresh processes); the code is a few comparisons either way.
  code: { optimize: false }
}

type Validate = ReturnType<ReturnType<ValidatorFactory>>
type Serialize = ReturnType<ReturnType<SerializerFactory>>

const buildAjvCompiler = AjvCompiler()
const buildSerializerCompiler = SerializerSelector()

/** The Ajv instance is made on the first compile, and each route's validator on its first call. */
export const buildLazyValidator: ValidatorFactory = (externalSchemas, options) => {
  let compile: ReturnType<ValidatorFactory> | undefined
  return (route) => {
    let compiled: Validate | undefined
    // Fastify reads a failed validation's errors from the function it was handed.
    const validate = function (this: unknown, ...args: Parameters<Validate>) {
      compiled ??= (compile ??= buildAjvCompiler(externalSchemas, options))(route)
      const valid = compiled.apply(this, args)
      validate.errors = compiled.errors
      return valid
    } as Validate
    return validate
  }
}

export const buildLazySerializer: SerializerFactory = (externalSchemas, options) => {
  let compile: ReturnType<SerializerFactory> | undefined
  return (route) => {
    let compiled: Serialize | undefined
    return (value) => (compiled ??= (compile ??= buildSerializerCompiler(externalSchemas, options))(route))(value)
  }
}

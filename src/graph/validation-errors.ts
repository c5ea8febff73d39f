/** Turns the findings on a request body (Ajv's, or the kit's TypeBox findings in Ajv's shape) into Graph's ModelValidationFailure, worded as OData words it. */
import type { FastifySchemaValidationError } from 'fastify'
import { GraphError, MESSAGES, badRequest, modelValidationFailure } from './errors.js'
import { ODATA_TYPE_KEYWORD } from './odata-types.js'
import { shownInput } from '../shown-input.js'

/**
 * Marks the body schema of a bound action with the action's name, so that its findings are worded
 * as ODataLib words an operation's parameters rather than an entity's properties. A symbol, which
 * JSON Schema (and Ajv's strict mode, the OpenAPI document) never see.
 */
export const OPERATION_NAME: unique symbol = Symbol('graph-mock.operationName')

interface BodyContext {
  /** The route's body schema, to read the OData type of the property at fault, and whether it holds an operation's parameters. */
  schema: unknown
  body: unknown
  qualifiedName: string
}

/** Reads one key of a JSON value of unknown shape. */
function member (value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined
}

/** A JSON pointer's segment unescaped, per RFC 6901: the property name it stands for. */
export const unescapedSegment = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~')

/** The top-level property an instancePath points into (`/sessionType` → `sessionType`). */
function propertyOf (instancePath: string): string {
  return unescapedSegment(instancePath.split('/')[1] ?? '')
}

/** The name of the operation whose parameters the schema holds, when it holds some. */
function operationOf (schema: unknown): string | undefined {
  const name = typeof schema === 'object' && schema !== null ? (schema as { [OPERATION_NAME]?: unknown })[OPERATION_NAME] : undefined
  return typeof name === 'string' ? name : undefined
}

/**
 * An operation's body that is not one object of parameters, worded as ODataLib's parameter
 * reader refuses it (Microsoft.OData.Core, JsonReaderExtensions_UnexpectedNodeDetected): it reads
 * the payload's first JSON node and expects an object's start.
 */
function notParameters (body: unknown): GraphError {
  const node = Array.isArray(body) ? 'StartArray' : 'PrimitiveValue'
  return badRequest(`An unexpected '${node}' node was found when reading from the JSON reader. A 'StartObject' node was expected.`)
}

export function bodyValidationError (errors: readonly FastifySchemaValidationError[], { schema, body, qualifiedName }: BodyContext): GraphError {
  const operation = operationOf(schema)
  // A JSON `null` sent to an operation is a payload, just not an object; none at all is still none.
  if (body === undefined || (body === null && operation === undefined)) return badRequest(MESSAGES.emptyPayload)
  const first = errors[0]
  if (first === undefined || first.instancePath === '') {
    const unknown = errors.find((error) => error.keyword === 'additionalProperties')?.params['additionalProperty']
    if (operation !== undefined) {
      // ODataLib's ODataParameterReaderCore_ParameterNameNotInMetadata, as Graph answers a parameter the operation does not declare.
      if (typeof unknown === 'string') return badRequest(`The parameter '${shownInput(unknown)}' in the request payload is not a valid parameter for the operation '${operation}'.`)
      return notParameters(body)
    }
    if (typeof unknown === 'string') {
      return modelValidationFailure(`The property '${shownInput(unknown)}' does not exist on type '${qualifiedName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`)
    }
    return modelValidationFailure(`The request body must be a JSON object of type '${qualifiedName}'.`)
  }

  const property = propertyOf(first.instancePath)
  const value = member(body, property)
  if (property === '@odata.type' && typeof value === 'string') {
    return modelValidationFailure(`A resource with type '${shownInput(value)}' was found, but it is not assignable to the expected type '${qualifiedName}'. The type specified in the resource must be equal to either the expected type or a derived type.`)
  }
  const expectedType = String(member(member(member(schema, 'properties'), property), ODATA_TYPE_KEYWORD) ?? 'Edm.String')
  const atProperty = errors.filter((error) => propertyOf(error.instancePath) === property)
  // A flags enum fails its pattern; a plain enum each of its members' const.
  if (typeof value === 'string' && atProperty.some((error) => error.keyword === 'pattern' || error.keyword === 'const')) {
    return modelValidationFailure(`The value of property '${property}' is not a valid value of the enum type '${expectedType}'.`)
  }
  return modelValidationFailure(`Cannot convert the value of property '${property}' to the expected type '${expectedType}'.`)
}

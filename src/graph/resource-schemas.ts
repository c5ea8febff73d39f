/** The schemas the resource kit derives from a declaration's record schema: the entity as Graph answers it, its bodies, its collection. */
import { Type, type TObject, type TProperties } from '@sinclair/typebox'
import { odataTypeAnnotation } from './odata-types.js'
import type { BoundOperation, GraphResource } from './resource.js'
import { OPERATION_NAME } from './validation-errors.js'

export interface ResourceSchemas {
  /** The entity as Graph answers it: `@odata.type`, its `id` when it has one, its properties (those a `$select` names). */
  entity: TObject
  /** A PATCH or POST body: any of the properties, `@odata.type` naming the type itself; unknown ones are refused, never dropped. */
  body: TObject
  collection: TObject
}

export function resourceSchemas ({ qualifiedName, recordSchema, withId }: GraphResource): ResourceSchemas {
  const { properties } = recordSchema
  const id: TProperties = withId ? { id: Type.String({ description: 'The entity\'s key' }) } : {}
  // Every property optional, as in Graph's own OpenAPI (msgraph-metadata): a $select answers those it names.
  const entity = Type.Object({ '@odata.type': Type.Literal(`#${qualifiedName}`), ...Type.Partial(Type.Object({ ...id, ...properties })).properties }, { description: recordSchema.description })
  const body = Type.Object({
    '@odata.type': odataTypeAnnotation(qualifiedName),
    // The key is the URL's: a body may repeat it, as the SDKs' models do, and it is ignored.
    ...(withId ? { id: Type.Optional(Type.String()) } : {}),
    ...Type.Partial(recordSchema).properties
  }, { additionalProperties: false })
  const collection = Type.Object({
    '@odata.context': Type.String(),
    '@odata.count': Type.Optional(Type.Integer({ minimum: 0, description: 'Every match, not the page: with $count=true' })),
    value: Type.Array(entity, { description: 'One page; with $select, each entity holds the properties it names' }),
    '@odata.nextLink': Type.Optional(Type.String({ format: 'uri', description: 'The next page, when there is one: follow it as given' }))
  })
  return { entity, body, collection }
}

/** The parameters of an action declared without any: none, so any one named is refused. */
const NO_PARAMETERS = Type.Object({}, { additionalProperties: false })

/**
 * The body of a bound action as the kit checks it: its declared parameters, or none, marked with
 * the action's name so that a refusal names the parameter and the operation, as Graph does.
 */
export function operationBody ({ name, body = NO_PARAMETERS }: BoundOperation): TObject {
  return { ...body, [OPERATION_NAME]: name }
}

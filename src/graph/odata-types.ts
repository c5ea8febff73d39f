/** TypeBox builders for OData property types, carrying the OData type name that Graph's error messages quote. */
import { Type, type TBoolean, type TLiteral, type TSchema, type TString, type TNull, type TUnion } from '@sinclair/typebox'

import { ODATA_TYPE_KEYWORD } from '../odata/edm-types.js'

// Read back by the validation-error mapper and the query options; registered with Ajv in schema-compilers.ts.
export { ODATA_TYPE_KEYWORD }

/** Graph properties are nullable unless the docs say otherwise. */
function nullable<T extends TSchema> (schema: T, odataType: string, description: string): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()], { [ODATA_TYPE_KEYWORD]: odataType, description })
}

export function odataString (description: string): TUnion<[TString, TNull]> {
  return nullable(Type.String(), 'Edm.String', description)
}

export function odataDateTime (description: string): TUnion<[TString, TNull]> {
  return nullable(Type.String({ format: 'date-time' }), 'Edm.DateTimeOffset', description)
}

/** A Boolean the docs give no null for. */
export function odataBoolean (description: string): TBoolean {
  return Type.Boolean({ [ODATA_TYPE_KEYWORD]: 'Edm.Boolean', description })
}

/** An OData enum: exactly one of its members, by name. */
export function odataEnum<const M extends readonly string[]> (odataType: string, members: M, description: string, options: { default?: M[number] } = {}): TUnion<Array<TLiteral<M[number]>>> {
  return Type.Union(members.map((member) => Type.Literal(member)), { ...options, [ODATA_TYPE_KEYWORD]: odataType, description: `${description} One of: ${members.join(', ')}.` })
}

/**
 * An OData flags enum: one member, or several joined by commas as OData writes them
 * (`"viewScreen,elevation"`), optionally with spaces after the commas.
 */
export function odataFlagsEnum (odataType: string, members: readonly string[], description: string): TUnion<[TString, TNull]> {
  const member = `(?:${members.join('|')})`
  const flags = Type.String({ pattern: `^${member}(?:, ?${member})*$` })
  return nullable(flags, odataType, `${description} One or more of: ${members.join(', ')}.`)
}

/** `@odata.type` in a request body: optional, and when sent it must name the resource's own type. */
export function odataTypeAnnotation (qualifiedName: string) {
  const escaped = qualifiedName.replaceAll('.', '\\.')
  return Type.Optional(Type.String({ pattern: `^#?${escaped}$`, [ODATA_TYPE_KEYWORD]: qualifiedName }))
}

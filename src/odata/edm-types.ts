/**
 * The OData type of each property of an entity, read from its TypeBox schema: what the query
 * options check names and literals against, and compare values by.
 */
import { KindGuard, type TObject, type TSchema } from '@sinclair/typebox'

/** Annotation naming a schema's OData type (`Edm.String`, `microsoft.graph.complianceState`), which Graph's messages quote. */
export const ODATA_TYPE_KEYWORD = 'x-odata-type'

export type PrimitiveName = 'Edm.String' | 'Edm.Boolean' | 'Edm.Int32' | 'Edm.Int64' | 'Edm.Single' | 'Edm.Double' | 'Edm.Decimal' | 'Edm.DateTimeOffset' | 'Edm.Date' | 'Edm.Guid'

export type EdmType =
  | { kind: 'primitive', name: PrimitiveName }
  /** Members in the metadata's order, which is also their order in comparisons; none when the schema allows any combination (flags). */
  | { kind: 'enum', name: string, members?: readonly string[] }
  /** `key`: the entity's key property, which a stored record does not hold (its id is the store's key). */
  | { kind: 'complex', name: string, properties: ReadonlyMap<string, EdmType>, key?: string }
  | { kind: 'collection', name: string, item: EdmType }

export type ComplexType = Extract<EdmType, { kind: 'complex' }>

const NUMERIC = new Set<string>(['Edm.Int32', 'Edm.Int64', 'Edm.Single', 'Edm.Double', 'Edm.Decimal'])
export const isNumeric = (type: EdmType) => type.kind === 'primitive' && NUMERIC.has(type.name)

const named = (schema: TSchema): string | undefined => {
  const name = (schema as Record<string, unknown>)[ODATA_TYPE_KEYWORD]
  return typeof name === 'string' ? name : undefined
}

/** The schema without its null branch: Graph's nullable properties are `X | null`. */
function nonNull (schema: TSchema): TSchema {
  if (!KindGuard.IsUnion(schema)) return schema
  const branches = schema.anyOf.filter((branch) => !KindGuard.IsNull(branch))
  return branches.length === 1 && branches[0] !== undefined ? branches[0] : { ...schema, anyOf: branches }
}

function primitiveOf (schema: TSchema): PrimitiveName {
  if (KindGuard.IsBoolean(schema)) return 'Edm.Boolean'
  if (KindGuard.IsInteger(schema)) return 'Edm.Int64'
  if (KindGuard.IsNumber(schema)) return 'Edm.Double'
  if (KindGuard.IsString(schema) && schema.format === 'date-time') return 'Edm.DateTimeOffset'
  return 'Edm.String'
}

function typeOf (schema: TSchema, name: string | undefined = named(schema)): EdmType {
  const inner = nonNull(schema)
  if (KindGuard.IsArray(inner)) {
    const item = typeOf(inner.items)
    return { kind: 'collection', name: name ?? `Collection(${item.name})`, item }
  }
  if (KindGuard.IsObject(inner)) return complexType(inner, name)
  if (KindGuard.IsUnion(inner) && inner.anyOf.every((branch) => KindGuard.IsLiteral(branch))) {
    return { kind: 'enum', name: name ?? 'Edm.String', members: inner.anyOf.map((branch) => String(branch.const)) }
  }
  if (name !== undefined && !name.startsWith('Edm.')) return { kind: 'enum', name }
  return { kind: 'primitive', name: (name as PrimitiveName | undefined) ?? primitiveOf(inner) }
}

const complexTypes = new WeakMap<TObject, ComplexType>()

/** The type of an entity (with its `key`) or complex value; `@odata.type`, an annotation, is not one of its properties. */
export function complexType (schema: TObject, name?: string, key?: string): ComplexType {
  // Complex types nested in entities are read once per schema; an entity's, named by its caller, each time.
  const cached = name === undefined && key === undefined
  const known = cached ? complexTypes.get(schema) : undefined
  if (known !== undefined) return known
  const properties = new Map<string, EdmType>()
  const type: ComplexType = { kind: 'complex', name: name ?? named(schema) ?? 'Edm.ComplexType', properties, ...(key === undefined ? {} : { key }) }
  if (cached) complexTypes.set(schema, type)
  for (const [property, propertySchema] of Object.entries(schema.properties)) {
    if (property !== '@odata.type') properties.set(property, typeOf(propertySchema))
  }
  return type
}

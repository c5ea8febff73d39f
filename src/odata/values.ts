/**
 * How query options compare stored values, by their OData type: strings without regard to
 * case (as Graph's directory and Intune filters match them), date-times as instants, enum
 * members by their order in the metadata, Booleans false before true. Null is below every
 * value, so it sorts first ascending, as OData says.
 */
import type { EdmType } from './edm-types.js'

/** A value reduced to what comparisons use: a number or a string; null for null or a value of the wrong shape. */
export type Key = number | string | null
export type KeyOf = (value: unknown) => Key

const STRING_KEY: KeyOf = (value) => (typeof value === 'string' ? value.toLowerCase() : null)
const NUMBER_KEY: KeyOf = (value) => (typeof value === 'number' ? value : null)
const BOOLEAN_KEY: KeyOf = (value) => (typeof value === 'boolean' ? Number(value) : null)
const INSTANT_KEY: KeyOf = (value) => {
  if (typeof value !== 'string') return null
  const instant = Date.parse(value)
  return Number.isNaN(instant) ? null : instant
}

export function keyOf (type: EdmType): KeyOf {
  if (type.kind === 'enum') {
    const { members } = type
    if (members === undefined) return STRING_KEY
    const order = new Map(members.map((member, index) => [member, index]))
    return (value) => (typeof value === 'string' ? order.get(value) ?? null : null)
  }
  if (type.kind !== 'primitive') return () => null
  switch (type.name) {
    case 'Edm.Boolean': return BOOLEAN_KEY
    case 'Edm.Int32': case 'Edm.Int64': case 'Edm.Double': case 'Edm.Decimal': return NUMBER_KEY
    case 'Edm.DateTimeOffset': return INSTANT_KEY
    default: return STRING_KEY
  }
}

/** Orders two keys, null first. */
export function compareKeys (a: Key, b: Key): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return a < b ? -1 : 1
}

/** A string key for a string-valued function (startswith…), which compares as the string type does. */
export const foldString = (value: unknown): string | null => STRING_KEY(value) as string | null

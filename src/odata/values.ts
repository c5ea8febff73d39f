/**
 * How query options compare stored values, by their OData type: strings without regard to
 * case (as Graph's directory and Intune filters match them), date-times as instants to the
 * 100 ns tick (DateTimeOffset's precision: seven fractional digits), enum
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
/** `2026-01-01T00:00:00[.fffffff](Z|±hh:mm)`, seconds optional, with each field's range checked below. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-](\d{2}):(\d{2}))$/i

/** Whether `text` is a DateTimeOffset whose every field is in range (no 2026-02-30, no 24:00, no +25:00), as ODataLib checks it. */
export function isDateTimeOffset (text: string): boolean {
  const match = DATE_TIME.exec(text)
  if (match === null) return false
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = [1, 2, 3, 4, 5, 6, 9, 10].map((index) => Number(match[index] ?? 0))
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate()
  return (month ?? 0) >= 1 && (month ?? 0) <= 12 && (day ?? 0) >= 1 && (day ?? 0) <= daysInMonth &&
    (hour ?? 0) <= 23 && (minute ?? 0) <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59
}

/**
 * The instant as a string that sorts as time does: UTC to the millisecond, then the four
 * digits below it, so that `…00.1234567Z` and `…00.1239999Z` differ. Stored values were
 * checked as date-times when they were written.
 */
const INSTANT_KEY: KeyOf = (value) => {
  if (typeof value !== 'string') return null
  const match = DATE_TIME.exec(value)
  if (match === null) return null
  const fraction = (match[7] ?? '').padEnd(7, '0')
  // Already UTC, as nearly every stored value is: the key is its own fields.
  if (match[8]?.toUpperCase() === 'Z') return `${value.slice(0, 16)}:${match[6] ?? '00'}.${fraction}`
  const instant = Date.parse(value)
  return Number.isNaN(instant) ? null : `${new Date(instant).toISOString().slice(0, 20)}${fraction}`
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
    case 'Edm.Int32': case 'Edm.Int64': case 'Edm.Single': case 'Edm.Double': case 'Edm.Decimal': return NUMBER_KEY
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

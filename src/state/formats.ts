/** The string formats records use, registered with TypeBox, whose checks know none until told (Fastify's Ajv has ajv-formats). */
import { FormatRegistry } from '@sinclair/typebox'

/** A GUID, as Entra writes the ids of tenants and apps, in any case; Entra matches them in any case too. */
export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
const GUID = new RegExp(GUID_PATTERN)
export const isGuid = (text: string) => GUID.test(text)

/** RFC 3339 date-time with a time zone, as Ajv's `date-time` format (ajv-formats) checks it. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/

function isDateTime (value: string): boolean {
  const match = DATE_TIME.exec(value)
  if (match === null) return false
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.slice(1).map((part) => Number(part ?? 0))
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1]
  return days !== undefined && day! >= 1 && day! <= days && hour! <= 23 && minute! <= 59 && second! <= 59 &&
    offsetHour! <= 23 && offsetMinute! <= 59
}

if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime)

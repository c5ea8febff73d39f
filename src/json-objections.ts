/**
 * What JSON.parse takes but a reader may refuse: a property name given twice in one object, which
 * JSON.parse silently resolves to the last one (Graph's OData reader refuses such a body, and a
 * fixture file would lose a record), and objects and arrays nested deeper than a bound, which
 * the recursive code after parsing (JSON.stringify among it) would overflow the stack on.
 */
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

/**
 * Where the string opened at `open` ends: the next quote not escaped by an odd run of
 * backslashes, or the end of the text when the string is never closed.
 */
function closingQuote (text: string, open: number): number {
  let close = text.indexOf('"', open + 1)
  for (;;) {
    if (close === -1) return text.length
    let backslashes = 0
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return close
    close = text.indexOf('"', close + 1)
  }
}

export type JsonObjection = { duplicate: string } | { deeperThan: number }

/**
 * The first property name given twice in one object of `text`, or that it nests deeper than
 * `maxDepth`, whichever the scan meets first. Callers parse the text first: on text that is not
 * JSON the answer means nothing, though the scan still ends. A loop with an explicit stack, not
 * recursion, so no nesting depth can overflow the call stack.
 */
export function jsonObjection (text: string, maxDepth = Infinity): JsonObjection | undefined {
  // One entry per open container: the names seen so far in an object, undefined for an array.
  const containers: Array<Set<string> | undefined> = []
  let atName = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (char === QUOTE) {
      const start = i
      i = closingQuote(text, i)
      const names = containers.at(-1)
      if (atName && names !== undefined) {
        const raw = text.slice(start + 1, i)
        // "a" and "\u0061" name the same property.
        const name = raw.includes('\\') ? JSON.parse(`"${raw}"`) as string : raw
        if (names.has(name)) return { duplicate: name }
        names.add(name)
        atName = false
      }
    } else if (char === OPEN_OBJECT || char === OPEN_ARRAY) {
      if (containers.length === maxDepth) return { deeperThan: maxDepth }
      containers.push(char === OPEN_OBJECT ? new Set() : undefined)
      atName = char === OPEN_OBJECT
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) {
      containers.pop()
    } else if (char === COMMA) {
      atName = containers.at(-1) !== undefined
    }
  }
  return undefined
}

/** The first property name given twice in one object of `text`, at any depth. */
export function duplicatePropertyName (text: string): string | undefined {
  const objection = jsonObjection(text)
  return objection !== undefined && 'duplicate' in objection ? objection.duplicate : undefined
}

/**
 * The grammar of `$filter` (and of `$orderby`'s items) as graph-mock reads it, and its parser
 * into a syntax tree. Types are the binder's job (filter-binder.ts): this file knows only the
 * text, and the type a number's suffix names, whose values ODataLib's parser checks as it reads
 * them. Precedence is OData's (Part 2, 5.1.1.16): `not` binds tightest, then the comparisons,
 * then `and`, then `or`.
 *
 *   filter     = or
 *   or         = and *( "or" and )
 *   and        = comparison *( "and" comparison )
 *   comparison = unary [ ( "eq" / "ne" / "gt" / "ge" / "lt" / "le" ) unary
 *                      / "in" "(" unary *( "," unary ) ")" ]
 *   unary      = "not" unary / operand
 *   operand    = "(" or ")" / literal / call / path
 *   call       = name "(" [ or *( "," or ) ] ")"          ; startswith, endswith, contains, tolower, toupper
 *   path       = name *( "/" name ) [ "/" ( "any" / "all" ) "(" [ name ":" or ] ")" ]
 *                                                         ; inside a lambda, a path may start with its variable
 *   literal    = string / number / "true" / "false" / "null" / guid / dateTimeOffset / date
 *              / qualifiedEnumType string                 ; microsoft.graph.complianceState'compliant'
 *   string     = "'" *( any character but "'" / "''" ) "'"
 *   number     = [ "-" ] digits [ "." digits ] [ "e" [ "+" / "-" ] digits ] [ "L" / "M" / "D" / "F" ]
 *                                                         ; the suffix, in either case, types it: Int64, Decimal, Double, Single
 *   orderby    = path [ "asc" / "desc" ] *( "," path [ "asc" / "desc" ] )
 *
 * Ours, not a library's: the OData parsers on npm misread precedence (`not a and (b or c)`,
 * `a or b and c`), refuse lambdas or unquoted date-times, or are unmaintained.
 *
 * Keywords and function names are read without regard to case (Graph's docs write both
 * `startswith` and `startsWith`); property names keep theirs. Positions in errors count
 * characters from 0, as ODataLib's messages do.
 */
import { QUERY_ERRORS } from './query-error.js'

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'
export type LiteralKind = 'string' | 'integer' | 'decimal' | 'boolean' | 'null' | 'guid' | 'dateTimeOffset' | 'date'

/** The types a number's suffix gives it. */
export type NumberType = 'Edm.Int64' | 'Edm.Decimal' | 'Edm.Double' | 'Edm.Single'

export type FilterNode =
  /** `numberType`: a number's, when a suffix names it. */
  | { kind: 'literal', literal: LiteralKind, value: string | number | boolean | null, enumType?: string, numberType?: NumberType, position: number }
  /** `variable` is a lambda's, when the path starts with it; `segments` follow it. */
  | { kind: 'path', segments: readonly string[], variable?: string, position: number }
  | { kind: 'lambda', operator: 'any' | 'all', collection: PathNode, variable?: string, body?: FilterNode, position: number }
  | { kind: 'call', name: string, args: readonly FilterNode[], position: number }
  | { kind: 'comparison', operator: ComparisonOperator, left: FilterNode, right: FilterNode, position: number }
  | { kind: 'in', left: FilterNode, list: readonly FilterNode[], position: number }
  | { kind: 'and' | 'or', left: FilterNode, right: FilterNode, position: number }
  | { kind: 'not', operand: FilterNode, position: number }

export type PathNode = Extract<FilterNode, { kind: 'path' }>

type TokenKind = 'name' | 'string' | 'number' | 'guid' | 'dateTimeOffset' | 'date' | '(' | ')' | ',' | '/' | ':' | 'end'
interface Token { kind: TokenKind, text: string, position: number }

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
/** How deeply groups, calls, lambdas and `not`s may nest: ODataLib's default limit, and well within the stack. */
export const MAX_DEPTH = 800
/** How deeply lambdas may nest: each level multiplies the work per record by its collection's size. */
export const MAX_LAMBDA_DEPTH = 3
// Sticky patterns tried in this order at each position: a GUID or a date may start like a number or a name.
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y
const DATE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.-])/y
const DATE = /\d{4}-\d{2}-\d{2}(?![\w:.-])/y
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[lLmMdDfF]?(?![\w.])/y
const NAME = /[A-Za-z_][\w.]*/y
const SPACE = /\s+/y
const PATTERNS = [['guid', GUID], ['dateTimeOffset', DATE_TIME], ['date', DATE], ['number', NUMBER], ['name', NAME]] as const

/** The suffixes ODataLib's ExpressionLexer.ParseFromDigit takes after a number, in either case, and the type each gives it. */
const NUMBER_SUFFIXES: ReadonlyMap<string, NumberType> = new Map([['l', 'Edm.Int64'], ['m', 'Edm.Decimal'], ['d', 'Edm.Double'], ['f', 'Edm.Single']])
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
/** Decimal.MaxValue, 2^96 - 1, as near as a double holds it (so its very edge is told as well as a double tells it). */
const DECIMAL_MAX = 2 ** 96

/**
 * The value of a number without its suffix, read as ODataLib's UriPrimitiveTypeParser reads one of
 * `type` (XmlConvert.ToInt64; ToDecimal, then Decimal.TryParse, which takes an exponent; ToDouble;
 * ToSingle); undefined for text that is no value of the type: an Int64 with a fraction or an
 * exponent, either type out of its range. Double and Single take every number, one too large as
 * infinity, as .NET (Core) parses it.
 */
function suffixedValue (digits: string, type: NumberType): number | undefined {
  const value = Number(digits)
  switch (type) {
    case 'Edm.Int64': return /^-?\d+$/.test(digits) && BigInt(digits) >= INT64_MIN && BigInt(digits) <= INT64_MAX ? value : undefined
    case 'Edm.Decimal': return Math.abs(value) <= DECIMAL_MAX ? value : undefined
    case 'Edm.Single': return Math.fround(value)
    case 'Edm.Double': return value
  }
}

/** The string literal opening at `start`: its value, and where its source ends (after the closing quote). */
function stringAt (text: string, start: number): { value: string, end: number } {
  let at = start + 1
  let value = ''
  while (at < text.length) {
    const quote = text.indexOf("'", at)
    if (quote === -1) break
    value += text.slice(at, quote)
    if (text[quote + 1] !== "'") return { value, end: quote + 1 }
    value += "'"
    at = quote + 2
  }
  throw QUERY_ERRORS.unterminatedString(start, text)
}

function tokenize (text: string): Token[] {
  const tokens: Token[] = []
  let at = 0
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at
    return pattern.exec(text)?.[0]
  }
  /** The first of PATTERNS that matches at `at`, tried in their order and no further. */
  const literalOrName = (): Token | undefined => {
    for (const [kind, pattern] of PATTERNS) {
      const found = take(pattern)
      if (found !== undefined) return { kind, text: found, position: at }
    }
    return undefined
  }
  while (at < text.length) {
    const space = take(SPACE)
    if (space !== undefined) {
      at += space.length
      continue
    }
    const char = text[at] ?? ''
    if ('(),/:'.includes(char)) {
      tokens.push({ kind: char as TokenKind, text: char, position: at })
      at += 1
      continue
    }
    if (char === "'") {
      const { value, end } = stringAt(text, at)
      tokens.push({ kind: 'string', text: value, position: at })
      at = end
      continue
    }
    const token = literalOrName()
    if (token === undefined) throw QUERY_ERRORS.invalidCharacter(char, at, text)
    tokens.push(token)
    at += token.text.length
  }
  tokens.push({ kind: 'end', text: '', position: text.length })
  return tokens
}

/** A recursive-descent parser over the tokens of `text`, its rules named as the grammar's. */
function parserOf (text: string) {
  const tokens = tokenize(text)
  let index = 0
  const lambdaVariables: string[] = []
  let depth = 0
  /** Runs `rule` one level deeper, refusing, as ODataLib does, what nests past MAX_DEPTH. */
  function deeper<T> (rule: () => T): T {
    if (++depth > MAX_DEPTH) throw QUERY_ERRORS.tooDeep()
    try {
      return rule()
    } finally {
      depth--
    }
  }
  const peek = (): Token => tokens[index] ?? tokens[tokens.length - 1] as Token
  const next = (): Token => {
    const token = peek()
    if (token.kind !== 'end') index += 1
    return token
  }
  const isKeyword = (token: Token, word: string) => token.kind === 'name' && token.text.toLowerCase() === word
  function expect (kind: TokenKind, what: string): Token {
    if (peek().kind === kind) return next()
    throw kind === 'name' ? QUERY_ERRORS.identifierExpected(peek().position) : QUERY_ERRORS.expected(what, peek().position, text)
  }

  /**
   * A chain of `and`s or `or`s, left-associative: each link nests the tree one level deeper, so it
   * counts against MAX_DEPTH until the chain ends, as a group does (8,000 `or`s in a batch item's
   * URL, which no header limit bounds, overflowed the stack of the binder that walks the tree).
   */
  function chain (keyword: 'and' | 'or', term: () => FilterNode): FilterNode {
    let left = term()
    const before = depth
    while (isKeyword(peek(), keyword)) {
      if (++depth > MAX_DEPTH) throw QUERY_ERRORS.tooDeep()
      const { position } = next()
      left = { kind: keyword, left, right: term(), position }
    }
    depth = before
    return left
  }
  const or = (): FilterNode => chain('or', and)
  const and = (): FilterNode => chain('and', comparison)
  function comparison (): FilterNode {
    const left = unary()
    const token = peek()
    if (token.kind === 'name' && COMPARISONS.has(token.text.toLowerCase())) {
      next()
      return { kind: 'comparison', operator: token.text.toLowerCase() as ComparisonOperator, left, right: unary(), position: token.position }
    }
    if (isKeyword(token, 'in')) {
      next()
      expect('(', "'('")
      const list = [unary()]
      while (peek().kind === ',') {
        next()
        list.push(unary())
      }
      expect(')', "')' or ','")
      return { kind: 'in', left, list, position: token.position }
    }
    // After an operand comes an operator, `and`, `or`, or the end of a group or an argument.
    if ((token.kind === 'name' && !isKeyword(token, 'and') && !isKeyword(token, 'or')) || token.kind === 'string' || token.kind === 'number') {
      throw QUERY_ERRORS.syntax(token.position, text)
    }
    return left
  }
  function unary (): FilterNode {
    const token = peek()
    const following = tokens[index + 1]
    // `not` is a keyword only before an operand, so a property named `not` stays reachable as `not eq …`.
    const beforeOperand = following !== undefined && !['end', ')', ','].includes(following.kind) && !COMPARISONS.has(following.text.toLowerCase())
    if (isKeyword(token, 'not') && beforeOperand) {
      next()
      return { kind: 'not', operand: deeper(unary), position: token.position }
    }
    return operand()
  }
  function operand (): FilterNode {
    const token = peek()
    switch (token.kind) {
      case '(': {
        next()
        const inner = deeper(or)
        expect(')', "')' or operator")
        return inner
      }
      case 'string':
        next()
        return { kind: 'literal', literal: 'string', value: token.text, position: token.position }
      case 'number':
        next()
        return numberLiteral(token)
      case 'guid':
      case 'dateTimeOffset':
      case 'date':
        next()
        return { kind: 'literal', literal: token.kind, value: token.text, position: token.position }
      case 'name':
        return nameOperand()
      default:
        throw QUERY_ERRORS.expected('Expression', token.position, text)
    }
  }
  /** A number, typed by its suffix when it has one; one whose text its suffix's type cannot hold is refused as ODataLib's ParseTypedLiteral refuses it. */
  function numberLiteral (token: Token): FilterNode {
    const numberType = NUMBER_SUFFIXES.get(token.text.slice(-1).toLowerCase())
    const digits = numberType === undefined ? token.text : token.text.slice(0, -1)
    const literal = /^-?\d+$/.test(digits) ? 'integer' : 'decimal'
    if (numberType === undefined) return { kind: 'literal', literal, value: Number(digits), position: token.position }
    const value = suffixedValue(digits, numberType)
    if (value === undefined) throw QUERY_ERRORS.unrecognizedLiteral(numberType, token.text, token.position, text)
    return { kind: 'literal', literal, value, numberType, position: token.position }
  }
  function nameOperand (): FilterNode {
    const token = next()
    const word = token.text.toLowerCase()
    if (word === 'true' || word === 'false') return { kind: 'literal', literal: 'boolean', value: word === 'true', position: token.position }
    if (word === 'null') return { kind: 'literal', literal: 'null', value: null, position: token.position }
    // A qualified enum literal: the type's name, then the member in quotes.
    if (token.text.includes('.') && peek().kind === 'string' && peek().position === token.position + token.text.length) {
      const member = next()
      return { kind: 'literal', literal: 'string', value: member.text, enumType: token.text, position: token.position }
    }
    if (peek().kind === '(') {
      next()
      const args: FilterNode[] = []
      if (peek().kind !== ')') {
        args.push(deeper(or))
        while (peek().kind === ',') {
          next()
          args.push(deeper(or))
        }
      }
      expect(')', "')' or ','")
      return { kind: 'call', name: word, args, position: token.position }
    }
    return path(token)
  }
  function path (first: Token): FilterNode {
    const isVariable = lambdaVariables.includes(first.text)
    const segments: string[] = isVariable ? [] : [first.text]
    const variable = isVariable ? { variable: first.text } : {}
    while (peek().kind === '/') {
      next()
      const segment = expect('name', 'Property name')
      const word = segment.text.toLowerCase()
      if ((word === 'any' || word === 'all') && peek().kind === '(') {
        return lambda(word, { kind: 'path', segments: [...segments], ...variable, position: first.position }, segment)
      }
      segments.push(segment.text)
    }
    return { kind: 'path', segments, ...variable, position: first.position }
  }
  function lambda (operator: 'any' | 'all', collection: PathNode, token: Token): FilterNode {
    next()
    if (peek().kind === ')') {
      next()
      if (operator === 'all') throw QUERY_ERRORS.syntax(token.position, text)
      return { kind: 'lambda', operator, collection, position: token.position }
    }
    if (lambdaVariables.length >= MAX_LAMBDA_DEPTH) throw QUERY_ERRORS.lambdasTooDeep(MAX_LAMBDA_DEPTH)
    const variable = expect('name', 'Range variable').text
    // In scope until its lambda closes, so a nested lambda may not declare it again; names compare
    // in their case (ODataLib's UriQueryExpressionParser.ParseAnyAll, an ordinal set, checked before the ':').
    if (lambdaVariables.includes(variable)) throw QUERY_ERRORS.rangeVariableDeclared(variable)
    expect(':', "':'")
    lambdaVariables.push(variable)
    const body = deeper(or)
    lambdaVariables.pop()
    expect(')', "')' or operator")
    return { kind: 'lambda', operator, collection, variable, body, position: token.position }
  }
  function end (): void {
    if (peek().kind !== 'end') throw QUERY_ERRORS.syntax(peek().position, text)
  }
  return { or, path, peek, next, isKeyword, expect, end }
}

/** Parses a `$filter` expression; throws ODataQueryError with ODataLib's wording and the position of what is wrong. */
export function parseFilter (text: string): FilterNode {
  const parser = parserOf(text)
  if (parser.peek().kind === 'end') throw QUERY_ERRORS.expected('Expression', 0, text)
  const tree = parser.or()
  parser.end()
  return tree
}

/** Parses `$orderby`: Graph sorts by properties only, so an item is a path, not any expression. */
export function parseOrderBy (text: string): Array<{ path: PathNode, descending: boolean }> {
  const parser = parserOf(text)
  const items: Array<{ path: PathNode, descending: boolean }> = []
  do {
    if (items.length > 0) parser.next()
    const first = parser.expect('name', 'Property name')
    const path = parser.path(first)
    if (path.kind !== 'path') throw QUERY_ERRORS.syntax(path.position, text)
    const direction = parser.peek()
    const descending = parser.isKeyword(direction, 'desc')
    if (descending || parser.isKeyword(direction, 'asc')) parser.next()
    items.push({ path, descending })
  } while (parser.peek().kind === ',')
  parser.end()
  return items
}

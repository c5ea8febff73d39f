/**
 * Binds a `$filter` syntax tree to an entity's type, refusing what Graph refuses with
 * ODataLib's messages, and compiles it into a predicate over stored records. Logic is OData's
 * three-valued one (Part 2, 5.1.1.3): null is unknown, so `not null` is null, `null and false`
 * false, `null or true` true, and a function of null null; a record matches when its filter is
 * true. A comparison is never null: with a null operand it is false but for `eq null`, `ne`.
 * `any` over an empty collection is false, `all` over one true, either over null null.
 */
import { isNumeric, type ComplexType, type EdmType, type PrimitiveName } from './edm-types.js'
import type { ComparisonOperator, FilterNode, LiteralKind, PathNode } from './filter-syntax.js'
import { QUERY_ERRORS } from './query-error.js'
import { compareKeys, foldString, isDateTimeOffset, keyOf, type Key } from './values.js'

export type Row = Readonly<Record<string, unknown>>
type Scope = Readonly<Record<string, unknown>>
/** Reads a value of `row`, the record under `id` (its key is not one of its properties). */
type Evaluate = (row: Row, scope: Scope, id: string) => unknown
/** `null` is the type of the null literal, which compares with anything. */
interface Bound { type: EdmType | null, evaluate: Evaluate, literal?: FilterNode & { kind: 'literal' } }

const OPERATOR_KINDS: Record<ComparisonOperator | 'and' | 'or' | 'not', string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual', and: 'And', or: 'Or', not: 'Not'
}
const LITERAL_TYPES: Record<Exclude<LiteralKind, 'null' | 'integer'>, PrimitiveName> = {
  string: 'Edm.String', decimal: 'Edm.Decimal', boolean: 'Edm.Boolean', guid: 'Edm.Guid', dateTimeOffset: 'Edm.DateTimeOffset', date: 'Edm.Date'
}
const BOOLEAN: EdmType = { kind: 'primitive', name: 'Edm.Boolean' }
const STRING: EdmType = { kind: 'primitive', name: 'Edm.String' }
const primitive = (name: PrimitiveName): EdmType => ({ kind: 'primitive', name })
const isBoolean = (type: EdmType | null) => type?.kind === 'primitive' && type.name === 'Edm.Boolean'
const isString = (type: EdmType | null) => type === null || (type.kind === 'primitive' && type.name === 'Edm.String')
const isSingle = (type: EdmType | null) => type === null || type.kind === 'primitive' || type.kind === 'enum'

/**
 * The string functions Graph's filters offer, with their signatures as ODataLib quotes them.
 * Their arguments arrive folded to lower case, as every string comparison here ignores case:
 * `toupper` can then hand its argument on as it is.
 */
const FUNCTIONS: Record<string, { arity: number, signature: string, returns: EdmType, apply: (args: Array<string | null>) => unknown }> = {
  startswith: { arity: 2, signature: 'startswith(Edm.String Nullable=true, Edm.String Nullable=true)', returns: BOOLEAN, apply: ([a, b]) => (a == null || b == null ? null : a.startsWith(b)) },
  endswith: { arity: 2, signature: 'endswith(Edm.String Nullable=true, Edm.String Nullable=true)', returns: BOOLEAN, apply: ([a, b]) => (a == null || b == null ? null : a.endsWith(b)) },
  contains: { arity: 2, signature: 'contains(Edm.String Nullable=true, Edm.String Nullable=true)', returns: BOOLEAN, apply: ([a, b]) => (a == null || b == null ? null : a.includes(b)) },
  tolower: { arity: 1, signature: 'tolower(Edm.String Nullable=true)', returns: STRING, apply: ([a]) => a ?? null },
  toupper: { arity: 1, signature: 'toupper(Edm.String Nullable=true)', returns: STRING, apply: ([a]) => a ?? null }
}

export const propertyNotFound = (name: string, type: EdmType) => QUERY_ERRORS.propertyNotFound(name, type.name)

const incompatible = (operator: keyof typeof OPERATOR_KINDS, left: EdmType | null, right: EdmType | null) =>
  QUERY_ERRORS.incompatibleOperands(left?.name ?? 'null', right?.name ?? 'null', OPERATOR_KINDS[operator])

/** The type a path names from `root` (or from a lambda variable's type), and how to read it from a row. */
export function bindPath (path: PathNode, root: ComplexType, variables: Readonly<Record<string, EdmType>> = {}): { type: EdmType, read: Evaluate } {
  let type: EdmType = path.variable === undefined ? root : variables[path.variable] ?? root
  for (const segment of path.segments) {
    if (type.kind === 'collection') throw QUERY_ERRORS.notSingleValueParent(segment)
    const property: EdmType | undefined = type.kind === 'complex' ? type.properties.get(segment) : undefined
    if (property === undefined) throw propertyNotFound(segment, type)
    type = property
  }
  const { segments, variable } = path
  const [first] = segments
  // The two reads nearly every filter makes, without the loop: the entity's key, and one of its properties.
  if (variable === undefined && segments.length === 1 && first !== undefined) {
    return { type, read: first === root.key ? (_row, _scope, id) => id : (row) => row[first] ?? null }
  }
  const read: Evaluate = (row, scope) => {
    let value: unknown = variable === undefined ? row : scope[variable]
    for (const segment of segments) {
      if (typeof value !== 'object' || value === null) return null
      value = (value as Row)[segment] ?? null
    }
    return value
  }
  return { type, read }
}

/** The literal's value as a key of `type`, refusing what cannot be one (an enum member that does not exist). */
function literalKey (literal: FilterNode & { kind: 'literal' }, type: EdmType): Key {
  if (literal.value === null) return null
  if (type.kind === 'enum' && type.members !== undefined) {
    const wanted = String(literal.value).toLowerCase()
    const member = type.members.find((name) => name.toLowerCase() === wanted)
    if (member === undefined) throw QUERY_ERRORS.notEnumMember(String(literal.value))
    return keyOf(type)(member)
  }
  return keyOf(type)(literal.value)
}

/** A Decimal that is no unsuffixed literal: ODataLib types `1.5` Single, Double or Decimal, by its digits, and graph-mock lets it be any of them. */
const strictDecimal = (side: Bound) => side.type?.kind === 'primitive' && side.type.name === 'Edm.Decimal' && (side.literal === undefined || side.literal.numberType !== undefined)
const floatingValue = (side: Bound) => side.type?.kind === 'primitive' && (side.type.name === 'Edm.Single' || side.type.name === 'Edm.Double') && side.literal === undefined

/**
 * Whether numbers of the two types may be compared, as ODataLib promotes them to a comparison's
 * signature (MetadataUtilsCommon.CanConvertPrimitiveTypeTo): each integer type widens to Single,
 * Double and Decimal, Single to Double, but Single and Double to Decimal only as literals, and a
 * Decimal to nothing else, so a Double property and a Decimal (`50M`) have no signature in common.
 */
const numbersComparable = (left: Bound, right: Bound) =>
  !(strictDecimal(left) && floatingValue(right)) && !(strictDecimal(right) && floatingValue(left))

/** Whether values of the two types may be compared; a string literal names an enum member. */
function comparable (left: Bound, right: Bound): boolean {
  const [a, b] = [left.type, right.type]
  if (a === null || b === null) return true
  if (isNumeric(a) && isNumeric(b)) return numbersComparable(left, right)
  if (a.kind === 'enum' && b.kind === 'enum') return a.name === b.name
  if (a.kind === 'enum') return right.literal?.literal === 'string'
  if (b.kind === 'enum') return left.literal?.literal === 'string'
  return a.kind === 'primitive' && b.kind === 'primitive' && a.name === b.name
}

/** Keys both sides of a comparison by the type of the side that is not a literal. */
function keyed (side: Bound, other: Bound): (row: Row, scope: Scope, id: string) => Key {
  if (side.literal !== undefined) {
    const key = literalKey(side.literal, other.type ?? side.type ?? STRING)
    return () => key
  }
  const key = keyOf(side.type ?? STRING)
  const { evaluate } = side
  return (row, scope, id) => key(evaluate(row, scope, id))
}

const COMPARE: Record<ComparisonOperator, (a: Key, b: Key) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a !== null && b !== null && compareKeys(a, b) > 0,
  ge: (a, b) => a !== null && b !== null && compareKeys(a, b) >= 0,
  lt: (a, b) => a !== null && b !== null && compareKeys(a, b) < 0,
  le: (a, b) => a !== null && b !== null && compareKeys(a, b) <= 0
}

/** A literal's type: its suffix's for a number that has one; an integer's is Int32 when it fits, as ODataLib guesses it. */
function literalType (node: FilterNode & { kind: 'literal' }): EdmType | null {
  if (node.literal === 'null') return null
  if (node.numberType !== undefined) return primitive(node.numberType)
  if (node.literal === 'integer') return primitive(Number.isSafeInteger(node.value) && Math.abs(node.value as number) <= 2147483647 ? 'Edm.Int32' : 'Edm.Int64')
  return primitive(LITERAL_TYPES[node.literal])
}

/** A test of a stored record, and its id: the entity's key, which the record does not hold. */
export type Predicate = (row: Row, id: string) => boolean

/** The value of a Boolean expression in OData's three-valued logic: true, false, or null (unknown). */
const truth = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null)

/**
 * The steps one request's filter may take over the records it tests, counted as they are taken:
 * a comparison, an `in`, a function call, and each item a lambda reads (LAMBDA_ITEM_STEPS: a
 * scope of its own). Nesting is bounded (MAX_LAMBDA_DEPTH), but each level multiplies the items
 * read by its collection's size, which a PATCH chooses: three nested any() over 400 items held
 * the event loop for 15 s, a 440-term body over 980,000 items for as long. Ten million steps,
 * about 1.3 s here at 130 ns a comparison, are a 100-term `or` that matches none of 100,000
 * devices, or any filter an app sends over the few thousand a suite seeds.
 */
export const MAX_FILTER_STEPS = 10_000_000
const LAMBDA_ITEM_STEPS = 10

/** Compiles `$filter`'s tree against the entity type into a predicate; throws ODataQueryError for what Graph refuses. */
export function bindFilter (tree: FilterNode, root: ComplexType): Predicate {
  // One count per predicate, and a predicate serves one request.
  let steps = 0
  const take = (cost: number) => {
    steps += cost
    if (steps > MAX_FILTER_STEPS) throw QUERY_ERRORS.filterTooCostly(MAX_FILTER_STEPS)
  }
  /**
   * One operand of a binary operator (a comparison, `and`, `or`), bound and refused when it is a
   * collection, whatever the other side is, `null` too: ODataLib's BinaryOperatorBinder.GetOperandFromToken
   * takes a single value only (MetadataBinder_BinaryOperatorOperandNotSingleValue), and binds and
   * checks the left operand before it binds the right one.
   */
  function operand (node: FilterNode, operator: keyof typeof OPERATOR_KINDS, variables: Readonly<Record<string, EdmType>>): Bound {
    const bound = bind(node, variables)
    if (bound.type?.kind === 'collection') throw QUERY_ERRORS.notSingleValueOperand(OPERATOR_KINDS[operator])
    return bound
  }
  function bind (node: FilterNode, variables: Readonly<Record<string, EdmType>>): Bound {
    switch (node.kind) {
      case 'literal': {
        const type = literalType(node)
        if (node.literal === 'dateTimeOffset' && !isDateTimeOffset(String(node.value))) throw QUERY_ERRORS.invalidDateTime(String(node.value))
        const { value } = node
        return { type: node.enumType === undefined ? type : { kind: 'enum', name: node.enumType }, evaluate: () => value, literal: node }
      }
      case 'path': {
        const { type, read } = bindPath(node, root, variables)
        return { type, evaluate: read }
      }
      case 'lambda': {
        const { type, read } = bindPath(node.collection, root, variables)
        if (type.kind !== 'collection') throw QUERY_ERRORS.lambdaNeedsCollection()
        if (node.body === undefined || node.variable === undefined) {
          return { type: BOOLEAN, evaluate: (row, scope, id) => { const items = read(row, scope, id); return Array.isArray(items) ? items.length > 0 : null } }
        }
        const body = bind(node.body, { ...variables, [node.variable]: type.item })
        if (!isBoolean(body.type)) throw QUERY_ERRORS.lambdaNotBoolean()
        const { variable } = node
        const test = (row: Row, scope: Scope, id: string) => (item: unknown) => {
          take(LAMBDA_ITEM_STEPS)
          return body.evaluate(row, { ...scope, [variable]: item }, id) === true
        }
        return node.operator === 'any'
          ? { type: BOOLEAN, evaluate: (row, scope, id) => { const items = read(row, scope, id); return Array.isArray(items) ? items.some(test(row, scope, id)) : null } }
          : { type: BOOLEAN, evaluate: (row, scope, id) => { const items = read(row, scope, id); return Array.isArray(items) ? items.every(test(row, scope, id)) : null } }
      }
      case 'call': {
        const fn = FUNCTIONS[node.name]
        if (fn === undefined) throw QUERY_ERRORS.unknownFunction(node.name)
        const args = node.args.map((arg) => bind(arg, variables))
        if (args.length !== fn.arity || !args.every((arg) => isString(arg.type))) throw QUERY_ERRORS.noFunctionSignature(node.name, fn.signature)
        const evaluations = args.map((arg) => arg.evaluate)
        return { type: fn.returns, evaluate: (row, scope, id) => { take(1); return fn.apply(evaluations.map((evaluate) => foldString(evaluate(row, scope, id)))) } }
      }
      case 'comparison': {
        const left = operand(node.left, node.operator, variables)
        const right = operand(node.right, node.operator, variables)
        const nullTest = (node.operator === 'eq' || node.operator === 'ne') && (left.type === null || right.type === null)
        // A complex value, which ODataLib takes for a single value, graph-mock compares with null alone.
        if (!nullTest && (!isSingle(left.type) || !isSingle(right.type))) throw QUERY_ERRORS.notSingleValueOperand(OPERATOR_KINDS[node.operator])
        if (!comparable(left, right)) throw incompatible(node.operator, left.type, right.type)
        if (nullTest) {
          const side = left.type === null ? right : left
          const wantNull = node.operator === 'eq'
          return { type: BOOLEAN, evaluate: (row, scope, id) => { take(1); return (side.evaluate(row, scope, id) === null) === wantNull } }
        }
        const [a, b, compare] = [keyed(left, right), keyed(right, left), COMPARE[node.operator]]
        return { type: BOOLEAN, evaluate: (row, scope, id) => { take(1); return compare(a(row, scope, id), b(row, scope, id)) } }
      }
      case 'in': {
        const left = bind(node.left, variables)
        // ODataLib's InBinder.GetSingleValueOperandFromToken refuses a collection; a complex value is graph-mock's refusal.
        if (left.type?.kind === 'collection') throw QUERY_ERRORS.inNotSingleValue()
        if (!isSingle(left.type)) throw QUERY_ERRORS.notSingleValueOperand('In')
        const keys = new Set(node.list.map((item) => {
          const bound = bind(item, variables)
          if (bound.literal === undefined) throw QUERY_ERRORS.inNeedsLiterals(item.position)
          if (!comparable(left, bound)) throw incompatible('eq', left.type, bound.type)
          return literalKey(bound.literal, left.type ?? bound.type ?? STRING)
        }))
        const key = keyed(left, left)
        return { type: BOOLEAN, evaluate: (row, scope, id) => { take(1); return keys.has(key(row, scope, id)) } }
      }
      case 'and':
      case 'or': {
        const left = operand(node.left, node.kind, variables)
        const right = operand(node.right, node.kind, variables)
        if (!isBoolean(left.type) || !isBoolean(right.type)) throw incompatible(node.kind, left.type, right.type)
        const [a, b] = [left.evaluate, right.evaluate]
        // A false (for and) or a true (for or) decides, whatever the other side; else null is unknown.
        return node.kind === 'and'
          ? { type: BOOLEAN, evaluate: (row, scope, id) => { const x = truth(a(row, scope, id)); const y = truth(b(row, scope, id)); return x === false || y === false ? false : x === null || y === null ? null : true } }
          : { type: BOOLEAN, evaluate: (row, scope, id) => { const x = truth(a(row, scope, id)); const y = truth(b(row, scope, id)); return x === true || y === true ? true : x === null || y === null ? null : false } }
      }
      case 'not': {
        const operand = bind(node.operand, variables)
        if (!isBoolean(operand.type)) throw QUERY_ERRORS.incompatibleOperand(operand.type?.name ?? 'null', 'Not')
        const { evaluate } = operand
        return { type: BOOLEAN, evaluate: (row, scope, id) => { const value = truth(evaluate(row, scope, id)); return value === null ? null : !value } }
      }
    }
  }
  const bound = bind(tree, {})
  if (!isBoolean(bound.type)) throw QUERY_ERRORS.filterNotBoolean()
  const { evaluate } = bound
  const empty: Scope = {}
  return (row, id) => evaluate(row, empty, id) === true
}

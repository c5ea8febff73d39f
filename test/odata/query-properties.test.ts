/** $filter, $orderby, $top, $skip and $count on a collection, checked against a reference written from the semantics graph-mock documents. */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { Type, type TProperties, type TSchema } from '@sinclair/typebox'
import fc from 'fast-check'
import { ODATA_TYPE_KEYWORD, odataBoolean, odataDateTime, odataEnum, odataString } from '../../src/graph/odata-types.js'
import type { EntitySetResource } from '../../src/graph/resource.js'
import { AUTH, buildTestApp, stateOf } from '../helper.js'

// A resource of this file alone, with a property of every kind the query options compare differently.

const WIDGETS = 'widgets'
const COLLECTION = `/beta/${WIDGETS}`
/** The origin a nextLink names under `inject`. */
const ORIGIN = 'http://localhost:80'
const PAGE_SIZE = 1000
const STATES = ['off', 'on', 'broken'] as const
type State = typeof STATES[number]
const INT32 = { minimum: -2147483648, maximum: 2147483647 }
const READ = ['Widgets.Read.All', 'Widgets.ReadWrite.All']

const nullable = <T extends TSchema>(schema: T, odataType: string, description: string) =>
  Type.Union([schema, Type.Null()], { [ODATA_TYPE_KEYWORD]: odataType, description })

const complexType = (name: string, properties: TProperties, description: string) =>
  Type.Object(properties, { additionalProperties: false, [ODATA_TYPE_KEYWORD]: `microsoft.graph.${name}`, description })

const WidgetInfoSchema = complexType('widgetInfo', { serial: Type.Optional(odataString('Its serial number.')) }, 'What the widget\'s label says.')
const WidgetOwnerSchema = complexType('widgetOwner', {
  userId: odataString('The owner.'),
  since: odataDateTime('When they took it.')
}, 'One owner of a widget.')

const WidgetSchema = Type.Object({
  name: odataString('The widget\'s name.'),
  size: nullable(Type.Integer(INT32), 'Edm.Int32', 'Its size.'),
  seen: odataDateTime('When it was last seen.'),
  state: odataEnum('microsoft.graph.widgetState', STATES, 'Its state.'),
  active: odataBoolean('Whether it is in use.'),
  info: nullable(WidgetInfoSchema, 'microsoft.graph.widgetInfo', 'Its label.'),
  // Nullable, unlike Graph's collections, so that any and all meet a null collection too.
  owners: nullable(Type.Array(WidgetOwnerSchema), 'Collection(microsoft.graph.widgetOwner)', 'Who has owned it.')
}, { additionalProperties: false })

const WIDGET_RESOURCE: EntitySetResource = {
  kind: 'entitySet',
  entitySet: WIDGETS,
  versions: ['beta'],
  qualifiedName: 'microsoft.graph.widget',
  recordSchema: WidgetSchema,
  withId: true,
  paths: [{ path: `/${WIDGETS}` }],
  pageSize: PAGE_SIZE,
  operations: { list: READ, get: READ }
}

// The records as the reference sees them: a date-time keeps the instant it was made from beside its text.

interface Instant { at: number, text: string }
interface Owner { userId: string | null, since: Instant | null }
interface Widget {
  id: string
  name: string | null
  size: number | null
  seen: Instant | null
  state: State
  active: boolean
  /** `serial` left out reads as null. */
  info: { serial?: string | null } | null
  owners: Owner[] | null
}

const stored = ({ id: _id, seen, owners, ...rest }: Widget) => ({
  ...rest,
  seen: seen?.text ?? null,
  owners: owners?.map(({ userId, since }) => ({ userId, since: since?.text ?? null })) ?? null
})

type App = ReturnType<typeof buildTestApp>['app']
interface Page { value: Array<{ id: string }>, '@odata.count'?: number, '@odata.nextLink'?: string }

function widgetApp (t: TestContext): App {
  return buildTestApp(t, { ...stateOf({ [WIDGETS]: {} }, [WIDGETS]), resources: [WIDGET_RESOURCE] }).app
}

/** Replaces every widget through the control API, which checks each record against the schema. */
async function reseed (app: App, widgets: readonly Widget[]): Promise<void> {
  const payload = Object.fromEntries(widgets.map((widget) => [widget.id, stored(widget)]))
  const res = await app.inject({ method: 'PUT', url: `/_mock/store/${WIDGETS}`, payload })
  assert.equal(res.statusCode, 200, res.body)
}

async function page (app: App, url: string): Promise<Page> {
  const res = await app.inject({ url, headers: AUTH })
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
  return res.json<Page>()
}

// The reference: what each option means, written from graph-mock's documented semantics.

/** A value reduced to what it compares by: a lower-cased string, a number, an instant, an enum member's index, 0 or 1. */
type Key = string | number
type Kind = 'string' | 'int32' | 'instant' | 'state' | 'boolean' | 'complex'
interface Property<T> { text: string, kind: Kind, read: (row: T) => Key | null }
interface Literal { text: string, key: Key | null }
type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'
type StringFunction = 'startswith' | 'endswith' | 'contains'

type Expr<T> =
  | { kind: 'compare', operator: Operator, property: Property<T>, literal: Literal, literalFirst: boolean }
  | { kind: 'in', property: Property<T>, list: readonly Literal[] }
  | { kind: 'call', name: StringFunction, property: Property<T>, argument: Literal }
  | { kind: 'and' | 'or', left: Expr<T>, right: Expr<T>, parens: boolean }
  | { kind: 'not', operand: Expr<T> }
  | { kind: 'lambda', operator: 'any' | 'all', collection: string, items: (row: T) => readonly Owner[] | null, body: Expr<Owner> | undefined }

const folded = (value: string | null | undefined) => (value == null ? null : value.toLowerCase())

const WIDGET_PROPERTIES: ReadonlyArray<Property<Widget>> = [
  { text: 'name', kind: 'string', read: (widget) => folded(widget.name) },
  { text: 'size', kind: 'int32', read: (widget) => widget.size },
  { text: 'seen', kind: 'instant', read: (widget) => widget.seen?.at ?? null },
  { text: 'state', kind: 'state', read: (widget) => STATES.indexOf(widget.state) },
  { text: 'active', kind: 'boolean', read: (widget) => Number(widget.active) },
  { text: 'info/serial', kind: 'string', read: (widget) => folded(widget.info?.serial) },
  { text: 'info', kind: 'complex', read: (widget) => (widget.info === null ? null : 0) }
]
const ORDER_KEYS: ReadonlyArray<Property<Widget>> = [
  ...WIDGET_PROPERTIES.filter((property) => property.kind !== 'complex'),
  { text: 'id', kind: 'string', read: (widget) => folded(widget.id) }
]
const OWNER_PROPERTIES: ReadonlyArray<Property<Owner>> = [
  { text: 'o/userId', kind: 'string', read: (owner) => folded(owner.userId) },
  { text: 'o/since', kind: 'instant', read: (owner) => owner.since?.at ?? null }
]

/** Ascending order of two keys, null before every value. */
function order (a: Key | null, b: Key | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return a < b ? -1 : 1
}

/** Null equals null alone, and is neither above nor below anything. */
function compare (operator: Operator, left: Key | null, right: Key | null): boolean {
  if (left === null || right === null) {
    if (operator === 'eq') return left === right
    if (operator === 'ne') return left !== right
    return false
  }
  const sign = order(left, right)
  switch (operator) {
    case 'eq': return sign === 0
    case 'ne': return sign !== 0
    case 'gt': return sign > 0
    case 'ge': return sign >= 0
    case 'lt': return sign < 0
    case 'le': return sign <= 0
  }
}

/** The expression's value in OData's three-valued logic: null is unknown, and a record matches only a true filter. */
function holds<T> (expr: Expr<T>, row: T): boolean | null {
  switch (expr.kind) {
    case 'compare': {
      const value = expr.property.read(row)
      return expr.literalFirst ? compare(expr.operator, expr.literal.key, value) : compare(expr.operator, value, expr.literal.key)
    }
    case 'in': {
      const value = expr.property.read(row)
      return value !== null && expr.list.some((literal) => literal.key === value)
    }
    case 'call': {
      const [value, argument] = [expr.property.read(row), expr.argument.key]
      if (typeof value !== 'string' || typeof argument !== 'string') return null
      if (expr.name === 'startswith') return value.startsWith(argument)
      return expr.name === 'endswith' ? value.endsWith(argument) : value.includes(argument)
    }
    case 'and': {
      const [left, right] = [holds(expr.left, row), holds(expr.right, row)]
      return left === false || right === false ? false : left === null || right === null ? null : true
    }
    case 'or': {
      const [left, right] = [holds(expr.left, row), holds(expr.right, row)]
      return left === true || right === true ? true : left === null || right === null ? null : false
    }
    case 'not': {
      const value = holds(expr.operand, row)
      return value === null ? null : !value
    }
    case 'lambda': {
      const items = expr.items(row)
      const { body } = expr
      if (items === null) return null
      if (body === undefined) return items.length > 0
      return expr.operator === 'any' ? items.some((item) => holds(body, item) === true) : items.every((item) => holds(body, item) === true)
    }
  }
}

/** The expression as OData text: an `or` inside an `and` takes the parentheses it needs, any binary one may take more. */
function print<T> (expr: Expr<T>): string {
  switch (expr.kind) {
    case 'compare': {
      const [left, right] = expr.literalFirst ? [expr.literal.text, expr.property.text] : [expr.property.text, expr.literal.text]
      return `${left} ${expr.operator} ${right}`
    }
    case 'in': return `${expr.property.text} in (${expr.list.map((literal) => literal.text).join(',')})`
    case 'call': return `${expr.name}(${expr.property.text},${expr.argument.text})`
    case 'and':
    case 'or': {
      const side = (operand: Expr<T>) => (operand.kind === 'or' && expr.kind === 'and' ? `(${print(operand)})` : print(operand))
      const text = `${side(expr.left)} ${expr.kind} ${side(expr.right)}`
      return expr.parens ? `(${text})` : text
    }
    case 'not': return `not (${print(expr.operand)})`
    case 'lambda': {
      const body = expr.body === undefined ? '' : `o: ${print(expr.body)}`
      return `${expr.collection}/${expr.operator}(${body})`
    }
  }
}

// Generated records: few distinct values, so that equal ones, nulls and case variants meet.

const BASE = Date.UTC(2026, 0, 1)
/** Zones as a date-time writes them, and their offsets in minutes. */
const ZONES: ReadonlyArray<readonly [string, number]> = [['Z', 0], ['+00:00', 0], ['+01:00', 60], ['-05:30', -330], ['+14:00', 840]]

const instant: fc.Arbitrary<Instant> = fc.record({
  minutes: fc.constantFrom(-60, 0, 30, 60, 1440),
  millis: fc.constantFrom(0, 500),
  zone: fc.constantFrom(...ZONES),
  fraction: fc.boolean()
}).map(({ minutes, millis, zone: [suffix, offset], fraction }) => {
  const at = BASE + minutes * 60_000 + millis
  // The wall-clock time in that zone, `YYYY-MM-DDTHH:MM:SS.mmm`, then the zone.
  const local = new Date(at + offset * 60_000).toISOString().slice(0, 23)
  return { at, text: `${millis === 0 && !fraction ? local.slice(0, 19) : local}${suffix}` }
})

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', 'a', 'A', 'ab', 'AB', 'Ab', 'aB', "a'b", "A'B", 'b', 'ba', 'é', 'É', "O'Brien", "o'brien") },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', "'", 'é', 'É', ' ', '&'), maxLength: 4 }) }
)
const int32 = fc.oneof(
  fc.constantFrom(INT32.minimum, -1, 0, 1, 7, INT32.maximum),
  fc.integer({ min: -3, max: 10 }),
  fc.integer({ min: INT32.minimum, max: INT32.maximum })
)
const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { freq: 4 })

const widgetFields = fc.record({
  name: orNull(text),
  size: orNull(int32),
  seen: orNull(instant),
  state: fc.constantFrom(...STATES),
  active: fc.boolean(),
  info: orNull(fc.record({ serial: orNull(text) }, { requiredKeys: [] })),
  owners: orNull(fc.array(fc.record({ userId: orNull(text), since: orNull(instant) }), { maxLength: 3 }))
})

/** 0 to 40 widgets, their ids in no particular order, so that the store's order is not the ids'. */
const widgets: fc.Arbitrary<Widget[]> = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 999 }), widgetFields), { selector: ([n]) => n, maxLength: 40, size: 'medium' })
  .map((rows) => rows.map(([n, fields]) => ({ id: `w-${String(n).padStart(3, '0')}`, ...fields })))

// Generated queries.

const NULL: Literal = { text: 'null', key: null }
const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`
const LITERALS: Record<Kind, fc.Arbitrary<Literal>> = {
  string: text.map((value) => ({ text: quoted(value), key: value.toLowerCase() })),
  int32: int32.map((value) => ({ text: String(value), key: value })),
  instant: instant.map((value) => ({ text: value.text, key: value.at })),
  state: fc.constantFrom(...STATES).map((value) => ({ text: quoted(value), key: STATES.indexOf(value) })),
  boolean: fc.boolean().map((value) => ({ text: String(value), key: Number(value) })),
  complex: fc.constant(NULL)
}
const OPERATORS: readonly Operator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le']

/** A property against a literal of its type or null, either side of the operator; a complex value only against null. */
function comparison<T> (property: Property<T>): fc.Arbitrary<Expr<T>> {
  const complex = property.kind === 'complex'
  const operator = complex ? fc.constantFrom<Operator>('eq', 'ne') : fc.constantFrom(...OPERATORS)
  const literal = fc.oneof({ weight: 4, arbitrary: LITERALS[property.kind] }, { weight: 1, arbitrary: fc.constant(NULL) })
  return fc.tuple(operator, literal, fc.boolean())
    .map(([operator, literal, literalFirst]): Expr<T> => ({ kind: 'compare', operator, property, literal, literalFirst }))
}

function leafOf<T> (properties: ReadonlyArray<Property<T>>): fc.Arbitrary<Expr<T>> {
  const single = properties.filter((property) => property.kind !== 'complex')
  const strings = properties.filter((property) => property.kind === 'string')
  // One arbitrary per property, not a chain from the property, so that fast-check shrinks a counterexample well.
  const inList = fc.oneof(...single.map((property) => fc.array(LITERALS[property.kind], { minLength: 1, maxLength: 3 })
    .map((list): Expr<T> => ({ kind: 'in', property, list }))))
  const call = fc.tuple(
    fc.constantFrom<StringFunction>('startswith', 'endswith', 'contains'),
    fc.constantFrom(...strings),
    fc.oneof({ weight: 5, arbitrary: LITERALS.string }, { weight: 1, arbitrary: fc.constant(NULL) })
  ).map(([name, property, argument]): Expr<T> => ({ kind: 'call', name, property, argument }))
  return fc.oneof(
    { weight: 4, arbitrary: fc.oneof(...properties.map((property) => comparison(property))) },
    { weight: 1, arbitrary: inList },
    { weight: 1, arbitrary: call }
  )
}

function expressionOf<T> (leaf: fc.Arbitrary<Expr<T>>, maxDepth: number): fc.Arbitrary<Expr<T>> {
  return fc.letrec<{ expr: Expr<T> }>((tie) => ({
    expr: fc.oneof(
      { maxDepth, depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: leaf },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), tie('expr'), tie('expr'), fc.boolean())
          .map(([kind, left, right, parens]): Expr<T> => ({ kind, left, right, parens }))
      },
      { weight: 1, arbitrary: tie('expr').map((operand): Expr<T> => ({ kind: 'not', operand })) }
    )
  })).expr
}

const ownerExpression = expressionOf(leafOf(OWNER_PROPERTIES), 2)
const ownersOf = (widget: Widget) => widget.owners
const lambda = fc.oneof(
  fc.option(ownerExpression, { nil: undefined })
    .map((body): Expr<Widget> => ({ kind: 'lambda', operator: 'any', collection: 'owners', items: ownersOf, body })),
  ownerExpression.map((body): Expr<Widget> => ({ kind: 'lambda', operator: 'all', collection: 'owners', items: ownersOf, body }))
)
const widgetExpression = expressionOf(fc.oneof({ weight: 6, arbitrary: leafOf(WIDGET_PROPERTIES) }, { weight: 1, arbitrary: lambda }), 3)

interface OrderKey { property: Property<Widget>, descending: boolean, explicit: boolean }

interface Query {
  filter?: Expr<Widget> | undefined
  orderBy: readonly OrderKey[]
  top?: number | undefined
  skip?: number | undefined
  count: boolean
}
/** One read of the collection: its options as sent, and the query the reference reads them as. */
interface Read extends Query {
  options: ReadonlyArray<readonly [string, string]>
  [fc.toStringMethod]: () => string
}

const orderKey = fc.record({ property: fc.constantFrom(...ORDER_KEYS), descending: fc.boolean(), explicit: fc.boolean() })
const query: fc.Arbitrary<Query> = fc.record({
  filter: fc.option(widgetExpression, { nil: undefined, freq: 8 }),
  // Each property once: OData refuses one named twice in $orderby.
  orderBy: fc.oneof(fc.constant([]), fc.uniqueArray(orderKey, { minLength: 1, maxLength: 2, selector: (key) => key.property.text })),
  // Mostly small, so that a page is cut short and its nextLinks followed while matches remain.
  top: fc.option(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) }), { nil: undefined }),
  skip: fc.option(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) }), { nil: undefined }),
  count: fc.boolean()
})

function readOf ({ filter, orderBy, top, skip, count }: Query): Read {
  const options: Array<readonly [string, string]> = []
  if (filter !== undefined) options.push(['$filter', print(filter)])
  if (orderBy.length > 0) {
    const direction = ({ descending, explicit }: OrderKey) => (descending ? ' desc' : explicit ? ' asc' : '')
    options.push(['$orderby', orderBy.map((key) => `${key.property.text}${direction(key)}`).join(',')])
  }
  if (top !== undefined) options.push(['$top', String(top)])
  if (skip !== undefined) options.push(['$skip', String(skip)])
  if (count) options.push(['$count', 'true'])
  // fast-check shows a counterexample as the options it sent.
  return { options, filter, orderBy, top, skip, count, [fc.toStringMethod]: () => JSON.stringify(Object.fromEntries(options)) }
}

const queryOf = (options: ReadonlyArray<readonly [string, string]>) =>
  options.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')

/** The ids of the matches in the order asked for: by each key in turn, then the store's order. */
function expectedIds (widgetsInStore: readonly Widget[], { filter, orderBy }: Query): string[] {
  const matches = widgetsInStore.filter((widget) => filter === undefined || holds(filter, widget) === true)
  matches.sort((a, b) => {
    for (const { property, descending } of orderBy) {
      const sign = order(property.read(a), property.read(b))
      if (sign !== 0) return descending ? -sign : sign
    }
    return 0
  })
  return matches.map((widget) => widget.id)
}

/** Reads the collection as `read` says, following every nextLink, and checks each page, the count and `/$count` against the reference. */
async function checkRead (app: App, widgetsInStore: readonly Widget[], read: Read): Promise<void> {
  await reseed(app, widgetsInStore)
  const matches = expectedIds(widgetsInStore, read)
  const rest = matches.slice(read.skip ?? 0)
  const size = Math.min(read.top ?? PAGE_SIZE, PAGE_SIZE)
  let url = `${COLLECTION}?${queryOf(read.options)}`
  // Each page is the next `size` matches; a nextLink comes while more remain (none after $top=0, which would never end).
  for (let offset = 0; ; offset += size) {
    const body = await page(app, url)
    assert.deepEqual(body.value.map(({ id }) => id), rest.slice(offset, offset + size))
    assert.equal(body['@odata.count'], read.count ? matches.length : undefined)
    const next = body['@odata.nextLink']
    assert.equal(next !== undefined, size > 0 && offset + size < rest.length, `nextLink ${String(next)} after ${offset + size} of ${rest.length}`)
    if (next === undefined) break
    assert.ok(next.startsWith(`${ORIGIN}${COLLECTION}?`), next)
    url = next.slice(ORIGIN.length)
  }
  // `/$count` counts what `$filter` matches, whatever the other options.
  const filter = read.options.filter(([name]) => name === '$filter')
  const counted = await app.inject({ url: `${COLLECTION}/$count${filter.length > 0 ? `?${queryOf(filter)}` : ''}`, headers: AUTH })
  assert.equal(counted.statusCode, 200, counted.body)
  assert.equal(counted.body, String(matches.length))
}

const SEED = 20261129

describe('the query options against a reference over generated widgets', () => {
  test('$filter, $orderby, $skip, $top and $count: every page\'s ids, @odata.count, the nextLinks and /$count agree with the reference', async (t) => {
    const app = widgetApp(t)
    await fc.assert(fc.asyncProperty(widgets, query.map(readOf), (widgetsInStore, read) => checkRead(app, widgetsInStore, read)), { seed: SEED, numRuns: 300 })
  })
})

// A few cases written out, for a reader to see the behaviour the property checks.

const at = (text: string): Instant => ({ at: Date.parse(text), text })
const widget = (id: string, fields: Partial<Omit<Widget, 'id'>> = {}): Widget =>
  ({ id, name: null, size: null, seen: null, state: 'off', active: false, info: null, owners: [], ...fields })

async function idsOf (app: App, options: Record<string, string>): Promise<string[]> {
  const body = await page(app, `${COLLECTION}?${queryOf(Object.entries(options))}`)
  return body.value.map(({ id }) => id)
}

describe('examples', () => {
  test('strings compare without regard to case, in eq, in, the functions and $orderby; a doubled quote is one quote', async (t) => {
    const app = widgetApp(t)
    await reseed(app, [
      widget('w-1', { name: 'Ab' }), widget('w-2', { name: "O'Brien" }), widget('w-3', { name: 'ab' }),
      widget('w-4', { name: null }), widget('w-5', { name: 'AB' }), widget('w-6', { name: 'b' })
    ])
    assert.deepEqual(await idsOf(app, { $filter: "name eq 'aB'" }), ['w-1', 'w-3', 'w-5'])
    assert.deepEqual(await idsOf(app, { $filter: "name in ('B','o''brien')" }), ['w-2', 'w-6'])
    assert.deepEqual(await idsOf(app, { $filter: "startswith(name,'A')" }), ['w-1', 'w-3', 'w-5'])
    assert.deepEqual(await idsOf(app, { $filter: "endswith(name,'B')" }), ['w-1', 'w-3', 'w-5', 'w-6'])
    assert.deepEqual(await idsOf(app, { $filter: "contains(name,'BRI')" }), ['w-2'])
    // Null first; equal names keep the store's order.
    assert.deepEqual(await idsOf(app, { $orderby: 'name' }), ['w-4', 'w-1', 'w-3', 'w-5', 'w-6', 'w-2'])
  })

  test('null: ne \'a\' holds for it, eq \'a\' and every ordering comparison do not; eq null reaches through a null parent', async (t) => {
    const app = widgetApp(t)
    await reseed(app, [
      widget('w-1', { name: 'a', info: { serial: 's' } }),
      widget('w-2', { name: null, info: null }),
      widget('w-3', { name: 'b', info: {} })
    ])
    assert.deepEqual(await idsOf(app, { $filter: "name ne 'a'" }), ['w-2', 'w-3'])
    assert.deepEqual(await idsOf(app, { $filter: "name eq 'a'" }), ['w-1'])
    assert.deepEqual(await idsOf(app, { $filter: "name lt 'z'" }), ['w-1', 'w-3'])
    assert.deepEqual(await idsOf(app, { $filter: "not (name ge 'b')" }), ['w-1', 'w-2'])
    assert.deepEqual(await idsOf(app, { $filter: 'name eq null' }), ['w-2'])
    assert.deepEqual(await idsOf(app, { $filter: 'info/serial eq null' }), ['w-2', 'w-3'])
    assert.deepEqual(await idsOf(app, { $filter: 'info ne null' }), ['w-1', 'w-3'])
    assert.deepEqual(await idsOf(app, { $filter: 'name ne null and startswith(name,null)' }), [])
    assert.deepEqual(await idsOf(app, { $filter: "startswith(info/serial,'')" }), ['w-1'])
  })

  test('date-times compare as instants, whatever zone they are written in', async (t) => {
    const app = widgetApp(t)
    await reseed(app, [
      widget('w-1', { seen: at('2026-01-01T00:00:00Z') }),
      widget('w-2', { seen: at('2025-12-31T19:00:00-05:00') }),
      widget('w-3', { seen: at('2026-01-01T00:00:00.500Z') }),
      widget('w-4', { seen: null })
    ])
    assert.deepEqual(await idsOf(app, { $filter: 'seen eq 2026-01-01T01:00:00+01:00' }), ['w-1', 'w-2'])
    assert.deepEqual(await idsOf(app, { $filter: 'seen gt 2026-01-01T00:00:00Z' }), ['w-3'])
    // Descending puts null last.
    assert.deepEqual(await idsOf(app, { $orderby: 'seen desc' }), ['w-3', 'w-1', 'w-2', 'w-4'])
  })

  test('any is false over an empty or null collection, all true over an empty one and false over null', async (t) => {
    const app = widgetApp(t)
    const owner = { userId: 'u', since: at('2026-02-01T00:00:00Z') }
    await reseed(app, [widget('w-1', { owners: [] }), widget('w-2', { owners: null }), widget('w-3', { owners: [owner] })])
    assert.deepEqual(await idsOf(app, { $filter: "owners/any(o: o/userId eq 'U')" }), ['w-3'])
    assert.deepEqual(await idsOf(app, { $filter: 'owners/any()' }), ['w-3'])
    assert.deepEqual(await idsOf(app, { $filter: 'owners/all(o: o/since gt 2026-01-01T00:00:00Z)' }), ['w-1', 'w-3'])
  })

  test('$skip, then $top, with a nextLink to the rest; @odata.count counts every match', async (t) => {
    const app = widgetApp(t)
    await reseed(app, ['w-1', 'w-2', 'w-3', 'w-4', 'w-5'].map((id, index) => widget(id, { size: 5 - index })))
    const first = await page(app, `${COLLECTION}?$orderby=size&$skip=1&$top=2&$count=true`)
    assert.deepEqual(first.value.map(({ id }) => id), ['w-4', 'w-3'])
    assert.equal(first['@odata.count'], 5)
    const next = first['@odata.nextLink'] ?? ''
    assert.ok(next.startsWith(`${ORIGIN}${COLLECTION}?`), next)
    const second = await page(app, next.slice(ORIGIN.length))
    assert.deepEqual(second.value.map(({ id }) => id), ['w-2', 'w-1'])
    assert.equal(second['@odata.nextLink'], undefined)
  })

  test('a function, a lambda, not (…) or a parenthesized expression before and/or', async (t) => {
    const app = widgetApp(t)
    await reseed(app, [widget('w-1', { name: 'a' }), widget('w-2', { name: 'b', owners: null })])
    const cases: Array<[string, string[]]> = [
      ["startswith(name,'a') or name eq 'b'", ['w-1', 'w-2']],
      ["(name eq 'a') or name eq 'b'", ['w-1', 'w-2']],
      ["not (name eq 'a') and name ne null", ['w-2']],
      ["owners/all(o: o/userId eq 'x') and name eq 'a'", ['w-1']]
    ]
    for (const [filter, ids] of cases) {
      const res = await app.inject({ url: `${COLLECTION}?${queryOf([['$filter', filter]])}`, headers: AUTH })
      assert.equal(res.statusCode, 200, `${filter}: ${res.body}`)
      assert.deepEqual(res.json<Page>().value.map(({ id }) => id), ids, filter)
    }
  })
})

/**
 * The system query options of one GET, read from its query string and bound to the type of
 * what it reads (concepts/query-parameters.md): `$filter`, `$select`, `$orderby`, `$top`,
 * `$skip`, `$count` and the server's `$skiptoken` on a collection, `$select` on an entity.
 * Graph beta takes the options without their `$` too. Other parameters, not options, are left
 * to the route.
 */
import type { ComplexType } from './edm-types.js'
import { bindFilter, propertyNotFound, type Predicate } from './filter-binder.js'
import { parseFilter } from './filter-syntax.js'
import { bindOrderBy, type OrderBy } from './order-by.js'
import { ODataQueryError, QUERY_ERRORS } from './query-error.js'

export interface QueryOptions {
  filter?: Predicate
  orderBy?: OrderBy
  /** The properties named by `$select`, in its order; every property when absent or `*`. */
  select?: readonly string[]
  top?: number
  skip?: number
  count: boolean
  skipToken?: string
  /** The options as sent but `$skip` and `$skiptoken`, as a nextLink repeats them: name as sent, value decoded. */
  kept: ReadonlyArray<readonly [string, string]>
  /** What a page cursor is bound to: the options that decide which records come in which order. */
  selection: string
}

/** Options a collection takes; an entity takes `select` alone. */
const COLLECTION_OPTIONS = ['filter', 'select', 'orderby', 'top', 'skip', 'count', 'skiptoken'] as const
type OptionName = typeof COLLECTION_OPTIONS[number]
/** Options Graph defines that graph-mock does not serve (no navigation properties, no search index): refused, never ignored. */
const REFUSED_OPTIONS = new Map([['expand', 'Expand'], ['search', 'Search'], ['apply', 'Apply'], ['compute', 'Compute'], ['levels', 'Levels']])
/**
 * Options whose value may not be empty or white space: those Web API OData's
 * ODataQueryOptions.BuildQueryOptions passes to ThrowIfEmpty as it reads them, before any value
 * is parsed or any option validated. `$select`, `$expand`, `$format` and `$skiptoken` it does not.
 */
const NOT_EMPTY = new Set(['filter', 'orderby', 'top', 'skip', 'count', 'apply'])
/** What .NET's String.IsNullOrWhiteSpace takes for white space (Char.IsWhiteSpace): JavaScript's `\s` but U+FEFF, and U+0085. */
const BLANK = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/
/**
 * Options Graph defines that graph-mock does not serve and answers as an unknown `$option`:
 * `$deltatoken` (delta queries, which graph-mock does not serve). On beta the bare name is that
 * option too, as Web API OData reads options without their `$` (GetODataQueryParameters takes each
 * name ODataQueryOptions.IsSystemQueryOption lists, deltatoken among them, and adds the `$`), so
 * it is refused as its `$` form is, instead of passing for an app's own parameter.
 */
const UNSUPPORTED_OPTIONS = new Set(['deltatoken'])
/** `$format` names the one format there is. */
const ACCEPTED_FORMATS = new Set(['json', 'application/json'])

export interface ReadOptions {
  /** Whether the options are the collection's; an entity's GET takes `$select` only. */
  collection: boolean
  /** Whether `filter` means `$filter`, as on beta. */
  prefixOptional: boolean
}

const wrapFilterError = (error: unknown) =>
  error instanceof ODataQueryError ? new ODataQueryError(`Invalid filter clause: ${error.message}`) : error

function nonNegative (option: '$top' | '$skip', value: string): number {
  if (!/^\d+$/.test(value)) throw QUERY_ERRORS.notNonNegative(option, value)
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw QUERY_ERRORS.notNonNegative(option, value)
  return number
}

function readSelect (value: string, type: ComplexType): readonly string[] | undefined {
  const names = value.split(',').map((name) => name.trim())
  if (names.includes('*')) return undefined
  for (const name of names) {
    if (!type.properties.has(name)) throw propertyNotFound(name, type)
  }
  return [...new Set(names)]
}

/** Reads the options of `query` (Fastify's parse: a repeated name is an array); throws ODataQueryError for what Graph refuses. */
export function readQueryOptions (query: Readonly<Record<string, unknown>>, type: ComplexType, { collection, prefixOptional }: ReadOptions): QueryOptions {
  const sent = new Map<OptionName, { name: string, value: string }>()
  const kept: Array<readonly [string, string]> = []
  const parameters = Object.entries(query)
  for (const [name, raw] of parameters) {
    const dollar = name.startsWith('$')
    const bare = (dollar ? name.slice(1) : name).toLowerCase()
    const option = COLLECTION_OPTIONS.find((known) => known === bare)
    const isOption = dollar || (prefixOptional && (option !== undefined || REFUSED_OPTIONS.has(bare) || UNSUPPORTED_OPTIONS.has(bare) || bare === 'format'))
    if (!isOption) {
      // A parameter that is no query option (custom query options are the route's): kept in nextLinks.
      for (const value of Array.isArray(raw) ? raw : [raw]) kept.push([name, String(value)])
      continue
    }
    if (Array.isArray(raw) || sent.has(option as OptionName)) throw QUERY_ERRORS.optionRepeated(`$${bare}`)
    const value = String(raw)
    if (NOT_EMPTY.has(bare) && BLANK.test(value)) throw QUERY_ERRORS.optionEmpty(`$${bare}`)
    const refused = REFUSED_OPTIONS.get(bare)
    if (refused !== undefined) throw QUERY_ERRORS.optionNotAllowed(refused)
    if (bare === 'format') {
      if (!ACCEPTED_FORMATS.has(value.toLowerCase())) throw QUERY_ERRORS.formatNotSupported(value)
      kept.push([name, value])
      continue
    }
    if (option === undefined) throw QUERY_ERRORS.optionNotSupported(dollar ? name : `$${name}`)
    if (!collection && option !== 'select') throw QUERY_ERRORS.optionNotAllowed(option === 'orderby' ? 'OrderBy' : option.charAt(0).toUpperCase() + option.slice(1))
    sent.set(option, { name, value })
    if (option !== 'skip' && option !== 'skiptoken') kept.push([name, value])
  }

  const value = (option: OptionName) => sent.get(option)?.value
  const filterText = value('filter')
  const orderText = value('orderby')
  const options: QueryOptions = {
    count: false,
    kept,
    selection: JSON.stringify([filterText ?? '', orderText ?? ''])
  }
  if (filterText !== undefined) {
    try {
      options.filter = bindFilter(parseFilter(filterText), type)
    } catch (error) {
      throw wrapFilterError(error)
    }
  }
  if (orderText !== undefined) options.orderBy = bindOrderBy(orderText, type)
  const select = value('select')
  if (select !== undefined) {
    const names = readSelect(select, type)
    if (names !== undefined) options.select = names
  }
  const top = value('top')
  if (top !== undefined) options.top = nonNegative('$top', top)
  const skip = value('skip')
  if (skip !== undefined) options.skip = nonNegative('$skip', skip)
  const count = value('count')
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false') throw QUERY_ERRORS.invalidCount(count)
    options.count = count === 'true'
  }
  const skipToken = value('skiptoken')
  if (skipToken !== undefined) options.skipToken = skipToken
  return options
}

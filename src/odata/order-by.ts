/** `$orderby`: a comma list of property paths, each `asc` (the default) or `desc`, compiled into a comparator of rows. */
import type { ComplexType } from './edm-types.js'
import { bindPath, type Row } from './filter-binder.js'
import { parseOrderBy } from './filter-syntax.js'
import { QUERY_ERRORS } from './query-error.js'
import { compareKeys, keyOf, type Key } from './values.js'

/** The keys of one row (the record under `id`), computed once before sorting. */
export type RowKeys = (row: Row, id: string) => readonly Key[]

export interface OrderBy {
  keysOf: RowKeys
  compare: (a: readonly Key[], b: readonly Key[]) => number
}

export function bindOrderBy (text: string, root: ComplexType): OrderBy {
  const named = new Set<string>()
  const keys = parseOrderBy(text).map(({ path, descending }) => {
    const { type, read } = bindPath(path, root)
    // A property path named twice is refused, as Web API OData's OrderByQueryOption refuses it
    // (OrderByDuplicateProperty), `deviceName asc,deviceName desc` too; names bind in their case.
    const name = path.segments.join('/')
    if (named.has(name)) throw QUERY_ERRORS.duplicateOrderBy(name)
    named.add(name)
    if (type.kind !== 'primitive' && type.kind !== 'enum') throw QUERY_ERRORS.orderByNotPrimitive()
    const key = keyOf(type)
    return { key: (row: Row, id: string) => key(read(row, {}, id)), sign: descending ? -1 : 1 }
  })
  return {
    keysOf: (row, id) => keys.map(({ key }) => key(row, id)),
    compare (a, b) {
      for (let index = 0; index < keys.length; index++) {
        const order = compareKeys(a[index] ?? null, b[index] ?? null)
        if (order !== 0) return order * (keys[index]?.sign ?? 1)
      }
      return 0
    }
  }
}

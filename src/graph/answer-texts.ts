/**
 * The JSON text of whole entities as reads without `$select` answered them, by id or in a
 * collection, kept beside their records. Stored records are immutable (a write replaces the
 * record), so a text made from one record is right for as long as that record is served.
 * Writing out a managed device of 83 properties took a GET of it about 15 µs, and copying it
 * into the answer twice more; the kept text costs neither.
 */

import { RecentValues } from '../recent-values.js'

/** How many records' texts are kept: those read last, enough for a suite's working set, and a bounded few MiB whatever the store holds. */
export const KEPT_ANSWERS = 1000

export class AnswerTexts {
  readonly #texts = new RecentValues<object, string>(KEPT_ANSWERS)

  /** The text kept for `record`, else the one `write` makes, kept from now on in place of the one read least recently. */
  of (record: object, write: () => string): string {
    return this.#texts.get(record) ?? this.#texts.keep(record, write())
  }
}

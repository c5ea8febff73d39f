/**
 * The JSON text of whole entities as reads without `$select` answered them, by id or in a
 * collection, kept beside their records. Stored records are immutable (a write replaces the
 * record), so a text made from one record is right for as long as that record is served.
 * Writing out a managed device of 83 properties took a GET of it about 15 µs, and copying it
 * into the answer twice more; the kept text costs neither.
 */

/** How many records' texts are kept: those read last, enough for a suite's working set, and a bounded few MiB whatever the store holds. */
export const KEPT_ANSWERS = 1000

export class AnswerTexts {
  readonly #texts = new Map<object, string>()

  /** The text kept for `record`, else the one `write` makes, kept from now on in place of the oldest one kept. */
  of (record: object, write: () => string): string {
    let text = this.#texts.get(record)
    if (text === undefined) {
      text = write()
      if (this.#texts.size >= KEPT_ANSWERS) this.#texts.delete(this.#texts.keys().next().value as object)
      this.#texts.set(record, text)
    }
    return text
  }
}

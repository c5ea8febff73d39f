/**
 * What a `$batch` item carries through the app while it is answered: the batch it belongs to,
 * for its journal entry, and, once answered, its body, handed to the batch directly instead of
 * through the emulated socket of `inject`, whose handling of a body costs more than the rest of
 * a read. It is the last step of Graph's onSend hook, so the item's answer is whole when it is
 * taken.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { MockState } from '../state/state.js'

export interface BatchItemCarrier {
  batchRequestId: string
  /** The batch's `https://host:port`, which its items' nextLinks and Locations name. */
  origin: string
  /** The batch's tenant state, which its items keep even if the tenant is forgotten meanwhile. */
  state: MockState
  /** The item's answer body, as the app would have sent it. */
  payload?: string
  /** What to tell once the batch's answer is sent (throttling's Retry-After of a refused item). */
  notices: Array<() => void>
}

/** The item a request is, when the batch's inject runs it; undefined for every other request. */
export const batchItems = new AsyncLocalStorage<BatchItemCarrier>()
let running = 0

/**
 * Runs `send` as the item `carrier` describes. Once no item is running the storage is turned
 * off again: on Node 20 its hooks would otherwise stay on and cost every later request about a
 * tenth of its throughput (a PATCH at 0.91 of a server that never answered a batch; 1.03 on
 * Node 24, whose storage costs nothing idle).
 */
export async function sendAsBatchItem<T> (carrier: BatchItemCarrier, send: () => Promise<T>): Promise<T> {
  running++
  try {
    return await batchItems.run(carrier, send)
  } finally {
    if (--running === 0) batchItems.disable()
  }
}

/** The payload to send: a batch item's own is taken for its batch, and nothing is written to the emulated socket. */
export function batchItemAnswer (payload: unknown): unknown {
  const item = batchItems.getStore()
  if (item === undefined || typeof payload !== 'string') return payload
  item.payload = payload
  return ''
}

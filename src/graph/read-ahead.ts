/**
 * A request body read while a fault's delay holds its request. Left unread, a body larger than
 * the socket's buffers stalls the upload, and Node's request timeout (REQUEST_TIMEOUT_MS) ends
 * the request with a 408 before the delay does. What was read is handed on as it came, followed
 * by whatever is still to come.
 */
import { Readable } from 'node:stream'

/** Starts reading `payload`, at most `limit` bytes (past that it waits, for the body limit to refuse); the returned function stops and gives the body as a stream again. */
export function readAhead (payload: Readable, limit: number): () => Readable {
  const chunks: Buffer[] = []
  let bytes = 0
  let ended = false
  let failure: Error | undefined
  const onData = (chunk: Buffer) => {
    chunks.push(chunk)
    bytes += chunk.length
    if (bytes > limit) payload.pause()
  }
  const onEnd = () => { ended = true }
  const onError = (error: Error) => { failure = error }
  payload.on('data', onData).once('end', onEnd).once('error', onError)
  return () => {
    payload.off('data', onData).off('end', onEnd).off('error', onError)
    payload.pause()
    return Readable.from(replay(chunks, ended ? undefined : payload, failure), { objectMode: false })
  }
}

async function * replay (chunks: readonly Buffer[], rest: Readable | undefined, failure: Error | undefined): AsyncGenerator<Buffer> {
  if (failure !== undefined) throw failure
  yield * chunks
  if (rest !== undefined) yield * rest
}

/** Exchanges over a raw TCP connection, for what Node's HTTP client would not send or would hide: one set of helpers for every test that needs them. */
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'

export interface RawConnection {
  socket: Socket
  /** What the server has sent so far. */
  received: () => string
  /** Everything the server sent, once the connection is closed. */
  closed: Promise<string>
}

/** Connects to `port` on loopback and writes `bytes` (nothing when empty), collecting what comes back. */
export async function openRaw (port: number, bytes = ''): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1')
  // The server may end a refused connection with a reset, which would otherwise be an unhandled error.
  socket.on('error', () => {})
  let received = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => { received += chunk })
  const closed = once(socket, 'close').then(() => received)
  await once(socket, 'connect')
  if (bytes !== '') socket.write(bytes)
  return { socket, received: () => received, closed }
}

/** Writes a whole request, ends the connection's side, and resolves with all the server sent back. */
export async function rawExchange (port: number, request: string): Promise<string> {
  const { socket, closed } = await openRaw(port)
  socket.end(request)
  return await closed
}

/** An HTTP/1.1 answer read off the wire: status, lower-cased headers and the body's JSON, of the type the caller expects. */
export function parseRawAnswer<T> (response: string): { status: number, headers: Record<string, string>, body: T } {
  const [head = '', body = ''] = response.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers = Object.fromEntries(headerLines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
  }))
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as T }
}

/** As rawExchange, byte for byte: for what a text decoding would hide. */
export async function rawBytesExchange (port: number, request: Buffer): Promise<Buffer> {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  const closed = once(socket, 'close')
  await once(socket, 'connect')
  socket.end(request)
  await closed
  return Buffer.concat(chunks)
}

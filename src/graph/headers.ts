/** The headers Graph puts on every response (set by the front door), and the OData ones of its success bodies. */
import { isUtf8 } from 'node:buffer'
import type { FastifyReply, FastifyRequest } from 'fastify'

export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

/** Shaped like Graph's own diagnostic header; SDK telemetry parses it as JSON. */
export const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'graph-mock', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'graph-mock' }
})

/** The caller's client-request-id (first one, if repeated), else the request-id, as Graph echoes it. */
export function clientRequestId (request: FastifyRequest): string {
  const sent = request.headers['client-request-id']
  const value = Array.isArray(sent) ? sent[0] : sent
  return value === undefined || value === '' ? request.id : value
}

const BEYOND_ASCII = /[\u0080-\uffff]/

/**
 * A header's value as the text it spells, for a JSON body that repeats it: Node reads header
 * bytes as Latin-1, and a client's non-ASCII bytes are UTF-8 whenever they decode as such.
 */
export function headerText (value: string): string {
  if (!BEYOND_ASCII.test(value)) return value
  const bytes = Buffer.from(value, 'latin1')
  return isUtf8(bytes) ? bytes.toString('utf8') : value
}

/**
 * The body to hand Node beside an echoed client-request-id: as bytes when the echo holds non-ASCII
 * bytes. Node writes a head and a string body as one UTF-8 string, which would encode each of
 * those bytes again (OutgoingMessage._send); beside a Buffer it writes the head as Latin-1, which
 * gives the client back the bytes it sent.
 */
export function echoSafeBody (reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string') return payload
  const echoed = reply.getHeader('client-request-id')
  return typeof echoed === 'string' && BEYOND_ASCII.test(echoed) ? Buffer.from(payload) : payload
}

/** The headers Graph puts on every answer, the one list of them (Fastify's replies and the raw-socket ones alike). */
export function graphHeaders (requestId: string, clientRequestId: string): Record<string, string> {
  return {
    'request-id': requestId,
    'client-request-id': clientRequestId,
    'x-ms-ags-diagnostic': AGS_DIAGNOSTIC,
    'strict-transport-security': 'max-age=31536000'
  }
}

export function setGraphHeaders (request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(graphHeaders(request.id, clientRequestId(request)))
}

/** OData's content type and version on a success's JSON body; errors set their own content type in sendGraphError, and a `/$count` answers text. */
export function setODataHeaders (reply: FastifyReply, payload: unknown): void {
  if (reply.statusCode >= 300 || payload === undefined || payload === null || payload === '') return
  const type = reply.getHeader('content-type')
  if (type !== undefined && !String(type).startsWith('application/json')) return
  reply.header('content-type', ODATA_JSON)
  reply.header('odata-version', '4.0')
}

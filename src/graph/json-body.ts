/**
 * The body reader of every route: JSON only, stricter than JSON.parse where Graph's OData reader
 * is. Bytes that are not text in the declared charset (UTF-8 without one), a charset it does not
 * know, and a property name given twice in one object are refused, instead of being stored as
 * U+FFFD or as whichever duplicate came last; so is nesting past MAX_NESTING_DEPTH.
 */
import { isUtf8 } from 'node:buffer'
import { MIMEType, TextDecoder } from 'node:util'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { FastifyBodyParser, FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { MESSAGES, badRequest, payloadTooLarge, unsupportedContentEncoding } from './errors.js'
import { jsonObjection } from '../json-objections.js'
import { shownInput } from '../shown-input.js'
import './request-outcome.js'

/** Graph's documented request size limit is 4 MB; a body's, and a decoded body's. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024

/** Bodies up to this size are kept as text for the journal; a ring of 4 MiB bodies would hold gigabytes. */
export const KEPT_BODY_LIMIT_BYTES = 16 * 1024

/**
 * The deepest nesting of objects and arrays a body may have: System.Text.Json's default
 * (JsonReaderOptions.MaxDepth), far past any Graph body (a $batch of managed devices' updates nests
 * under ten deep), and far short of what would overflow the stack of the code that writes a value
 * out again, as a $batch item's body is.
 */
export const MAX_NESTING_DEPTH = 64

/** Methods whose body is optional: sent without one, they are ordinary requests whatever their content type (Fastify reads no body of a GET or HEAD). */
const BODY_OPTIONAL = new Set(['DELETE', 'OPTIONS'])

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received, when it was read whole, parsed, and at most KEPT_BODY_LIMIT_BYTES. */
    bodyText: string | undefined
  }
}

/** The charset names read as UTF-8 (https://encoding.spec.whatwg.org/#names-and-labels lists `utf8` too). */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8'])
/** A Content-Type naming a charset: only then is it parsed. */
const NAMES_CHARSET = /;\s*charset\s*=/i

/** A leading byte order mark, which a UTF-8 reader skips. */
const BOM = 0xfeff

/**
 * Whether the request's answer is already decided whatever its body says: no route takes it, or
 * the front door refused it. Its body is then parsed only to be journaled, never refused, and
 * not at all when it is too large to journal.
 */
function answeredWithoutBody (request: FastifyRequest): boolean {
  return request.is404 || request.frontDoorRefusal !== undefined
}

/**
 * A body parser in Fastify's callback form, which an async one would cost every request a
 * promise and a turn of the microtask queue: what `parse` throws (a GraphError) becomes the
 * request's error.
 */
function callbackForm (parse: (request: FastifyRequest, body: Buffer) => unknown): FastifyBodyParser<Buffer> {
  return (request, body, done) => {
    let value: unknown
    try {
      value = parse(request, body)
    } catch (error) {
      return done(error as Error)
    }
    done(null, value)
  }
}

function parseJsonBody (request: FastifyRequest, body: Buffer): unknown {
  if (!answeredWithoutBody(request)) return readJson(request, body)
  if (body.length <= KEPT_BODY_LIMIT_BYTES) {
    try {
      readJson(request, body)
    } catch {}
  }
  return refusalOrNothing(request)
}

/** The front door's refusal, now that the body is read (and kept for the journal); nothing for a request no route takes. */
function refusalOrNothing (request: FastifyRequest): undefined {
  if (request.frontDoorRefusal !== undefined) throw request.frontDoorRefusal
  return undefined
}

/**
 * Whether the route reads no body: a bound action without parameters, which Graph runs on a POST
 * sent with `Content-Type: application/json` and nothing after it, as graph-client's `.post()` and
 * Microsoft's powershell-intune-samples (ManagedDevices/Invoke_DeviceAction_Set.ps1) send, and as
 * the docs ask ("Do not supply a request body for this method",
 * https://learn.microsoft.com/graph/api/intune-remoteassistance-manageddevice-requestremoteassistance?view=graph-rest-beta).
 */
function takesNoBody (request: FastifyRequest): boolean {
  return request.routeOptions.schema?.body === undefined
}

/** The charset the Content-Type names, as sent (its quotes removed); undefined when it names none. */
function declaredCharset (request: FastifyRequest): string | undefined {
  const header = request.headers['content-type']
  // Most clients name no charset, or parameters of OData's only: those cost no parse.
  if (header === undefined || !NAMES_CHARSET.test(header)) return undefined
  try {
    // Node's parser unquotes a quoted-string value (RFC 9110 §5.6.4) and folds the name's case.
    return new MIMEType(header).params.get('charset') ?? undefined
  } catch {
    // Fastify matched the header to application/json, so a type Node cannot parse names no charset it could.
    return undefined
  }
}

/**
 * The body's text. JSON is UTF-8 unless the Content-Type names another charset (RFC 8259 §8.1);
 * Graph's OData reader then reads the body in that charset, and refuses one it does not know
 * (Microsoft.OData.Core's MediaTypeUtils, its message MediaType_EncodingNotSupported).
 */
function bodyText (request: FastifyRequest, body: Buffer): string {
  const charset = declaredCharset(request)
  if (charset === undefined || UTF8_CHARSETS.has(charset.toLowerCase())) {
    if (!isUtf8(body)) throw badRequest(MESSAGES.unreadableJson)
    const decoded = body.toString('utf8')
    return decoded.charCodeAt(0) === BOM ? decoded.slice(1) : decoded
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(charset, { fatal: true })
  } catch {
    throw badRequest(`The character set '${shownInput(charset)}' is not supported.`)
  }
  try {
    // A byte order mark is skipped, as for UTF-8.
    return decoder.decode(body)
  } catch {
    throw badRequest(MESSAGES.unreadableJson)
  }
}

/**
 * The decoders of the Content-Encodings a body may come in: Kiota's CompressionHandler gzips
 * request bodies, and sends them again uncompressed after a 415 (microsoft/kiota-typescript,
 * packages/http/fetch/src/middlewares/compressionHandler.ts).
 */
const DECODERS: Readonly<Record<string, (body: Buffer, options: { maxOutputLength: number }) => Buffer>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync
}

/** The body as sent before its Content-Encoding, held to the body limit once decoded, so a small bomb cannot grow past it. */
function decodedBody (request: FastifyRequest, body: Buffer): Buffer {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase()
  if (encoding === undefined || encoding === '' || encoding === 'identity' || body.length === 0) return body
  const decode = DECODERS[encoding]
  if (decode === undefined) throw unsupportedContentEncoding(encoding, Object.keys(DECODERS))
  // The route's own limit, where it has one (the control API's replacement of a whole set).
  const limit = request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES
  try {
    return decode(body, { maxOutputLength: limit })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge(limit)
    throw badRequest(MESSAGES.unreadableJson)
  }
}

function readJson (request: FastifyRequest, sent: Buffer): unknown {
  const body = decodedBody(request, sent)
  if (body.length === 0) {
    if (BODY_OPTIONAL.has(request.method) || takesNoBody(request)) return undefined
    throw badRequest(MESSAGES.emptyPayload)
  }
  const text = bodyText(request, body)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw badRequest(MESSAGES.unreadableJson)
  }
  const objection = jsonObjection(text, MAX_NESTING_DEPTH)
  if (objection !== undefined && 'duplicate' in objection) {
    throw badRequest(`Multiple properties with the name '${shownInput(objection.duplicate)}' were detected in a resource or a complex value. In OData, duplicate property names are not allowed.`)
  }
  if (objection !== undefined) throw badRequest(`Unable to read JSON request payload: its objects and arrays nest deeper than ${objection.deeperThan} levels.`)
  // Decided on the bytes received, not on Content-Length, which a chunked upload does not send.
  if (body.length <= KEPT_BODY_LIMIT_BYTES) request.bodyText = text
  return value
}

/** Any other content type: nothing to read on a body-less DELETE or OPTIONS, else not the JSON Graph reads. */
function refuseOtherBody (request: FastifyRequest, body: Buffer): undefined {
  if (answeredWithoutBody(request)) return refusalOrNothing(request)
  if (body.length === 0 && BODY_OPTIONAL.has(request.method)) return undefined
  throw badRequest(MESSAGES.unreadableJson)
}

const jsonBody: FastifyPluginAsync = async (app) => {
  app.decorateRequest('bodyText', undefined)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, callbackForm(parseJsonBody))
  app.addContentTypeParser('*', { parseAs: 'buffer' }, callbackForm(refuseOtherBody))
}

export default fp(jsonBody, { name: 'json-body' })

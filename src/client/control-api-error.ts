/** ControlApiError: a control call graph-mock refused, with what its Graph error envelope says. */

/** Long enough to recognise an answer that is not graph-mock's (a proxy's page), short enough for a message. */
const SHOWN_BODY = 200

export class ControlApiError extends Error {
  /** The HTTP status, such as 404. */
  readonly status: number
  /** Graph's error code, such as ResourceNotFound; undefined when the answer was not Graph's envelope. */
  readonly code: string | undefined
  /** innerError's request-id (else the request-id header), to find the call in graph-mock's log. */
  readonly requestId: string | undefined

  constructor (status: number, code: string | undefined, message: string, requestId: string | undefined) {
    super(message)
    this.name = 'ControlApiError'
    this.status = status
    this.code = code
    this.requestId = requestId
  }
}

interface Envelope { error: { code: string, message: string, innerError?: { 'request-id'?: unknown } } }

function isEnvelope (body: unknown): body is Envelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false
  const { error } = body
  return typeof error === 'object' && error !== null &&
    'code' in error && typeof error.code === 'string' &&
    'message' in error && typeof error.message === 'string'
}

function parsed (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The error a non-2xx answer to `call` (such as `DELETE /_mock/faults/x`) stands for. */
export async function controlApiError (response: Response, call: string): Promise<ControlApiError> {
  const text = await response.text()
  const body = parsed(text)
  const header = response.headers.get('request-id') ?? undefined
  if (isEnvelope(body)) {
    const requestId = body.error.innerError?.['request-id']
    return new ControlApiError(response.status, body.error.code, body.error.message, typeof requestId === 'string' ? requestId : header)
  }
  const shown = text.length > SHOWN_BODY ? `${text.slice(0, SHOWN_BODY)}…` : text
  const message = `${call} answered ${response.status} ${response.statusText} without Graph's error envelope, so baseUrl may not be graph-mock's: ${JSON.stringify(shown)}`
  return new ControlApiError(response.status, undefined, message, header)
}

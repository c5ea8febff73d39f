/** The headers graph-mock answers a successful PATCH with, for the plain Fastify servers that stand beside it (checked at start to match). */
const diagnostic = JSON.stringify({ ServerInfo: { DataCenter: 'graph-mock', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'graph-mock' } })

export function graphAnswerHeaders (requestId) {
  return {
    'request-id': requestId,
    'client-request-id': requestId,
    'x-ms-ags-diagnostic': diagnostic,
    'strict-transport-security': 'max-age=31536000',
    'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    'odata-version': '4.0'
  }
}

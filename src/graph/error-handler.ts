/** The one error handler: every failure, Fastify's own included, leaves as Graph's error envelope. */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ODataQueryError } from '../odata/query-error.js'
import { StoreLimitError } from '../state/store.js'
import { TenantLimitError } from '../state/tenants.js'
import { GraphError, MESSAGES, badRequest, generalException, graphErrorBody, payloadTooLarge, resourceNotFound, storeLimitReached, undecodableUri } from './errors.js'
import { clientRequestId, headerText, setGraphHeaders } from './headers.js'
import { bodyValidationError } from './validation-errors.js'
import './request-outcome.js'
import './route-config.js'
import { shownInput } from '../shown-input.js'

/** Graph codes for the 4xx statuses Fastify raises on its own. */
const CODE_BY_STATUS: Record<number, string> = { 400: 'BadRequest', 404: 'ResourceNotFound', 406: 'NotAcceptable', 408: 'RequestTimeout', 411: 'LengthRequired' }

function isFastifyError (error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error
}

export function toGraphError (error: unknown, request: FastifyRequest): GraphError {
  if (error instanceof GraphError) return error
  if (error instanceof StoreLimitError) return storeLimitReached(error)
  if (error instanceof ODataQueryError) return badRequest(error.message)
  if (error instanceof TenantLimitError) return badRequest(error.message)
  if (!isFastifyError(error)) return generalException()
  if (error.validation !== undefined) {
    // Graph's OData wording is for Graph bodies; other inputs (and the control API) get the validator's own.
    if (error.validationContext !== 'body' || request.routeOptions.config.graph === undefined) {
      return badRequest(`Invalid request ${error.validationContext}: ${error.message}`)
    }
    return bodyValidationError(error.validation, {
      schema: request.routeOptions.schema?.body,
      body: request.body,
      qualifiedName: request.routeOptions.config.graph?.qualifiedName ?? 'microsoft.graph.entity'
    })
  }
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest(MESSAGES.emptyPayload)
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest(MESSAGES.unreadableJson)
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge(request.routeOptions.bodyLimit)
    case 'FST_ERR_BAD_URL':
      return undecodableUri()
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return resourceNotFound('Resource not found: a segment of the request URI is longer than any key.')
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return new GraphError(status, CODE_BY_STATUS[status] ?? 'BadRequest', shownInput(error.message))
  return generalException()
}

export function sendGraphError (reply: FastifyReply, error: GraphError): FastifyReply {
  // Again here: errors Fastify raises before routing skip the onRequest hooks.
  setGraphHeaders(reply.request, reply)
  const body = graphErrorBody(error, reply.request.id, headerText(clientRequestId(reply.request)))
  // For the request's one log line, which then says why it was refused.
  reply.request.refusal = error
  // A Buffer is sent as is: Fastify would append `; charset=utf-8` to Graph's plain application/json.
  return reply
    .code(error.statusCode)
    .headers(error.headers)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)))
}

const graphErrorHandler: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error, request, reply) => {
    // The front door's refusal wins over whatever reading the body then raised: like Graph, a
    // caller without a token learns nothing about its body.
    const graphError = request.frontDoorRefusal ?? toGraphError(error, request)
    // A GraphError was meant, a 503 while draining or an injected fault included; anything else
    // is a bug, worth a line of its own with its stack.
    if (!(error instanceof GraphError) && graphError.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    return sendGraphError(reply, graphError)
  })
}

export default fp(graphErrorHandler, { name: 'graph-error-handler' })

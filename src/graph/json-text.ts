/** Answers made of JSON texts serialised before. No runtime import: the control client's browser bundle reaches this through the control listings. */
import type { FastifyReply } from 'fastify'

/**
 * Sends `json`, text that is JSON already, as JSON: an answer made of texts serialised before
 * (kept entity texts, a control listing's items) is not written out again. On Graph's routes
 * the OData headers then name Graph's own content type.
 */
export function sendJsonText (reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json)
}

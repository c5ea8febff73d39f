/** Replies control routes declare besides their success, for the OpenAPI document. */
import { GraphErrorBodySchema } from '../graph/errors.js'
export { NO_CONTENT } from '../graph/errors.js'

/** Errors travel in Graph's envelope, so a suite parses every failure of graph-mock one way. */
export const CONTROL_ERROR_REPLIES = { 400: GraphErrorBodySchema, 401: GraphErrorBodySchema, 404: GraphErrorBodySchema }

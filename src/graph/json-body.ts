/**
 * The JSON body reader for every route: stricter than JSON.parse where Graph's OData reader is.
 * Bytes that are not UTF-8 and a property name given twice in one object are refused, instead
 * of being stored as U+FFFD or as whichever duplicate came last.
 */
import type { FastifyRequest } from 'fastify'
import { MESSAGES, badRequest } from './errors.js'
import { duplicatePropertyName } from '../json-duplicates.js'
import { shownInput } from './shown-input.js'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** A Fastify content-type parser: a thrown GraphError becomes the request's error. */
export async function parseJsonBody (_request: FastifyRequest, body: Buffer): Promise<unknown> {
  if (body.length === 0) throw badRequest(MESSAGES.emptyPayload)
  let text: string
  let value: unknown
  try {
    text = utf8.decode(body)
    value = JSON.parse(text)
  } catch {
    throw badRequest(MESSAGES.unreadableJson)
  }
  const duplicate = duplicatePropertyName(text)
  if (duplicate !== undefined) {
    throw badRequest(`Multiple properties with the name '${shownInput(duplicate)}' were detected in a resource or a complex value. In OData, duplicate property names are not allowed.`)
  }
  return value
}

/** The control API's errors, in the same envelope as Graph's, so a suite reads every failure of graph-mock one way. */
import { GraphError, badRequest, resourceNotFound } from '../graph/errors.js'
import { shownInput } from '../shown-input.js'

export const adminTokenRequired = () =>
  new GraphError(401, 'Unauthorized', "The control API needs the header Authorization: Bearer <MOCK_ADMIN_TOKEN> (the control client's adminToken option).", {
    headers: { 'www-authenticate': 'Bearer realm="graph-mock control API"' }
  })

export const noControlRoute = (method: string, path: string) =>
  resourceNotFound(`No control route ${shownInput(method)} ${shownInput(path)}. GET /_mock/openapi.json lists them all.`)

export const unknownEntitySet = (name: string, known: readonly string[]) =>
  resourceNotFound(`No entity set '${shownInput(name)}'. Known entity sets: ${known.join(', ')}.`)

export const recordNotFound = (entitySet: string, id: string) => resourceNotFound(`No record '${shownInput(id)}' in ${entitySet}.`)

export const invalidRecord = (entitySet: string, problem: string) =>
  badRequest(`Invalid ${entitySet} ${problem} Nothing was changed.`)

/** A second record in a singleton's set would never be served: its GET answers the one it holds. */
export const singletonHoldsOne = (entitySet: string, detail: string) =>
  badRequest(`${entitySet} is a singleton and holds one record: ${detail} Nothing was changed.`)

export const emptyRecordId = (entitySet: string) =>
  badRequest(`A record id cannot be empty: '/_mock/store/${shownInput(entitySet)}/' names no record. /_mock/store/${shownInput(entitySet)}, without the slash, is the whole set.`)

export const invalidSince = (value: string) =>
  badRequest(`Invalid since=${shownInput(JSON.stringify(value))}: must be a journal entry id (an integer) or a time such as 2026-11-28T17:00:00Z.`)

export const faultRuleWithoutEffect = () => badRequest('A fault rule needs a status, a delayMs, or both.')

/**
 * Refuses a path prefix (a fault rule's, the journal's filter) that no request's path could
 * match: one holding a query or fragment, or a percent-escape that does not decode, which routing
 * refuses in any request.
 */
export function checkPathPrefix (path: string, whose: string): void {
  if (/[?#]/.test(path)) {
    throw badRequest(`${whose} is a path prefix alone, without a query or fragment: ${shownInput(JSON.stringify(path))} holds a '${path.includes('?') ? '?' : '#'}'. Send the path without it (encode a literal ? or # in a segment as %3F or %23).`)
  }
  try {
    decodeURIComponent(path)
  } catch {
    throw badRequest(`${whose} ${shownInput(JSON.stringify(path))} holds a percent-escape that does not decode, which no request's path can match (Graph refuses such a URL). Encode a literal % as %25.`)
  }
}

export const faultRuleLimitReached = (limit: number) =>
  badRequest(`There are already ${limit} active fault rules, as many as MOCK_FAULT_RULE_LIMIT allows. Remove some (DELETE /_mock/faults or /_mock/faults/{ruleId}) or raise MOCK_FAULT_RULE_LIMIT.`)

export const tokenClientLimitReached = (limit: number) =>
  badRequest(`There are already ${limit} registered token clients, as many as MOCK_TOKEN_CLIENT_LIMIT allows. Remove them (POST /_mock/reset?only=clients) or raise MOCK_TOKEN_CLIENT_LIMIT.`)

export const faultRuleNotFound = (id: string) => resourceNotFound(`No active fault rule '${shownInput(id)}'.`)

export const noLocalCa = () =>
  resourceNotFound("No local CA: HTTPS is off (set HTTPS_PORT, or startGraphMock's httpsPort), or its certificate comes from TLS_CERT_FILE (tlsCertFile).")

export const tenantNotFound = (tenantId: string) => resourceNotFound(`No tenant '${shownInput(tenantId)}' in use.`)

export const clockTooFar = (maxSeconds: number) =>
  badRequest(`The clock may run at most ${maxSeconds} s ahead of the real time; put it back with POST /_mock/reset?only=clock.`)

export const tenantIdNotGuid = (tenantId: string) =>
  badRequest(`A tenant is named by its id, a GUID, as tokens name it in tid: '${shownInput(tenantId)}' is not one.`)

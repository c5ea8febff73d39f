/**
 * graph-mock's control client (`graph-mock/client`), for a test suite arranging and reading
 * graph-mock through /_mock: reset, the store, the journal, fault rules, token clients, the
 * clock, throttling and tenants, one typed method per operation. Its argument and answer types
 * are made from the schemas the control routes validate with (src/control/operations.ts), so a
 * route that changes shows up as a type error in the suite, not a 400 at run time. It needs
 * nothing but fetch: no Fastify, none of graph-mock's state, no Node module.
 */
import { ControlApiError, controlApiError } from './client/control-api-error.js'
import { nextPageUrl, pagesOf } from './client/pages.js'
import type { ControlClient } from './client/types.js'
import { CONTROL_OPERATIONS, CONTROL_PREFIX, TENANT_PREFIX, type ControlOperationName } from './control/operations.js'

export { ControlApiError }
export type { ControlClient, ControlInput, ControlMethod, ControlResult, FaultRule, JournalEntry, RecordOf } from './client/types.js'
export type { ControlOperationName } from './control/operations.js'
// For a value a suite builds at run time: `parts.join(',') as ResetParts`.
export type { ResetParts } from './control/schemas.js'
export type { StatusFilter } from './control/journal-schemas.js'

/** As much of fetch as the client calls; the global fetch, undici's and most wrappers fit. */
export type ControlFetch = (url: string, init: RequestInit) => Promise<Response>

export interface ControlClientOptions {
  /** graph-mock's base URL, such as `http://127.0.0.1:4000`; the client adds /_mock. */
  baseUrl: string
  /** MOCK_ADMIN_TOKEN, when graph-mock has one: sent on every call as `Authorization: Bearer …`. */
  adminToken?: string | undefined
  /**
   * The tenant (its GUID) the tenant-scoped operations address, at /_mock/tenants/{tenantId}/…;
   * the default tenant when absent. Service-wide ones (health, tenants, openApi, caPem) ignore it.
   */
  tenantId?: string | undefined
  /** The fetch to call, such as one that trusts graph-mock's CA over HTTPS; the global fetch when absent. */
  fetch?: ControlFetch | undefined
}

/** An operation's input, as the client reads it whatever the operation. */
interface AnyInput {
  params?: Readonly<Record<string, string>>
  query?: Readonly<Record<string, unknown>>
  body?: unknown
}

async function answerOf (response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  // ca.pem is text; everything else graph-mock answers is JSON.
  return /[/+]json\b/.test(response.headers.get('content-type') ?? '') ? await response.json() : await response.text()
}

/**
 * `baseUrl` as the client prefixes it, checked now, so that a wrong one fails where it is given
 * rather than at the first call: an http(s) URL, and not Graph's base URL, `…/beta`, which apps are given.
 */
function checkedBaseUrl (baseUrl: string): string {
  const fix = 'Pass graph-mock\'s own URL, like http://127.0.0.1:4000 (startGraphMock\'s url).'
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError(`createControlClient's baseUrl ${JSON.stringify(baseUrl)} is no URL. ${fix}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`createControlClient's baseUrl ${JSON.stringify(baseUrl)} is no http or https URL. ${fix}`)
  if (/\/(beta|v1\.0)\/*$/i.test(url.pathname)) throw new TypeError(`createControlClient's baseUrl ${JSON.stringify(baseUrl)} is Graph's base URL, under which there is no control API. ${fix}`)
  return url.href.replace(/\/+$/, '')
}

/** A client of the graph-mock at `baseUrl`, with one method per control operation (see ControlClient). */
export function createControlClient ({ baseUrl, adminToken, tenantId, fetch: fetchOption }: ControlClientOptions): ControlClient {
  const base = checkedBaseUrl(baseUrl)
  const send = fetchOption ?? ((url, init) => fetch(url, init))
  const tenantPath = tenantId === undefined ? '' : TENANT_PREFIX.replace(':tenantId', encodeURIComponent(tenantId))

  function urlOf (name: ControlOperationName, { params = {}, query = {} }: AnyInput): URL {
    const { url, tenantScoped } = CONTROL_OPERATIONS[name]
    const path = url.replace(/:(\w+)/g, (_, param: string) => {
      const value = params[param]
      if (value === undefined) throw new TypeError(`${name} needs params.${param}`)
      return encodeURIComponent(value)
    })
    const target = new URL(`${base}${CONTROL_PREFIX}${tenantScoped ? tenantPath : ''}${path}`)
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) target.searchParams.append(key, String(value))
    }
    return target
  }

  async function fetched (url: URL, init: RequestInit): Promise<Response> {
    const response = await send(url.href, init)
    if (!response.ok) throw await controlApiError(response, `${init.method} ${url.pathname}`)
    return response
  }

  async function call (name: ControlOperationName, input: AnyInput): Promise<unknown> {
    const { method } = CONTROL_OPERATIONS[name]
    const headers: Record<string, string> = {}
    if (adminToken !== undefined) headers['authorization'] = `Bearer ${adminToken}`
    if (input.body !== undefined) headers['content-type'] = 'application/json'
    const init: RequestInit = { method, headers, ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }) }

    const url = urlOf(name, input)
    let response = await fetched(url, init)
    let answer = await answerOf(response)
    const pages = pagesOf(name)
    for (let next = nextPageUrl(url, response.headers.get('link')); next !== undefined; next = nextPageUrl(next, response.headers.get('link'))) {
      // Returning the first page alone would hide the rest without a word.
      if (pages === undefined) throw new Error(`graph-mock answered ${name} with a next page, which this client cannot add up: use a client of the same version`)
      if (pages.complete?.(answer, input) === true) break
      response = await fetched(next, init)
      answer = pages.add(answer, await answerOf(response), input)
    }
    return answer
  }

  const methods = Object.keys(CONTROL_OPERATIONS).map((name) => [name, async (input: AnyInput = {}) => await call(name as ControlOperationName, input)])
  return Object.freeze(Object.fromEntries(methods)) as ControlClient
}

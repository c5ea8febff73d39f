/**
 * The service document at each version's root (`GET /beta`, `GET /v1.0/`): what the service
 * exposes at its top level, as OData JSON Format 4.01 §5 shapes it and as Graph answers it
 * (`Invoke-RestMethod https://graph.microsoft.com/v1.0` lists each name with its kind). It
 * learns the names from the routes as they are registered, so it names no resource. It asks for
 * no token: it holds nothing of any tenant's.
 */
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { GRAPH_VERSIONS, splitPath } from './routing.js'
import { sendJsonText } from './json-text.js'
import { requestOrigin } from './request-origin.js'

type Kind = 'EntitySet' | 'Singleton'

/** The top-level names of one version, in the case their routes spell them, each with its kind. */
type TopLevel = Map<string, Kind>

/** A name is an entity set when a key follows it in some route (`/users/:id/…`), else a singleton (`/me`, `/deviceManagement`). */
function kindAfter (next: string | undefined, known: Kind | undefined): Kind {
  return known === 'EntitySet' || next?.startsWith(':') === true ? 'EntitySet' : 'Singleton'
}

const serviceDocument: FastifyPluginAsync = async (app) => {
  const served = new Map<string, TopLevel>(GRAPH_VERSIONS.map((version) => [version, new Map()]))

  app.addHook('onRoute', (route) => {
    const [version = '', name = '', next] = splitPath(route.url)
    const names = served.get(version)
    // `$batch`, `$metadata` and the preflight's `*` are no part of the model; `:id` the issuer's.
    if (names === undefined || name === '' || /^[$*:]/.test(name)) return
    names.set(name, kindAfter(next, names.get(name)))
  })

  for (const [version, names] of served) {
    app.get(`/${version}`, { schema: { hide: true } }, async (request, reply) => {
      const value = [...names]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, kind]) => ({ name, kind, url: name }))
      return sendJsonText(reply, JSON.stringify({ '@odata.context': `${requestOrigin(request)}/${version}/$metadata`, value }))
    })
  }
}

export default fp(serviceDocument, { name: 'graph-service-document' })

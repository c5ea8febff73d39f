/**
 * Graph's answers for requests no route takes: an unknown version, an unknown segment, a known
 * path with the wrong method. It learns the paths from the routes as they are registered, so
 * it names no resource.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { invalidVersion, methodNotAllowed, unknownSegment, type GraphError } from './errors.js'
import { sendGraphError } from './error-handler.js'

export const GRAPH_VERSIONS = ['beta', 'v1.0'] as const

/** A registered route path as segments: literals lower-cased (Graph matches them case-insensitively), `:params` kept. */
interface RoutePattern {
  segments: string[]
  methods: Set<string>
}

const isParam = (segment: string) => segment.startsWith(':')

/** Whether a request's segment fits a pattern's: a literal in any case, a parameter, or a parameter whose regex (a bound function's call) it matches. */
function fits (expected: string, segment: string, lower: string): boolean {
  if (!isParam(expected)) return expected === lower
  const regexAt = expected.indexOf('(')
  return regexAt === -1 || new RegExp(expected.slice(regexAt + 1, -1)).test(segment)
}

/** A path's segments, empty ones (a leading, trailing or doubled slash) dropped. */
export function splitPath (path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function decodeSegment (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Works out why no route took `method path`, walking the registered patterns segment by segment. */
export function explainUnrouted (patterns: readonly RoutePattern[], method: string, path: string): GraphError {
  const segments = splitPath(path.split('?')[0] ?? '').map(decodeSegment)
  const [version = ''] = segments
  if (!GRAPH_VERSIONS.some((known) => known === version.toLowerCase())) return invalidVersion(version)

  let candidates = patterns.filter((pattern) => pattern.segments[0] === version.toLowerCase())
  for (let index = 1; index < segments.length; index++) {
    const segment = segments[index] ?? ''
    const lower = segment.toLowerCase()
    const matching = candidates.filter((pattern) => {
      const expected = pattern.segments[index]
      return expected !== undefined && fits(expected, segment, lower)
    })
    if (matching.length === 0) return unknownSegment(segment)
    candidates = matching
  }

  const exact = candidates.filter((pattern) => pattern.segments.length === segments.length)
  if (exact.length === 0) return unknownSegment(segments.at(-1) ?? version)
  return methodNotAllowed(method, [...new Set(exact.flatMap((pattern) => [...pattern.methods]))].sort())
}

/** Another part's answer to a request no route took (the issuer's, for a path under an authority), or undefined to leave it Graph's. */
export type UnroutedAnswer = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined

const graphRouting: FastifyPluginAsync<{ unrouted?: UnroutedAnswer | undefined }> = async (app, { unrouted }) => {
  const patterns = new Map<string, RoutePattern>()

  app.addHook('onRoute', (route) => {
    const segments = splitPath(route.url).map((segment) => (isParam(segment) ? segment : segment.toLowerCase()))
    // The preflight's catch-all (cors.ts) names no path a request could be refused for.
    if (!GRAPH_VERSIONS.some((version) => version === segments[0]) || segments.at(-1) === '*') return
    const key = segments.join('/')
    const pattern = patterns.get(key) ?? { segments, methods: new Set<string>() }
    for (const method of [route.method].flat()) pattern.methods.add(method)
    patterns.set(key, pattern)
  })

  app.setNotFoundHandler((request, reply) => {
    return unrouted?.(request, reply) ?? sendGraphError(reply, explainUnrouted([...patterns.values()], request.method, request.url))
  })
}

export default fp(graphRouting, { name: 'graph-routing' })

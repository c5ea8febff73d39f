/**
 * What a validated PATCH costs in plain Fastify: the Graph-shaped bare route's answer, built the
 * way any mock must build it. The body is validated against a TypeBox schema (by Fastify's own
 * Ajv, with Fastify's default options, which drop an unknown member where graph-mock refuses
 * it), merged into a Map of frozen records seeded from the bundled fixture, and the merged
 * record answered as JSON with Graph's headers; no token check, tenants, journal, fault rules,
 * size limits or Graph's error bodies. bench/patch-throughput.ts checks at start that it answers
 * the bench's PATCH as graph-mock does.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { graphAnswerHeaders } from './graph-answer-headers.mjs'

const ENTITY_SET = 'RequestRemoteHelpSessionAccessResponse'
const records = new Map(Object.entries(JSON.parse(readFileSync(new URL(`../fixtures/${ENTITY_SET}.json`, import.meta.url), 'utf8')))
  .map(([id, record]) => [id, Object.freeze(record)]))
const sessionTypes = ['viewScreen', 'takeFullControl', 'elevation', 'unattended', 'unknownFutureValue']
const body = Type.Object({
  '@odata.type': Type.Optional(Type.String()),
  sessionKey: Type.Optional(Type.String()),
  sessionType: Type.Optional(Type.Union(sessionTypes.map((value) => Type.Literal(value)))),
  pubSubEncryptionKey: Type.Optional(Type.String()),
  pubSubEncryption: Type.Optional(Type.String())
}, { additionalProperties: false })

const app = Fastify({ genReqId: () => randomUUID() })
app.patch(`/beta/${ENTITY_SET}/:id`, { schema: { body } }, (request, reply) => {
  const current = records.get(request.params.id)
  if (current === undefined) return reply.code(404).send({ error: { code: 'ResourceNotFound' } })
  const { '@odata.type': _type, ...changes } = request.body
  const next = Object.freeze({ ...current, ...changes })
  records.set(request.params.id, next)
  reply.headers(graphAnswerHeaders(request.id))
  return reply.send(JSON.stringify({ '@odata.type': '#microsoft.graph.requestRemoteHelpSessionAccessResponse', ...next }))
})
app.get('/_mock/health', async () => ({ status: 'ok' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })

/**
 * The ceiling of a faithful mock: a bare Fastify PATCH route that answers with what graph-mock
 * answers, the same status, header names and values (a fresh request-id each time, as Graph
 * and graph-mock give) and body bytes, doing nothing else: no validation, no store, no logging.
 * bench/patch-throughput.ts checks at start that the two answers match, so this cannot drift.
 */
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import { graphAnswerHeaders } from './graph-answer-headers.mjs'

const body = JSON.stringify({
  '@odata.type': '#microsoft.graph.requestRemoteHelpSessionAccessResponse',
  sessionKey: '14c45a90-1fac-4ee2-8daf-50b7d312c489',
  sessionType: 'takeFullControl',
  pubSubEncryptionKey: 'uEh9SWJavgPC3jxL2KcX/PjYDK1kvJhR4yB6mll43lc=',
  pubSubEncryption: 'AES256'
})

const app = Fastify()
app.patch('/beta/RequestRemoteHelpSessionAccessResponse/:id', async (_request, reply) => {
  reply.headers(graphAnswerHeaders(randomUUID()))
  return reply.send(body)
})
app.get('/_mock/health', async () => ({ status: 'ok' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })

/**
 * The ceiling: a bare Fastify PATCH route answering a constant body, no logging, no validation;
 * plain JavaScript, so it starts as fast as Fastify can. The health route lets the bench see it is up.
 */
import Fastify from 'fastify'

const body = {
  '@odata.type': '#microsoft.graph.requestRemoteHelpSessionAccessResponse',
  sessionKey: '14c45a90-1fac-4ee2-8daf-50b7d312c489',
  sessionType: 'takeFullControl',
  pubSubEncryptionKey: 'uEh9SWJavgPC3jxL2KcX/PjYDK1kvJhR4yB6mll43lc=',
  pubSubEncryption: 'AES256'
}

const app = Fastify()
app.patch('/beta/RequestRemoteHelpSessionAccessResponse/:id', async () => body)
app.get('/_mock/health', async () => ({ status: 'ok' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })

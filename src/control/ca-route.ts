/** GET /_mock/ca.pem: the local CA that signed graph-mock's HTTPS certificate, for apps to trust. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { noLocalCa } from './errors.js'
import { CONTROL_ERROR_REPLIES } from './replies.js'

const caRoute: FastifyPluginAsyncTypebox<{ caPem: string | undefined }> = async (app, { caPem }) => {
  /** GET /_mock/ca.pem: fetch it once (over HTTP, or with verification off) and point NODE_EXTRA_CA_CERTS or the OS store at it. */
  app.get('/ca.pem', {
    schema: { tags: ['control'], summary: 'The CA certificate of the generated HTTPS certificate (PEM)', response: { 200: Type.String(), ...CONTROL_ERROR_REPLIES } }
  }, async (_request, reply) => {
    if (caPem === undefined) throw noLocalCa()
    return reply.type('application/x-pem-file').send(caPem)
  })
}

export default caRoute

/** GET /_mock/ca.pem: the local CA that signed graph-mock's HTTPS certificate, for apps to trust. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { noLocalCa } from './errors.js'
import { CONTROL_OPERATIONS, routeOf } from './operations.js'

const caRoute: FastifyPluginAsyncTypebox<{ caPem: string | undefined }> = async (app, { caPem }) => {
  /** GET /_mock/ca.pem: fetch it once (over HTTP, or with verification off) and point NODE_EXTRA_CA_CERTS or the OS store at it. */
  app.route({
    ...routeOf(CONTROL_OPERATIONS.caPem),
    handler: async (_request, reply) => {
      if (caPem === undefined) throw noLocalCa()
      return reply.type('application/x-pem-file').send(caPem)
    }
  })
}

export default caRoute

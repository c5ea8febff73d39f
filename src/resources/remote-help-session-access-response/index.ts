/** The requestRemoteHelpSessionAccessResponse resource, as the app and the fixture loader take it. */
import type { GraphResource } from '../../graph/resource.js'
import routes from './routes.js'
import { ENTITY_SET, RemoteHelpSessionAccessResponseRecordSchema } from './schemas.js'

export const remoteHelpSessionAccessResponse: GraphResource = {
  entitySet: ENTITY_SET,
  versions: ['beta'],
  recordSchema: RemoteHelpSessionAccessResponseRecordSchema,
  routes
}

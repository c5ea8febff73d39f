/** Every Graph resource graph-mock serves; adding one is a folder beside this file and a line here. */
import type { GraphResource } from '../graph/resource.js'
import { requestRemoteHelpSessionAccessResponse } from './request-remote-help-session-access-response/index.js'

export const RESOURCES: readonly GraphResource[] = [requestRemoteHelpSessionAccessResponse]

/** Record schema of each entity set and singleton, for the fixture loader. */
export function recordSchemas (resources: readonly GraphResource[] = RESOURCES) {
  return Object.fromEntries(resources.map((resource) => [resource.entitySet, resource.recordSchema]))
}

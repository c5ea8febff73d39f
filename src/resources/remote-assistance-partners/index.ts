/**
 * remoteAssistancePartners under the deviceManagement singleton, beta and v1.0, with the bound
 * actions beginOnboarding and disconnect (intune-remoteassistance-remoteassistancepartner-*.md
 * in microsoft-graph-docs-contrib; the SDKs' request builders post to the same URLs).
 */
import type { EntitySetResource } from '../../graph/resource.js'
import { SERVICE_CONFIG } from '../../graph/permissions.js'
import { INTUNE_REMOTE_ASSISTANCE } from '../../graph/throttling-limits.js'
import { ENTITY_SET, QUALIFIED_NAME, RemoteAssistancePartnerRecordSchema } from './schemas.js'

/**
 * How long an onboarding request stays open. The docs give no figure; the partner's own portal
 * decides in production, and an hour is long enough for any test and short enough to see expire.
 */
const ONBOARDING_REQUEST_LIFETIME_MS = 60 * 60 * 1000

export const remoteAssistancePartners = {
  kind: 'entitySet',
  entitySet: ENTITY_SET,
  versions: ['beta', 'v1.0'],
  qualifiedName: QUALIFIED_NAME,
  recordSchema: RemoteAssistancePartnerRecordSchema,
  withId: true,
  throttling: INTUNE_REMOTE_ASSISTANCE,
  paths: [{ path: '/deviceManagement/remoteAssistancePartners' }],
  operations: {
    list: SERVICE_CONFIG.read,
    get: SERVICE_CONFIG.read,
    create: SERVICE_CONFIG.write,
    update: SERVICE_CONFIG.write,
    delete: SERVICE_CONFIG.write
  },
  actions: [
    {
      kind: 'action',
      name: 'beginOnboarding',
      permissions: SERVICE_CONFIG.write,
      // "A request to start onboarding": the partner is then onboarding until its portal completes it.
      run: ({ entity: partner, now }) => ({
        changes: {
          onboardingStatus: 'onboarding',
          onboardingUrl: partner['onboardingUrl'] ?? null,
          onboardingRequestExpiryDateTime: new Date(now + ONBOARDING_REQUEST_LIFETIME_MS).toISOString()
        }
      })
    },
    {
      kind: 'action',
      name: 'disconnect',
      permissions: SERVICE_CONFIG.write,
      // "A request to remove the active TeamViewer connector": back to not onboarded.
      run: () => ({ changes: { onboardingStatus: 'notOnboarded', onboardingRequestExpiryDateTime: null } })
    }
  ]
} as const satisfies EntitySetResource

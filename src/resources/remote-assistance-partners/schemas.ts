/**
 * TypeBox schema of a stored remoteAssistancePartner
 * (https://learn.microsoft.com/graph/api/resources/intune-remoteassistance-remoteassistancepartner?view=graph-rest-beta;
 * types as in the TypeScript beta SDK's RemoteAssistancePartner model).
 */
import { Type, type Static } from '@sinclair/typebox'
import { odataDateTime, odataEnum, odataString } from '../../graph/odata-types.js'

export const ENTITY_SET = 'deviceManagement.remoteAssistancePartners'
export const QUALIFIED_NAME = 'microsoft.graph.remoteAssistancePartner'

/** remoteAssistanceOnboardingStatus, in the order of Graph's metadata. */
export const ONBOARDING_STATUSES = ['notOnboarded', 'onboarding', 'onboarded'] as const

export const RemoteAssistancePartnerRecordSchema = Type.Object({
  displayName: odataString('Display name of the partner.'),
  onboardingUrl: odataString('URL of the partner\'s onboarding portal, where an administrator can configure their Remote Assistance service.'),
  // A new partner has not been onboarded.
  onboardingStatus: odataEnum('microsoft.graph.remoteAssistanceOnboardingStatus', ONBOARDING_STATUSES, 'The current TeamViewer connector status.', { default: 'notOnboarded' }),
  lastConnectionDateTime: odataDateTime('Timestamp of the last request sent to Intune by the TEM partner.'),
  onboardingRequestExpiryDateTime: odataDateTime('When the onboarding request expires (beta only).')
}, { additionalProperties: false, description: 'RemoteAssistPartner resources represent the metadata and status of a given Remote Assistance partner service.' })
export type RemoteAssistancePartnerRecord = Static<typeof RemoteAssistancePartnerRecordSchema>

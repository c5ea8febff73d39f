/**
 * Intune's published throttling limits, per 20 s, per tenant and per app in the tenant
 * (learn.microsoft.com/graph/throttling-limits, includes/throttling-intune-devices.md and
 * includes/throttling-intune-remote-assistance.md: "the first limit to be reached triggers
 * throttling"), which resources name as the budgets their requests count against.
 */
import type { ServiceLimits } from '../state/throttle.js'

/** managedDevice and its actions. */
export const INTUNE_DEVICES: ServiceLimits = { area: 'intuneDevices', tenant: { writes: 400, all: 4000 }, app: { writes: 200, all: 2000 } }
/** remoteAssistancePartner and remoteAssistanceSettings. */
export const INTUNE_REMOTE_ASSISTANCE: ServiceLimits = { area: 'intuneRemoteAssistance', tenant: { writes: 200, all: 2000 }, app: { writes: 100, all: 1000 } }

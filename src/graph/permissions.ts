/** The Intune permission sets Graph's device management pages list, shared by every resource that names them. */

/** `DeviceManagementServiceConfig` (service settings, partners): writes need ReadWrite; reads take either. */
export const SERVICE_CONFIG = {
  write: ['DeviceManagementServiceConfig.ReadWrite.All'],
  read: ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All']
} as const

/** `DeviceManagementConfiguration`, which some service settings also accept. */
export const CONFIGURATION = {
  write: ['DeviceManagementConfiguration.ReadWrite.All'],
  read: ['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All']
} as const

/** `DeviceManagementManagedDevices` (managed devices and their actions). */
export const MANAGED_DEVICES = {
  write: ['DeviceManagementManagedDevices.ReadWrite.All'],
  read: ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.All']
} as const

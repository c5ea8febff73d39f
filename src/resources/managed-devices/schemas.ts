/** TypeBox schemas of Graph beta's managedDevice, the complex types and enums it holds, and its empty record. */
/*
 * Sources, Graph beta as of 2026:
 * - names, types, enum members and comments: npm `@microsoft/msgraph-beta-sdk` 1.0.0-preview.81,
 *   `models/index.d.ts` (`interface ManagedDevice` and the complex types it holds, the enum consts
 *   such as `ComplianceStateObject`) and `models/index.js` (`deserializeIntoManagedDevice` and the
 *   deserializers of those complex types; none of their enums is read as a flags collection);
 * - the split of properties from navigation properties: microsoftgraph/msgraph-metadata,
 *   `schemas/type-mappings/beta-entity-types.json` (`managedDevice`: 83 properties, 11 navigation);
 * - Int32, Int64 or Double where the SDK says `number`: microsoftgraph/microsoft-graph-docs-contrib,
 *   `api-reference/beta/resources/intune-devices-manageddevice.md`, and the Go beta SDK models
 *   (`*float64` for hardwareInformation.batteryLevelPercentage only).
 *
 * Navigation properties are not part of the stored entity and are left out: assignmentFilterEvaluationStatusDetails,
 * detectedApps, deviceCategory, deviceCompliancePolicyStates, deviceConfigurationStates, deviceHealthScriptStates,
 * logCollectionRequests, managedDeviceMobileAppConfigurationStates, securityBaselineStates, users, windowsProtectionState.
 */
import { KindGuard, Type, type Static, type TLiteral, type TObject, type TSchema, type TUnion } from '@sinclair/typebox'
import { ODATA_TYPE_KEYWORD, odataTypeAnnotation } from '../../graph/odata-types.js'

export const ENTITY_SET = 'deviceManagement.managedDevices'
export const QUALIFIED_NAME = 'microsoft.graph.managedDevice'

const INT32 = { minimum: -2147483648, maximum: 2147483647 }
/**
 * Edm.Int64's range, -2^63 to 2^63 - 1, as far as a number JSON.parse reads can tell: 2^63 - 1 is
 * no double, and 9223372036854775807 is read as the nearest one, 2^63, which is therefore the
 * maximum. So 2^63 itself (9223372036854775808), and any text read as the same double (up to
 * 9223372036854776832), is taken where Graph would refuse it; 9223372036854776833, read as the
 * next double (2^63 + 2048), is the first refused. -2^63 is a double, and the minimum likewise.
 */
const INT64 = { minimum: -(2 ** 63), maximum: 2 ** 63 }

/** Graph properties are nullable unless the metadata says otherwise. */
function nullable<T extends TSchema> (schema: T, odataType: string, description: string, value?: unknown) {
  return Type.Union([schema, Type.Null()], { [ODATA_TYPE_KEYWORD]: odataType, description, ...(value === undefined ? {} : { default: value }) })
}

/** Each with the default its docs give, when they give one ("Default is an empty string"), which a create and a seed fill in. */
const string = (description: string, value?: string) => nullable(Type.String(), 'Edm.String', description, value)
const boolean = (description: string) => nullable(Type.Boolean(), 'Edm.Boolean', description)
const int32 = (description: string, value?: number) => nullable(Type.Integer(INT32), 'Edm.Int32', description, value)
const int64 = (description: string, value?: number) => nullable(Type.Integer(INT64), 'Edm.Int64', description, value)
const double = (description: string) => nullable(Type.Number(), 'Edm.Double', description)
const dateTime = (description: string) => nullable(Type.String({ format: 'date-time' }), 'Edm.DateTimeOffset', description)

/** An OData enum (not flags): one member, named as Graph writes it; the description lists the members. */
function enumType<const M extends readonly string[]> (name: string, members: M): TUnion<Array<TLiteral<M[number]>>> {
  return Type.Union(members.map((member) => Type.Literal(member)), {
    [ODATA_TYPE_KEYWORD]: `microsoft.graph.${name}`,
    description: `One of: ${members.join(', ')}.`
  })
}

/** A nullable enum property; its description ends with the members, which fixture errors quote. */
function enumProperty<T extends TUnion> (schema: T, description: string) {
  return nullable(schema, String(schema[ODATA_TYPE_KEYWORD]), `${description} ${String(schema.description)}`)
}

/** A complex type: every property, none other, and an optional `@odata.type` naming it (as the docs' examples send it). */
/**
 * A complex value may leave properties out, as OData lets it: the SDK writes a complex property
 * it read as null back as `{}`, and a PATCH of what an app read must not fail on that.
 */
function complexType<P extends Record<string, TSchema>> (name: string, properties: P, description: string) {
  const qualifiedName = `microsoft.graph.${name}`
  return Type.Object({ '@odata.type': odataTypeAnnotation(qualifiedName), ...Type.Partial(Type.Object(properties)).properties }, {
    additionalProperties: false,
    [ODATA_TYPE_KEYWORD]: qualifiedName,
    description
  })
}

const complexProperty = <T extends TObject>(schema: T, description: string) =>
  nullable(schema, String(schema[ODATA_TYPE_KEYWORD]), description)

/** A collection is never null in Graph: an empty one is []. */
function collection<T extends TSchema> (item: T, description: string) {
  const itemType = String(item[ODATA_TYPE_KEYWORD] ?? 'Edm.String')
  return Type.Array(item, { [ODATA_TYPE_KEYWORD]: `Collection(${itemType})`, description })
}

// Enums, members in the SDK's (and the metadata's) order.

export const ActionStateSchema = enumType('actionState', ['none', 'pending', 'canceled', 'active', 'done', 'failed', 'notSupported'])
export type ActionState = Static<typeof ActionStateSchema>

export const AzureAttestationSettingStatusSchema = enumType('azureAttestationSettingStatus', ['notApplicable', 'enabled', 'disabled', 'unknownFutureValue'])

export const ChassisTypeSchema = enumType('chassisType', [
  'unknown', 'desktop', 'laptop', 'worksWorkstation', 'enterpriseServer', 'phone', 'tablet', 'mobileOther', 'mobileUnknown'
])
export type ChassisType = Static<typeof ChassisTypeSchema>

export const ComplianceStateSchema = enumType('complianceState', [
  'unknown', 'compliant', 'noncompliant', 'conflict', 'error', 'inGracePeriod', 'configManager'
])
export type ComplianceState = Static<typeof ComplianceStateSchema>

export const ConfigurationManagerClientStateSchema = enumType('configurationManagerClientState', [
  'unknown', 'installed', 'healthy', 'installFailed', 'updateFailed', 'communicationError'
])

export const DeviceEnrollmentTypeSchema = enumType('deviceEnrollmentType', [
  'unknown', 'userEnrollment', 'deviceEnrollmentManager', 'appleBulkWithUser', 'appleBulkWithoutUser', 'windowsAzureADJoin',
  'windowsBulkUserless', 'windowsAutoEnrollment', 'windowsBulkAzureDomainJoin', 'windowsCoManagement',
  'windowsAzureADJoinUsingDeviceAuth', 'appleUserEnrollment', 'appleUserEnrollmentWithServiceAccount',
  'azureAdJoinUsingAzureVmExtension', 'androidEnterpriseDedicatedDevice', 'androidEnterpriseFullyManaged',
  'androidEnterpriseCorporateWorkProfile', 'androidAOSPUserOwnedDeviceEnrollment', 'androidAOSPUserlessDeviceEnrollment',
  'appleAccountDrivenUserEnrollment', 'unknownFutureValue'
])
export type DeviceEnrollmentType = Static<typeof DeviceEnrollmentTypeSchema>

export const DeviceGuardLocalSystemAuthorityCredentialGuardStateSchema = enumType('deviceGuardLocalSystemAuthorityCredentialGuardState', [
  'running', 'rebootRequired', 'notLicensed', 'notConfigured', 'virtualizationBasedSecurityNotRunning'
])

export const DeviceGuardVirtualizationBasedSecurityHardwareRequirementStateSchema = enumType('deviceGuardVirtualizationBasedSecurityHardwareRequirementState', [
  'meetHardwareRequirements', 'secureBootRequired', 'dmaProtectionRequired', 'hyperVNotSupportedForGuestVM', 'hyperVNotAvailable'
])

export const DeviceGuardVirtualizationBasedSecurityStateSchema = enumType('deviceGuardVirtualizationBasedSecurityState', [
  'running', 'rebootRequired', 'require64BitArchitecture', 'notLicensed', 'notConfigured', 'doesNotMeetHardwareRequirements', 'other'
])

export const DeviceLicensingStatusSchema = enumType('deviceLicensingStatus', [
  'unknown', 'licenseRefreshStarted', 'licenseRefreshPending', 'deviceIsNotAzureActiveDirectoryJoined',
  'verifyingMicrosoftDeviceIdentity', 'deviceIdentityVerificationFailed', 'verifyingMicrosoftAccountIdentity',
  'microsoftAccountVerificationFailed', 'acquiringDeviceLicense', 'refreshingDeviceLicense', 'deviceLicenseRefreshSucceed',
  'deviceLicenseRefreshFailed', 'removingDeviceLicense', 'deviceLicenseRemoveSucceed', 'deviceLicenseRemoveFailed',
  'unknownFutureValue'
])

export const DeviceManagementExchangeAccessStateSchema = enumType('deviceManagementExchangeAccessState', [
  'none', 'unknown', 'allowed', 'blocked', 'quarantined'
])
export type DeviceManagementExchangeAccessState = Static<typeof DeviceManagementExchangeAccessStateSchema>

export const DeviceManagementExchangeAccessStateReasonSchema = enumType('deviceManagementExchangeAccessStateReason', [
  'none', 'unknown', 'exchangeGlobalRule', 'exchangeIndividualRule', 'exchangeDeviceRule', 'exchangeUpgrade',
  'exchangeMailboxPolicy', 'other', 'compliant', 'notCompliant', 'notEnrolled', 'unknownLocation', 'mfaRequired',
  'azureADBlockDueToAccessPolicy', 'compromisedPassword', 'deviceNotKnownWithManagedApp'
])
export type DeviceManagementExchangeAccessStateReason = Static<typeof DeviceManagementExchangeAccessStateReasonSchema>

export const DeviceRegistrationStateSchema = enumType('deviceRegistrationState', [
  'notRegistered', 'registered', 'revoked', 'keyConflict', 'approvalPending', 'certificateReset',
  'notRegisteredPendingEnrollment', 'unknown'
])
export type DeviceRegistrationState = Static<typeof DeviceRegistrationStateSchema>

export const DeviceTypeSchema = enumType('deviceType', [
  'desktop', 'windowsRT', 'winMO6', 'nokia', 'windowsPhone', 'mac', 'winCE', 'winEmbedded', 'iPhone', 'iPad', 'iPod',
  'android', 'iSocConsumer', 'unix', 'macMDM', 'holoLens', 'surfaceHub', 'androidForWork', 'androidEnterprise',
  'windows10x', 'androidnGMS', 'chromeOS', 'linux', 'visionOS', 'tvOS', 'blackberry', 'palm', 'unknown', 'cloudPC'
])
export type DeviceType = Static<typeof DeviceTypeSchema>

export const FirmwareProtectionTypeSchema = enumType('firmwareProtectionType', [
  'notApplicable', 'systemGuardSecureLaunch', 'firmwareAttackSurfaceReduction', 'disabled', 'unknownFutureValue'
])

export const JoinTypeSchema = enumType('joinType', ['unknown', 'azureADJoined', 'azureADRegistered', 'hybridAzureADJoined'])
export type JoinType = Static<typeof JoinTypeSchema>

export const LostModeStateSchema = enumType('lostModeState', ['disabled', 'enabled'])
export type LostModeState = Static<typeof LostModeStateSchema>

export const ManagedDeviceArchitectureSchema = enumType('managedDeviceArchitecture', ['unknown', 'x86', 'x64', 'arm', 'arM64'])
export type ManagedDeviceArchitecture = Static<typeof ManagedDeviceArchitectureSchema>

export const ManagedDeviceManagementFeaturesSchema = enumType('managedDeviceManagementFeatures', ['none', 'microsoftManagedDesktop'])
export type ManagedDeviceManagementFeatures = Static<typeof ManagedDeviceManagementFeaturesSchema>

export const ManagedDeviceOwnerTypeSchema = enumType('managedDeviceOwnerType', ['unknown', 'company', 'personal', 'unknownFutureValue'])
export type ManagedDeviceOwnerType = Static<typeof ManagedDeviceOwnerTypeSchema>

export const ManagedDevicePartnerReportedHealthStateSchema = enumType('managedDevicePartnerReportedHealthState', [
  'unknown', 'activated', 'deactivated', 'secured', 'lowSeverity', 'mediumSeverity', 'highSeverity', 'unresponsive',
  'compromised', 'misconfigured'
])
export type ManagedDevicePartnerReportedHealthState = Static<typeof ManagedDevicePartnerReportedHealthStateSchema>

export const ManagementAgentTypeSchema = enumType('managementAgentType', [
  'eas', 'mdm', 'easMdm', 'intuneClient', 'easIntuneClient', 'configurationManagerClient', 'configurationManagerClientMdm',
  'configurationManagerClientMdmEas', 'unknown', 'jamf', 'googleCloudDevicePolicyController', 'microsoft365ManagedMdm',
  'msSense', 'intuneAosp', 'google', 'unknownFutureValue'
])
export type ManagementAgentType = Static<typeof ManagementAgentTypeSchema>

export const ManagementStateSchema = enumType('managementState', [
  'managed', 'retirePending', 'retireFailed', 'wipePending', 'wipeFailed', 'unhealthy', 'deletePending', 'retireIssued',
  'wipeIssued', 'wipeCanceled', 'retireCanceled', 'discovered', 'unknownFutureValue'
])
export type ManagementState = Static<typeof ManagementStateSchema>

export const OwnerTypeSchema = enumType('ownerType', ['unknown', 'company', 'personal'])
export type OwnerType = Static<typeof OwnerTypeSchema>

export const SystemManagementModeLevelSchema = enumType('systemManagementModeLevel', [
  'notApplicable', 'level1', 'level2', 'level3', 'unknownFutureValue'
])

// Complex types.

export const LoggedOnUserSchema = complexType('loggedOnUser', {
  lastLogOnDateTime: dateTime('Date time when user logs on.'),
  userId: string('User id.')
}, 'A user that logged on to the device.')
export type LoggedOnUser = Static<typeof LoggedOnUserSchema>

export const SharedAppleDeviceUserSchema = complexType('sharedAppleDeviceUser', {
  dataQuota: int64('Data quota.'),
  dataToSync: boolean('Data to sync.'),
  dataUsed: int64('Data used.'),
  userPrincipalName: string('User principal name.')
}, 'A user of a shared Apple device.')
export type SharedAppleDeviceUser = Static<typeof SharedAppleDeviceUserSchema>

export const HardwareInformationSchema = complexType('hardwareInformation', {
  batteryChargeCycles: int32('Charge cycles of the current battery, 0 to 2147483647.'),
  batteryHealthPercentage: int32('Health percentage of the current battery, 0 to 100.'),
  batteryLevelPercentage: double('Battery level between 0.0 and 100, or null if it cannot be determined (iOS 5.0 and later).'),
  batterySerialNumber: string('Serial number of the current battery.'),
  cellularTechnology: string('Cellular technology of the device.'),
  deviceFullQualifiedDomainName: string('Fully qualified domain name of the device; empty string when not domain-joined.'),
  deviceGuardLocalSystemAuthorityCredentialGuardState: enumProperty(DeviceGuardLocalSystemAuthorityCredentialGuardStateSchema, 'Local System Authority Credential Guard state.'),
  deviceGuardVirtualizationBasedSecurityHardwareRequirementState: enumProperty(DeviceGuardVirtualizationBasedSecurityHardwareRequirementStateSchema, 'Virtualization-based security hardware requirement state.'),
  deviceGuardVirtualizationBasedSecurityState: enumProperty(DeviceGuardVirtualizationBasedSecurityStateSchema, 'Virtualization-based security state.'),
  deviceLicensingLastErrorCode: int32('Last device licensing error code, or 0 for none (Windows device-based subscription licensing).'),
  deviceLicensingLastErrorDescription: string('Text of deviceLicensingLastErrorCode.'),
  deviceLicensingStatus: enumProperty(DeviceLicensingStatusSchema, 'Device licensing status after Windows device-based subscription is enabled.'),
  esimIdentifier: string('eSIM identifier.'),
  freeStorageSpace: int64('Free storage space of the device.'),
  imei: string('IMEI.'),
  ipAddressV4: string('IPv4 address.'),
  isEncrypted: boolean('Encryption status of the device.'),
  isSharedDevice: boolean('Shared iPad.'),
  isSupervised: boolean('Supervised mode of the device.'),
  manufacturer: string('Manufacturer of the device.'),
  meid: string('MEID.'),
  model: string('Model of the device.'),
  operatingSystemEdition: string('OS edition.'),
  operatingSystemLanguage: string('Operating system language of the device.'),
  operatingSystemProductType: int32('Windows operating system ProductType, 0 to 2147483647.'),
  osBuildNumber: string('Operating system build number on Android devices.'),
  phoneNumber: string('Phone number of the device.'),
  productName: string('Product name, e.g. iPad8,12 (iOS/macOS).'),
  residentUsersCount: int32('Number of users on the device, or null if it cannot be determined (iOS 13.4 and later).'),
  serialNumber: string('Serial number.'),
  sharedDeviceCachedUsers: collection(SharedAppleDeviceUserSchema, 'All users on the shared Apple device.'),
  subnetAddress: string('Subnet address.'),
  subscriberCarrier: string('Subscriber carrier of the device.'),
  systemManagementBIOSVersion: string('BIOS version as reported by SMBIOS.'),
  totalStorageSpace: int64('Total storage space of the device.'),
  tpmManufacturer: string('Identifying information of the TPM manufacturer.'),
  tpmSpecificationVersion: string('TPM specification version.'),
  tpmVersion: string('Version of the TPM, as specified by the manufacturer.'),
  wifiMac: string('Wi-Fi MAC address of the device.'),
  wiredIPv4Addresses: collection(Type.String(), 'Wired IPv4 addresses (Windows).')
}, 'Hardware information of a given device.')
export type HardwareInformation = Static<typeof HardwareInformationSchema>

/**
 * A complex value with its properties at "null/0/false and enum defaults", as a list shows
 * hardwareInformation: strings null, numbers 0, Booleans false, collections empty, and each enum
 * at its first member, the one its docs call the default (`unknown`, "Default", for
 * deviceLicensingStatus in intune-devices-devicelicensingstatus.md).
 */
export function standInOf (schema: TObject): Record<string, unknown> {
  const properties = Object.entries(schema.properties).filter(([name]) => name !== '@odata.type')
  return Object.fromEntries(properties.map(([name, property]) => [name, defaultOf(property)]))
}

function defaultOf (property: TSchema): unknown {
  const odataType = String(property[ODATA_TYPE_KEYWORD])
  if (odataType.startsWith('Collection(')) return []
  if (odataType === 'Edm.Boolean') return false
  if (['Edm.Int32', 'Edm.Int64', 'Edm.Double'].includes(odataType)) return 0
  const [type] = KindGuard.IsUnion(property) ? property.anyOf : [property]
  const [member] = type !== undefined && KindGuard.IsUnion(type) ? type.anyOf : []
  return member !== undefined && KindGuard.IsLiteral(member) ? member.const : null
}

export const DeviceActionResultSchema = complexType('deviceActionResult', {
  actionName: string('Action name.'),
  actionState: enumProperty(ActionStateSchema, 'State of the action.'),
  lastUpdatedDateTime: dateTime('Time the action state was last updated.'),
  startDateTime: dateTime('Time the action was initiated.')
}, 'Result of a device action.')
export type DeviceActionResult = Static<typeof DeviceActionResultSchema>

export const KeyValuePairSchema = complexType('keyValuePair', {
  name: string('Name for this key-value pair.'),
  value: string('Value for this key-value pair.')
}, 'A key-value pair.')

export const CloudPcStatusDetailSchema = complexType('cloudPcStatusDetail', {
  additionalInformation: collection(KeyValuePairSchema, 'Any additional information about the Cloud PC status.'),
  code: string('The code associated with the Cloud PC status.'),
  message: string('The status message.')
}, 'Extended details of a Cloud PC action status.')

export const CloudPcStatusDetailsSchema = complexType('cloudPcStatusDetails', {
  additionalInformation: collection(KeyValuePairSchema, 'Any additional information about the Cloud PC status.'),
  code: string('The code associated with the Cloud PC status.'),
  message: string('The status details message.')
}, 'Details of a Cloud PC status (deprecated: use statusDetail).')

export const CloudPcRemoteActionResultSchema = complexType('cloudPcRemoteActionResult', {
  actionName: string('The action: Reboot, Rename, Reprovision, Resize, Restore, Troubleshoot.'),
  actionState: enumProperty(ActionStateSchema, 'State of the action.'),
  cloudPcId: string('ID of the Cloud PC on which the remote action is performed.'),
  lastUpdatedDateTime: dateTime('Last update time for the action.'),
  managedDeviceId: string('ID of the Intune managed device on which the remote action is performed.'),
  startDateTime: dateTime('Time the action was initiated.'),
  statusDetail: complexProperty(CloudPcStatusDetailSchema, 'Extended details of the action status: code, message, additional information.'),
  statusDetails: complexProperty(CloudPcStatusDetailsSchema, 'Details of the Cloud PC status; deprecated, use statusDetail.')
}, 'Result of a remote action on a Cloud PC.')
export type CloudPcRemoteActionResult = Static<typeof CloudPcRemoteActionResultSchema>

export const ChromeOSDevicePropertySchema = complexType('chromeOSDeviceProperty', {
  name: string('Name of the property.'),
  updatable: boolean('Whether this property is updatable.'),
  value: string('Value of the property.'),
  valueType: string('Type of the value.')
}, 'A property of a ChromeOS device.')
export type ChromeOSDeviceProperty = Static<typeof ChromeOSDevicePropertySchema>

export const ConfigurationManagerClientEnabledFeaturesSchema = complexType('configurationManagerClientEnabledFeatures', {
  compliancePolicy: boolean('Whether compliance policy is managed by Intune.'),
  deviceConfiguration: boolean('Whether device configuration is managed by Intune.'),
  endpointProtection: boolean('Whether Endpoint Protection is managed by Intune.'),
  inventory: boolean('Whether inventory is managed by Intune.'),
  modernApps: boolean('Whether modern application is managed by Intune.'),
  officeApps: boolean('Whether Office application is managed by Intune.'),
  resourceAccess: boolean('Whether resource access is managed by Intune.'),
  windowsUpdateForBusiness: boolean('Whether Windows Update for Business is managed by Intune.')
}, 'Configuration Manager client enabled features.')
export type ConfigurationManagerClientEnabledFeatures = Static<typeof ConfigurationManagerClientEnabledFeaturesSchema>

export const ConfigurationManagerClientHealthStateSchema = complexType('configurationManagerClientHealthState', {
  errorCode: int32('Error code for failed state.'),
  lastSyncDateTime: dateTime('Last sync with the Configuration Manager management point.'),
  state: enumProperty(ConfigurationManagerClientStateSchema, 'Configuration Manager client state.')
}, 'Configuration Manager client health state.')
export type ConfigurationManagerClientHealthState = Static<typeof ConfigurationManagerClientHealthStateSchema>

export const ConfigurationManagerClientInformationSchema = complexType('configurationManagerClientInformation', {
  clientIdentifier: string('Configuration Manager client ID from SCCM.'),
  clientVersion: string('Configuration Manager client version from SCCM.'),
  isBlocked: boolean('Configuration Manager client blocked status from SCCM.')
}, 'Configuration Manager client information.')
export type ConfigurationManagerClientInformation = Static<typeof ConfigurationManagerClientInformationSchema>

export const DeviceHealthAttestationStateSchema = complexType('deviceHealthAttestationState', {
  attestationIdentityKey: string('Whether an Attestation Identity Key (AIK) is present, i.e. the device has an endorsement key certificate.'),
  bitLockerStatus: string('On or Off of BitLocker Drive Encryption.'),
  bootAppSecurityVersion: string('Security version number of the Boot Application.'),
  bootDebugging: string('When bootDebugging is enabled, the device is used in development and testing.'),
  bootManagerSecurityVersion: string('Security version number of the Boot Manager.'),
  bootManagerVersion: string('Version of the Boot Manager.'),
  bootRevisionListInfo: string('Boot Revision List loaded during initial boot on the attested device.'),
  codeIntegrity: string('When code integrity is enabled, code execution is restricted to integrity verified code.'),
  codeIntegrityCheckVersion: string('Version of the code integrity check.'),
  codeIntegrityPolicy: string('Code Integrity policy that controls the security of the boot environment.'),
  contentNamespaceUrl: string('DHA report version (namespace version).'),
  contentVersion: string('HealthAttestation state schema version.'),
  dataExcutionPolicy: string('DEP policy: hardware and software checks on memory.'),
  deviceHealthAttestationStatus: string('DHA report version (namespace version).'),
  earlyLaunchAntiMalwareDriverProtection: string('ELAM protection of the device at start-up.'),
  firmwareProtection: enumProperty(FirmwareProtectionTypeSchema, 'Firmware protection type, from Microsoft Azure Attestation (Windows 11).'),
  healthAttestationSupportedStatus: string('Whether DHA is supported for the device.'),
  healthStatusMismatchInfo: string('Appears if the DHA service detects an integrity issue.'),
  issuedDateTime: dateTime('When the device was evaluated or issued to MDM.'),
  lastUpdateDateTime: string('Timestamp of the last update.'),
  memoryAccessProtection: enumProperty(AzureAttestationSettingStatusSchema, 'Memory access protection, from Microsoft Azure Attestation (Windows 11).'),
  memoryIntegrityProtection: enumProperty(AzureAttestationSettingStatusSchema, 'Memory integrity protection, from Microsoft Azure Attestation (Windows 11).'),
  operatingSystemKernelDebugging: string('When operatingSystemKernelDebugging is enabled, the device is used in development and testing.'),
  operatingSystemRevListInfo: string('Operating System Revision List loaded during initial boot on the attested device.'),
  pcr0: string('Measurement captured in PCR[0].'),
  pcrHashAlgorithm: string('HASH algorithm used by the TPM.'),
  resetCount: int64('Number of times the device has hibernated or resumed.'),
  restartCount: int64('Number of times the device has rebooted.'),
  safeMode: string('Safe mode: Windows started in a limited state.'),
  secureBoot: string('When Secure Boot is enabled, the core components must have the correct cryptographic signatures.'),
  secureBootConfigurationPolicyFingerPrint: string('Fingerprint of the Custom Secure Boot Configuration Policy.'),
  securedCorePC: enumProperty(AzureAttestationSettingStatusSchema, 'Secured-core PC, from Microsoft Azure Attestation (Windows 11).'),
  systemManagementMode: enumProperty(SystemManagementModeLevelSchema, 'System Management Mode level, from Microsoft Azure Attestation (Windows 11).'),
  testSigning: string('When test signing is allowed, the device does not enforce signature validation during boot.'),
  tpmVersion: string('Security version number of the TPM.'),
  virtualizationBasedSecurity: enumProperty(AzureAttestationSettingStatusSchema, 'Virtualization-based security, from Microsoft Azure Attestation (Windows 11).'),
  virtualSecureMode: string('Virtual Secure Mode: enabled, disabled or notApplicable; deprecated, use virtualizationBasedSecurity.'),
  windowsPE: string('Operating system running with limited services, used to prepare a computer for Windows.')
}, 'Device health attestation state of a Windows device.')
export type DeviceHealthAttestationState = Static<typeof DeviceHealthAttestationStateSchema>

// managedDevice: the 83 properties of the beta metadata, in its (alphabetical) order.
const managedDeviceProperties = {
  aadRegistered: boolean('Whether the device is Azure Active Directory registered.'),
  activationLockBypassCode: string('Code that bypasses the Activation Lock; returned by a GET of one device with $select.'),
  androidSecurityPatchLevel: string('Android security patch level.'),
  autopilotEnrolled: boolean('Whether the device was enrolled through Autopilot.'),
  azureActiveDirectoryDeviceId: string('Unique identifier of the device in Azure Active Directory.'),
  azureADDeviceId: string('Unique identifier of the device in Azure Active Directory.'),
  azureADRegistered: boolean('Whether the device is Azure Active Directory registered.'),
  bootstrapTokenEscrowed: boolean('Whether the macOS device has escrowed a Bootstrap Token with Intune.'),
  chassisType: enumProperty(ChassisTypeSchema, 'Chassis type.'),
  chromeOSDeviceInfo: collection(ChromeOSDevicePropertySchema, 'Properties of the ChromeOS device; empty by default.'),
  cloudPcRemoteActionResults: collection(CloudPcRemoteActionResultSchema, 'Remote actions on the Cloud PC and their results.'),
  complianceGracePeriodExpirationDateTime: dateTime('When the device compliance grace period expires.'),
  complianceState: enumProperty(ComplianceStateSchema, 'Compliance state.'),
  configurationManagerClientEnabledFeatures: complexProperty(ConfigurationManagerClientEnabledFeaturesSchema, 'Configuration Manager client enabled features.'),
  configurationManagerClientHealthState: complexProperty(ConfigurationManagerClientHealthStateSchema, 'Configuration Manager client health state, for devices managed by MDM/ConfigMgr Agent.'),
  configurationManagerClientInformation: complexProperty(ConfigurationManagerClientInformationSchema, 'Configuration Manager client information, for devices managed by the ConfigMgr Agent.'),
  deviceActionResults: collection(DeviceActionResultSchema, 'Results of the device actions run on the device.'),
  deviceCategoryDisplayName: string("Device category display name. Supports $filter operator 'eq' and 'or'."),
  deviceEnrollmentType: enumProperty(DeviceEnrollmentTypeSchema, 'How the device was added to management.'),
  deviceFirmwareConfigurationInterfaceManaged: boolean('Whether the device is DFCI managed; default false.'),
  deviceHealthAttestationState: complexProperty(DeviceHealthAttestationStateSchema, 'The device health attestation state.'),
  deviceName: string("Name of the device. Supports $filter operator 'eq' and 'contains'."),
  deviceRegistrationState: enumProperty(DeviceRegistrationStateSchema, 'Device registration status.'),
  deviceType: enumProperty(DeviceTypeSchema, 'Device type (platform).'),
  easActivated: boolean('Whether the device is Exchange ActiveSync activated.'),
  easActivationDateTime: dateTime('Exchange ActiveSync activation time of the device.'),
  easDeviceId: string('Exchange ActiveSync ID of the device.'),
  emailAddress: string('Email(s) for the user associated with the device.'),
  enrolledByUserPrincipalName: string('User principal name of the user who enrolled the device.'),
  enrolledDateTime: dateTime("Enrollment time of the device. Supports $filter operator 'lt' and 'gt'."),
  enrollmentProfileName: string('Name of the enrollment profile assigned to the device; empty string when none.'),
  ethernetMacAddress: string('Ethernet MAC address; returned by a GET of one device with $select.'),
  exchangeAccessState: enumProperty(DeviceManagementExchangeAccessStateSchema, 'Device Exchange access state.'),
  exchangeAccessStateReason: enumProperty(DeviceManagementExchangeAccessStateReasonSchema, 'Device Exchange access state reason.'),
  exchangeLastSuccessfulSyncDateTime: dateTime('Last time the device contacted Exchange.'),
  freeStorageSpaceInBytes: int64('Free storage in bytes; default 0.'),
  hardwareInformation: complexProperty(HardwareInformationSchema, 'Hardware details (storage, manufacturer, serial number...); returned in full by a GET of one device with $select.'),
  iccid: string('Integrated Circuit Card Identifier of the SIM card.', ''),
  imei: string('IMEI.'),
  isEncrypted: boolean('Device encryption status.'),
  isSupervised: boolean('Device supervised status.'),
  jailBroken: string("Whether the device is jailbroken or rooted. Supports $filter operator 'eq' and 'or'."),
  joinType: enumProperty(JoinTypeSchema, 'Device enrollment join type.'),
  lastSyncDateTime: dateTime("When the device last synced with Intune. Supports $filter operator 'lt' and 'gt'."),
  lostModeState: enumProperty(LostModeStateSchema, 'Whether lost mode is enabled or disabled.'),
  managedDeviceName: string('Automatically generated name that identifies the device; can be overwritten with a friendly name.'),
  managedDeviceOwnerType: enumProperty(ManagedDeviceOwnerTypeSchema, 'Owner type of the device.'),
  managementAgent: enumProperty(ManagementAgentTypeSchema, 'Management agent type.'),
  managementCertificateExpirationDate: dateTime('Expiration date of the device management certificate.'),
  managementFeatures: enumProperty(ManagedDeviceManagementFeaturesSchema, 'Device management features.'),
  managementState: enumProperty(ManagementStateSchema, 'Management state of the device in Microsoft Intune.'),
  manufacturer: string('Manufacturer of the device.'),
  meid: string('MEID.'),
  model: string('Model of the device.'),
  notes: string('Notes on the device by an IT admin; returned by a GET of one device with $select.'),
  operatingSystem: string('Operating system of the device: Windows, iOS, etc.'),
  osVersion: string('Operating system version of the device.'),
  ownerType: enumProperty(OwnerTypeSchema, 'Owner type of the device.'),
  partnerReportedThreatState: enumProperty(ManagedDevicePartnerReportedHealthStateSchema, 'Threat state reported by a Mobile Threat Defense partner.'),
  phoneNumber: string('Phone number of the device.'),
  physicalMemoryInBytes: int64('Total memory in bytes; default 0.', 0),
  preferMdmOverGroupPolicyAppliedDateTime: dateTime('When the preferMdmOverGroupPolicy setting was set.'),
  processorArchitecture: enumProperty(ManagedDeviceArchitectureSchema, 'Processor architecture.'),
  remoteAssistanceSessionErrorDetails: string('Error that identifies issues when creating Remote Assistance session objects.'),
  remoteAssistanceSessionUrl: string('URL that establishes a Remote Assistance session with the device; empty string by default.', ''),
  requireUserEnrollmentApproval: boolean('Whether the managed iOS device is user approval enrollment.'),
  retireAfterDateTime: dateTime('When the device will be retired by a scheduled action.'),
  roleScopeTagIds: collection(Type.String(), 'Scope tag IDs of the device.'),
  securityPatchLevel: string('Security patch level of the operating system: (a) on iOS/macOS, 2017-08-07 on Android.'),
  serialNumber: string('Serial number.'),
  skuFamily: string('Device SKU family.'),
  skuNumber: int32('Device SKU number (GetProductInfo), 0 to 2147483647.'),
  specificationVersion: string('Specification version.'),
  subscriberCarrier: string('Subscriber carrier.'),
  totalStorageSpaceInBytes: int64('Total storage in bytes.'),
  udid: string('Unique Device Identifier of iOS and macOS devices; empty string by default.', ''),
  userDisplayName: string('User display name.'),
  userId: string('Unique identifier of the user associated with the device.'),
  userPrincipalName: string('Device user principal name.'),
  usersLoggedOn: collection(LoggedOnUserSchema, 'The last logged on users of the device.'),
  wiFiMacAddress: string('Wi-Fi MAC address.'),
  windowsActiveMalwareCount: int32('Count of active malware on this Windows device; default 0.', 0),
  windowsRemediatedMalwareCount: int32('Count of remediated malware on this Windows device; default 0.', 0)
}

/** A managed device as Graph returns it, with its id. */
export const ManagedDeviceSchema = Type.Object({
  id: Type.String({ [ODATA_TYPE_KEYWORD]: 'Edm.String', description: 'Unique identifier of the device.' }),
  ...managedDeviceProperties
}, { additionalProperties: false, [ODATA_TYPE_KEYWORD]: QUALIFIED_NAME, description: 'A device managed or pre-enrolled through Intune.' })
export type ManagedDevice = Static<typeof ManagedDeviceSchema>

/** A stored record: the same without id (the id is the store's key and the URL's). */
export const ManagedDeviceRecordSchema = Type.Object(managedDeviceProperties, {
  additionalProperties: false,
  [ODATA_TYPE_KEYWORD]: QUALIFIED_NAME,
  description: 'A device managed or pre-enrolled through Intune, without its id.'
})
export type ManagedDeviceRecord = Static<typeof ManagedDeviceRecordSchema>

/** Every property but id at its empty value: null, or [] for a collection; fills records that leave properties out. */
export const MANAGED_DEVICE_EMPTY = Object.freeze(Object.fromEntries(
  Object.entries(ManagedDeviceSchema.properties)
    .filter(([name]) => name !== 'id')
    .map(([name, schema]) => [name, KindGuard.IsArray(schema) ? Object.freeze([]) : null])
)) as unknown as Readonly<ManagedDeviceRecord>

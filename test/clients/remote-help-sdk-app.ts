/**
 * A Remote Help app on Graph beta's official TypeScript SDK (@microsoft/msgraph-beta-sdk
 * 1.0.0-preview.81): its GraphBetaRequestAdapter, a token from @azure/identity, the generated
 * models' factories and serializers, and Graph's errors mapped to the generated ODataError.
 * The deviceManagement and users fluent packages are not published, so each request is built as
 * their request builders build it (kiota-abstractions' apiClientProxifier): the builder's URL
 * template, HTTP method, Accept header and adapter call. Its first call is a Remote Help app's
 * device list: a page of the Windows devices with $filter, $select, $top and $count. Configured only by environment; prints
 * one JSON object with what the app read, Dates marked as {"$date": ISO string}.
 */
import { HttpMethod, RequestInformation, type Parsable, type ParsableFactory, type RequestConfiguration } from '@microsoft/kiota-abstractions'
import {
  createManagedDeviceCollectionResponseFromDiscriminatorValue,
  createManagedDeviceFromDiscriminatorValue,
  createRemoteAssistancePartnerCollectionResponseFromDiscriminatorValue,
  createRemoteAssistancePartnerFromDiscriminatorValue,
  createRemoteAssistanceSettingsFromDiscriminatorValue,
  serializeRemoteAssistanceSettings,
  type ManagedDevice,
  type ManagedDeviceCollectionResponse,
  type RemoteAssistancePartner,
  type RemoteAssistancePartnerCollectionResponse,
  type RemoteAssistanceSettings
} from '@microsoft/msgraph-beta-sdk/models/index.js'
import type { ODataError } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js'
import { COLLECTION_QUERY, COLLECTION_QUERY_MAPPER, ERROR_MAPPINGS, ITEM_QUERY, ITEM_QUERY_MAPPER, betaAdapter } from './beta-sdk.js'

// The request builders' URL templates, from microsoftgraph/msgraph-beta-sdk-typescript,
// packages/msgraph-beta-sdk-deviceManagement/deviceManagement/… and packages/msgraph-beta-sdk-users/users/item/….
const MANAGED_DEVICES = `{+baseurl}/deviceManagement/managedDevices${COLLECTION_QUERY}`
const MANAGED_DEVICE = `{+baseurl}/deviceManagement/managedDevices/{managedDevice%2Did}${ITEM_QUERY}`
const REQUEST_REMOTE_ASSISTANCE = '{+baseurl}/deviceManagement/managedDevices/{managedDevice%2Did}/requestRemoteAssistance'
const USER_MANAGED_DEVICES = `{+baseurl}/users/{user%2Did}/managedDevices${COLLECTION_QUERY}`
const PARTNERS = `{+baseurl}/deviceManagement/remoteAssistancePartners${COLLECTION_QUERY}`
const PARTNER = `{+baseurl}/deviceManagement/remoteAssistancePartners/{remoteAssistancePartner%2Did}${ITEM_QUERY}`
const BEGIN_ONBOARDING = '{+baseurl}/deviceManagement/remoteAssistancePartners/{remoteAssistancePartner%2Did}/beginOnboarding'
const DISCONNECT = '{+baseurl}/deviceManagement/remoteAssistancePartners/{remoteAssistancePartner%2Did}/disconnect'
const SETTINGS = `{+baseurl}/deviceManagement/remoteAssistanceSettings${ITEM_QUERY}`

const adapter = betaAdapter()

/** A RequestInformation as a builder's toGetRequestInformation (and its siblings) makes it. */
function request (
  method: HttpMethod,
  uriTemplate: string,
  pathParameters: Record<string, string> = {},
  queryParametersMapper?: Record<string, string>,
  configuration?: RequestConfiguration<object>
): RequestInformation {
  const info = new RequestInformation(method, uriTemplate, { baseurl: adapter.baseUrl, ...pathParameters })
  info.configure(configuration, queryParametersMapper)
  info.headers.tryAdd('Accept', 'application/json')
  return info
}

/** adapter.send, typed as the builder's method declares its answer (the factories are typed for any Parsable). */
const send = <T extends Parsable> (info: RequestInformation, factory: ParsableFactory<Parsable>) =>
  adapter.send(info, factory as ParsableFactory<T>, ERROR_MAPPINGS)

/** The query parameters of a collection builder's GET (ManagedDevicesRequestBuilderGetQueryParameters and its siblings). */
interface CollectionQuery { count?: boolean, filter?: string, orderby?: string[], select?: string[], skip?: number, top?: number }

const sdk = {
  listDevices: (configuration?: RequestConfiguration<CollectionQuery>) =>
    send<ManagedDeviceCollectionResponse>(request(HttpMethod.GET, MANAGED_DEVICES, {}, COLLECTION_QUERY_MAPPER, configuration), createManagedDeviceCollectionResponseFromDiscriminatorValue),
  getDevice: (id: string, configuration?: RequestConfiguration<{ select?: string[] }>) =>
    send<ManagedDevice>(request(HttpMethod.GET, MANAGED_DEVICE, { 'managedDevice%2Did': id }, ITEM_QUERY_MAPPER, configuration), createManagedDeviceFromDiscriminatorValue),
  listUserDevices: (userId: string) =>
    send<ManagedDeviceCollectionResponse>(request(HttpMethod.GET, USER_MANAGED_DEVICES, { 'user%2Did': userId }, COLLECTION_QUERY_MAPPER), createManagedDeviceCollectionResponseFromDiscriminatorValue),
  requestRemoteAssistance: (id: string) =>
    adapter.sendNoResponseContent(request(HttpMethod.POST, REQUEST_REMOTE_ASSISTANCE, { 'managedDevice%2Did': id }), ERROR_MAPPINGS),
  listPartners: () =>
    send<RemoteAssistancePartnerCollectionResponse>(request(HttpMethod.GET, PARTNERS, {}, COLLECTION_QUERY_MAPPER), createRemoteAssistancePartnerCollectionResponseFromDiscriminatorValue),
  getPartner: (id: string) =>
    send<RemoteAssistancePartner>(request(HttpMethod.GET, PARTNER, { 'remoteAssistancePartner%2Did': id }, ITEM_QUERY_MAPPER), createRemoteAssistancePartnerFromDiscriminatorValue),
  beginOnboarding: (id: string) =>
    adapter.sendNoResponseContent(request(HttpMethod.POST, BEGIN_ONBOARDING, { 'remoteAssistancePartner%2Did': id }), ERROR_MAPPINGS),
  disconnect: (id: string) =>
    adapter.sendNoResponseContent(request(HttpMethod.POST, DISCONNECT, { 'remoteAssistancePartner%2Did': id }), ERROR_MAPPINGS),
  getSettings: () =>
    send<RemoteAssistanceSettings>(request(HttpMethod.GET, SETTINGS, {}, ITEM_QUERY_MAPPER), createRemoteAssistanceSettingsFromDiscriminatorValue),
  updateSettings: (body: RemoteAssistanceSettings) => {
    const info = request(HttpMethod.PATCH, SETTINGS)
    info.setContentFromParsable(adapter, 'application/json', body, serializeRemoteAssistanceSettings)
    return send<RemoteAssistanceSettings>(info, createRemoteAssistanceSettingsFromDiscriminatorValue)
  }
}

/** What a failed call surfaced as, read through the generated ODataError (Graph's `error` is its `errorEscaped`). */
async function failure (call: Promise<unknown>) {
  try {
    await call
    return { thrown: false }
  } catch (thrown) {
    const error = thrown as ODataError
    return {
      thrown: true,
      isODataError: typeof error.errorEscaped?.code === 'string',
      isError: thrown instanceof Error,
      responseStatusCode: error.responseStatusCode,
      code: error.errorEscaped?.code,
      message: error.message,
      innerErrorRequestId: error.errorEscaped?.innerError?.requestId,
      innerErrorDate: error.errorEscaped?.innerError?.date?.toISOString(),
      requestIdHeader: error.responseHeaders?.['request-id']?.[0]
    }
  }
}

const mustHave = <T> (value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Error(`the SDK read no ${what}`)
  return value
}

/** What a Remote Help app shows of a device, with the SDK's own types made visible. */
const deviceSummary = (device: ManagedDevice) => ({
  id: device.id,
  deviceName: device.deviceName,
  operatingSystem: device.operatingSystem,
  complianceState: device.complianceState,
  lastSyncDateTime: device.lastSyncDateTime?.toISOString(),
  lastSyncIsDate: device.lastSyncDateTime instanceof Date,
  usersLoggedOn: device.usersLoggedOn?.length,
  firstLogOnIsDate: device.usersLoggedOn?.[0]?.lastLogOnDateTime instanceof Date,
  // Not hardwareInformation's, which a list shows only at its defaults.
  serialNumber: device.serialNumber
})

// What a Remote Help app asks first: a page of the Windows devices, with the properties it shows, and how many there are.
const WINDOWS_SELECT = ['id', 'deviceName', 'operatingSystem', 'osVersion', 'complianceState', 'userPrincipalName', 'lastSyncDateTime']
const windows = await sdk.listDevices({ queryParameters: { filter: "operatingSystem eq 'Windows'", select: WINDOWS_SELECT, top: 2, count: true } })
const devices = await sdk.listDevices()
const first = mustHave(devices?.value?.[0], 'first device')
const firstId = mustHave(first.id, 'device id')
const fetched = await sdk.getDevice(firstId)
const userId = mustHave(first.userId, 'userId')
const userDevices = await sdk.listUserDevices(userId)

await sdk.requestRemoteAssistance(firstId)
// The docs: the URL comes back only on a GET by id that selects it; a plain GET reads ''.
const afterAssistance = mustHave(await sdk.getDevice(firstId, { queryParameters: { select: ['id', 'remoteAssistanceSessionUrl'] } }), 'device after requestRemoteAssistance')
const afterAssistanceUnselected = mustHave(await sdk.getDevice(firstId), 'device read without $select')

const partners = await sdk.listPartners()
const partner = mustHave(partners?.value?.find((candidate) => candidate.onboardingStatus === 'notOnboarded'), 'partner not onboarded')
const partnerId = mustHave(partner.id, 'partner id')
await sdk.beginOnboarding(partnerId)
const onboarding = mustHave(await sdk.getPartner(partnerId), 'partner after beginOnboarding')
await sdk.disconnect(partnerId)
const disconnected = mustHave(await sdk.getPartner(partnerId), 'partner after disconnect')

const settingsBefore = mustHave(await sdk.getSettings(), 'settings')
const patched = mustHave(await sdk.updateSettings({ blockChat: true }), 'settings PATCH answer')
const settingsAfter = mustHave(await sdk.getSettings(), 'settings after PATCH')

const notFound = await failure(sdk.getDevice('00000000-0000-0000-0000-000000000000'))

const results = {
  windows: {
    select: WINDOWS_SELECT,
    count: windows?.odataCount,
    nextLink: windows?.odataNextLink,
    // The models as the SDK holds them, to show which properties the deserializer set.
    models: windows?.value,
    // What the collection answer held beside value, count and nextLink.
    additionalData: windows?.additionalData
  },
  devices: {
    count: devices?.value?.length,
    nextLink: devices?.odataNextLink,
    first: deviceSummary(first),
    // Every device as the SDK's model holds it, for comparison with the fixtures.
    all: devices?.value
  },
  fetched: fetched === undefined ? undefined : deviceSummary(fetched),
  fetchedModel: fetched,
  userDevices: {
    userId,
    count: userDevices?.value?.length,
    userIds: userDevices?.value?.map((device) => device.userId),
    ids: userDevices?.value?.map((device) => device.id)
  },
  remoteAssistance: {
    before: first.remoteAssistanceSessionUrl,
    after: afterAssistance.remoteAssistanceSessionUrl,
    afterModel: afterAssistance,
    unselected: afterAssistanceUnselected.remoteAssistanceSessionUrl
  },
  partners: {
    all: partners?.value,
    id: partnerId,
    before: partner.onboardingStatus,
    onboarding: onboarding.onboardingStatus,
    onboardingRequestExpiryDateTime: onboarding.onboardingRequestExpiryDateTime?.toISOString(),
    disconnected: disconnected.onboardingStatus
  },
  settings: { before: settingsBefore, patched, after: settingsAfter },
  notFound
}
// JSON.stringify calls a Date's toJSON before the replacer sees it, so the replacer looks at the holder's own value.
process.stdout.write(JSON.stringify(results, function (this: Record<string, unknown>, key, value: unknown) {
  const raw = this[key]
  return raw instanceof Date ? { $date: raw.toISOString() } : value
}))

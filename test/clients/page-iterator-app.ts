/**
 * An app that walks every managed device with @microsoft/msgraph-sdk-core's PageIterator on
 * Graph beta's official TypeScript SDK (@microsoft/msgraph-beta-sdk 1.0.0-preview.81): the
 * first page read as the managedDevices request builder reads it (its URL template, query
 * parameter mapper and request configuration), the rest by the iterator following each
 * `@odata.nextLink` through the same GraphBetaRequestAdapter, which sends the token only to the
 * hosts it allows. Configured only by environment: PAGE_SIZE is the `Prefer: odata.maxpagesize`
 * of the first walk, over every device; FILTER, ORDER_BY and TOP are the options of the second.
 * Prints one JSON object: each walk's ids in the order the iterator gave them, how many
 * devices each page held, and what it threw, if it threw.
 */
import { Headers, HttpMethod, RequestInformation, type ParsableFactory, type ParseNode, type RequestConfiguration } from '@microsoft/kiota-abstractions'
import { createManagedDeviceCollectionResponseFromDiscriminatorValue, type ManagedDevice, type ManagedDeviceCollectionResponse } from '@microsoft/msgraph-beta-sdk/models/index.js'
import type { ODataError } from '@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js'
import { PageIterator, type PageCollection, type PagingRequestOptions } from '@microsoft/msgraph-sdk-core'
import { COLLECTION_QUERY, COLLECTION_QUERY_MAPPER, ERROR_MAPPINGS, betaAdapter, env } from './beta-sdk.js'

const adapter = betaAdapter()

// The managedDevices request builder's URL template, from
// microsoftgraph/msgraph-beta-sdk-typescript, packages/msgraph-beta-sdk-deviceManagement/deviceManagement/managedDevices/index.ts.
const MANAGED_DEVICES = `{+baseurl}/deviceManagement/managedDevices${COLLECTION_QUERY}`
/** ManagedDevicesRequestBuilderGetQueryParameters, as far as this app uses it. */
interface DevicesQuery { count?: boolean, filter?: string, orderby?: string[], select?: string[], top?: number }

/** One walk: the ids in the order the iterator called back with them, and how many each page held. */
interface Walk {
  ids: string[]
  pageSizes: number[]
  firstPageCount?: number | null | undefined
  error?: { name: string, message: string, responseStatusCode?: number | undefined, code?: string | undefined }
}

/** The first page as the builder's GET reads it, then PageIterator over the rest, with `paging`'s headers on each next page. */
async function walk (configuration: RequestConfiguration<DevicesQuery>, paging: PagingRequestOptions): Promise<Walk> {
  const result: Walk = { ids: [], pageSizes: [] }
  // The JSON parse node calls the factory a few times with each page's root node: a new node is a new page.
  let pageNode: ParseNode | undefined
  const pageFactory: ParsableFactory<ManagedDeviceCollectionResponse> = (parseNode) => {
    if (parseNode !== pageNode) result.pageSizes.push(0)
    pageNode = parseNode
    return createManagedDeviceCollectionResponseFromDiscriminatorValue(parseNode)
  }
  try {
    const info = new RequestInformation(HttpMethod.GET, MANAGED_DEVICES, { baseurl: adapter.baseUrl })
    info.configure(configuration, COLLECTION_QUERY_MAPPER)
    info.headers.tryAdd('Accept', 'application/json')
    const first = await adapter.send<ManagedDeviceCollectionResponse>(info, pageFactory, ERROR_MAPPINGS)
    if (first === undefined) throw new Error('the SDK read no first page')
    result.firstPageCount = first.odataCount
    const collect = (device: ManagedDevice) => {
      result.ids.push(device.id ?? '')
      const page = result.pageSizes.length - 1
      result.pageSizes[page] = (result.pageSizes[page] ?? 0) + 1
      return true
    }
    // The iterator types its pages as PageCollection, whose value is never null; the generated response's may be.
    const pages = pageFactory as ParsableFactory<PageCollection<ManagedDevice>>
    const iterator = new PageIterator<ManagedDevice>(adapter, first as PageCollection<ManagedDevice>, collect, pages, ERROR_MAPPINGS, paging)
    await iterator.iterate()
    if (iterator.getPagingState() !== 'Complete') throw new Error(`the iterator stopped in state ${iterator.getPagingState()}`)
  } catch (thrown) {
    const error = thrown as ODataError
    result.error = {
      name: error.name,
      message: error.message,
      responseStatusCode: error.responseStatusCode,
      code: error.errorEscaped?.code ?? undefined
    }
  }
  return result
}

// The preference goes with the first request and, through the iterator's options, with every next one.
const prefer = `odata.maxpagesize=${env('PAGE_SIZE')}`
const everyDevice = await walk({ headers: { Prefer: prefer } }, { headers: new Headers([['Prefer', new Set([prefer])]]) })
const filtered = await walk({
  queryParameters: { filter: env('FILTER'), orderby: [env('ORDER_BY')], select: ['id', 'deviceName', 'operatingSystem'], top: Number(env('TOP')), count: true }
}, {})

process.stdout.write(JSON.stringify({ everyDevice, filtered }))

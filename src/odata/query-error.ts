/**
 * A query option Graph would refuse, with the message Graph gives; the resource kit answers it
 * as Graph's 400 BadRequest. The texts are ODataLib's (OData/odata.net, Microsoft.OData.Core
 * SRResources.resx) and ASP.NET Web API OData's (OData/WebApi SRResources.resx), the layers
 * Graph and Intune's services answer query options with; Graph prefixes `$filter`'s with
 * `Invalid filter clause: ` (as in microsoftgraph/msgraph-sdk-dotnet#2306).
 */
export class ODataQueryError extends Error {
  override name = 'ODataQueryError'
}

/** Web API OData's refusal of an option a service does not allow (`Search`, `Expand`), as Intune's services word it. */
export const optionNotAllowed = (option: string) =>
  new ODataQueryError(`The query specified in the URI is not valid. Query option '${option}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`)

export const optionNotSupported = (name: string) => new ODataQueryError(`The query parameter '${name}' is not supported.`)

export const optionRepeated = (name: string) =>
  new ODataQueryError(`Query option '${name}' was specified more than once, but it must be specified at most once.`)

export const notNonNegative = (option: '$top' | '$skip', value: string) =>
  new ODataQueryError(`Invalid value '${value}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`)

export const invalidCount = (value: string) => new ODataQueryError(`'${value}' is not a valid count option.`)

export const invalidSkipToken = () =>
  new ODataQueryError('Unable to parse the skiptoken value. Skiptoken value should always be server generated.')

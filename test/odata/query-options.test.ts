/** The query options as an app on managed devices meets them: what each option answers, and Graph's 400 for each one refused. */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { fixtureRules } from '../../src/resources/index.js'
import { loadFixtures } from '../../src/state/fixtures.js'
import { AUTH, JSON_AUTH, buildTestApp, stateOf } from '../helper.js'

const SET = 'deviceManagement.managedDevices'
const DEVICES = '/beta/deviceManagement/managedDevices'
const seed = await loadFixtures(new URL('../../fixtures', import.meta.url).pathname, fixtureRules())
type Device = Record<string, unknown> & { id: string }
const devices: Device[] = Object.entries(seed[SET] ?? {}).map(([id, record]) => ({ ...record, id }))

function deviceApp (t: TestContext) {
  return buildTestApp(t, stateOf(seed)).app
}

async function list (t: TestContext, query: string, headers: Record<string, string> = {}) {
  const res = await deviceApp(t).inject({ url: `${DEVICES}?${query}`, headers: { ...AUTH, ...headers } })
  return { res, body: res.json<{ value: Device[], '@odata.context': string, '@odata.count'?: number, '@odata.nextLink'?: string }>() }
}

const ids = (items: readonly Device[]) => items.map((device) => device.id)

describe('what each option answers', () => {
  test('$filter with $select, $top and $count, the first call of a Remote Help app', async (t) => {
    const windows = devices.filter((device) => device['operatingSystem'] === 'Windows')
    assert.ok(windows.length > 2)
    const { res, body } = await list(t, "$filter=operatingSystem eq 'Windows'&$select=id,deviceName&$top=2&$count=true")
    assert.equal(res.statusCode, 200)
    assert.equal(body['@odata.context'], 'http://localhost:80/beta/$metadata#deviceManagement/managedDevices(id,deviceName)')
    assert.equal(body['@odata.count'], windows.length)
    assert.deepEqual(body.value, windows.slice(0, 2).map((device) => ({ '@odata.type': '#microsoft.graph.managedDevice', id: device.id, deviceName: device['deviceName'] })))
    assert.match(String(body['@odata.nextLink']), /^http:\/\/localhost:80\/beta\/deviceManagement\/managedDevices\?\$filter=operatingSystem%20eq%20'Windows'&\$select=id%2CdeviceName&\$top=2&\$count=true&\$skiptoken=[\w-]+$/)
  })

  test('on beta the $ may be left out, and options are percent-encoded as the SDKs send them', async (t) => {
    const { body: bare } = await list(t, "filter=operatingSystem eq 'macOS'&select=id")
    const { body: encoded } = await list(t, '%24filter=operatingSystem%20eq%20%27macOS%27&%24select=id')
    const macs = devices.filter((device) => device['operatingSystem'] === 'macOS').map((device) => ({ '@odata.type': '#microsoft.graph.managedDevice', id: device.id }))
    assert.ok(macs.length > 0)
    assert.deepEqual(bare.value, macs)
    assert.deepEqual(encoded.value, macs)
  })

  test('$orderby sorts by several keys, dates as instants, and keeps the store\'s order among equals', async (t) => {
    const { body } = await list(t, '$orderby=operatingSystem desc,lastSyncDateTime&$select=id')
    const expected = [...devices].sort((a, b) =>
      String(b['operatingSystem']).toLowerCase().localeCompare(String(a['operatingSystem']).toLowerCase(), 'en') ||
      Date.parse(String(a['lastSyncDateTime'])) - Date.parse(String(b['lastSyncDateTime'])))
    assert.deepEqual(ids(body.value), ids(expected))
  })

  test('$skip then $top cut the matches; @odata.count counts them all', async (t) => {
    const { body } = await list(t, '$skip=3&$top=4&$count=true&$select=id')
    assert.deepEqual(ids(body.value), ids(devices.slice(3, 7)))
    assert.equal(body['@odata.count'], devices.length)
  })

  test('lambdas, in, not, functions and paths into complex types', async (t) => {
    const [first] = devices
    const user = (first?.['usersLoggedOn'] as Array<{ userId: string }>)[0]?.userId ?? ''
    const attested = devices.find((device) => device['deviceHealthAttestationState'] !== null)?.['deviceHealthAttestationState'] as { bootManagerVersion: string }
    const health = (device: Device) => device['deviceHealthAttestationState'] as { bootManagerVersion?: string } | null
    const cases: Array<[string, (device: Device) => boolean]> = [
      [`usersLoggedOn/any(u: u/userId eq '${user}')`, (device) => (device['usersLoggedOn'] as Array<{ userId: string }>).some((u) => u.userId === user)],
      ["operatingSystem in ('iOS', 'Android')", (device) => ['iOS', 'Android'].includes(String(device['operatingSystem']))],
      ["not startswith(deviceName, 'desktop')", (device) => !String(device['deviceName']).toLowerCase().startsWith('desktop')],
      [`deviceHealthAttestationState/bootManagerVersion eq '${attested.bootManagerVersion}'`, (device) => health(device)?.bootManagerVersion?.toLowerCase() === attested.bootManagerVersion.toLowerCase()],
      ["complianceState eq 'noncompliant' and lastSyncDateTime lt 2026-11-20T00:00:00Z", (device) => device['complianceState'] === 'noncompliant' && Date.parse(String(device['lastSyncDateTime'])) < Date.parse('2026-11-20T00:00:00Z')],
      ["contains(userPrincipalName, 'ADELE')", (device) => String(device['userPrincipalName']).toLowerCase().includes('adele')]
    ]
    for (const [filter, matches] of cases) {
      const { res, body } = await list(t, `$filter=${encodeURIComponent(filter)}&$select=id`)
      assert.equal(res.statusCode, 200, filter)
      const expected = devices.filter(matches)
      assert.ok(expected.length > 0 && expected.length < devices.length, `${filter} should match some devices, not all: ${expected.length}`)
      assert.deepEqual(ids(body.value), ids(expected), filter)
    }
  })

  test('a number with a type suffix (L, M, D, F, in either case) compares as the same number without it', async (t) => {
    const free = (device: Device) => Number(device['freeStorageSpaceInBytes'])
    const threshold = 150000000000
    const expected = ids(devices.filter((device) => free(device) > threshold))
    assert.ok(expected.length > 0 && expected.length < devices.length)
    for (const literal of ['150000000000', '150000000000L', '150000000000l', '150000000000M', '1.5e11m', '1.5E11D', '150000000000d', '1.5e11F', '150000000000f']) {
      const { res, body } = await list(t, `$filter=${encodeURIComponent(`freeStorageSpaceInBytes gt ${literal}`)}&$select=id`)
      assert.equal(res.statusCode, 200, `${literal}: ${res.body}`)
      assert.deepEqual(ids(body.value), expected, literal)
    }
    const equal = String(free(devices[0] ?? { id: '' }))
    for (const literal of [`${equal}L`, `-${equal}L`, `${equal}.0M`, `${equal}D`]) {
      const { body } = await list(t, `$filter=${encodeURIComponent(`freeStorageSpaceInBytes eq ${literal}`)}&$select=id`)
      assert.deepEqual(ids(body.value), literal.startsWith('-') ? [] : ids(devices.filter((device) => String(free(device)) === equal)), literal)
    }
    // A Double literal compares with a Decimal one, and an integer with either (ODataLib's promotions).
    const { res } = await list(t, `$filter=${encodeURIComponent('1M lt 2D and 1 lt 2M and 1L lt 2F')}&$select=id`)
    assert.deepEqual([res.statusCode, ids(res.json<{ value: Device[] }>().value)], [200, ids(devices)])
  })

  test('/$count is the number of $filter matches, as text', async (t) => {
    const res = await deviceApp(t).inject({ url: `${DEVICES}/$count?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}`, headers: AUTH })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/plain/)
    assert.equal(res.body, String(devices.filter((device) => device['operatingSystem'] === 'Windows').length))
  })

  test('$select on one device names it in the context, and only then shows remoteAssistanceSessionUrl', async (t) => {
    const app = deviceApp(t)
    const id = devices[0]?.id ?? ''
    const res = await app.inject({ url: `${DEVICES}/${id}?$select=deviceName`, headers: AUTH })
    assert.deepEqual(res.json(), {
      '@odata.context': 'http://localhost:80/beta/$metadata#deviceManagement/managedDevices(deviceName)/$entity',
      '@odata.type': '#microsoft.graph.managedDevice',
      deviceName: devices[0]?.['deviceName']
    })
  })

  test('three-valued logic: not, and and or of an unknown (null) value, as OData defines them', async (t) => {
    // Two devices whose encryption is unknown, beside encrypted ones and an unencrypted one.
    const records = Object.fromEntries(Object.entries(seed[SET] ?? {}).map(([id, record], index) => [id, index < 2 ? { ...record, isEncrypted: null } : record]))
    const app = buildTestApp(t, stateOf({ ...seed, [SET]: records })).app
    const matching = async (filter: string) => ids((await app.inject({ url: `${DEVICES}?$select=id&$filter=${encodeURIComponent(filter)}`, headers: AUTH })).json<{ value: Device[] }>().value)
    const where = (test: (value: unknown) => boolean) => Object.entries(records).filter(([, record]) => test(record['isEncrypted'])).map(([id]) => id)
    assert.deepEqual(await matching('not isEncrypted'), where((value) => value === false))
    assert.deepEqual(await matching('isEncrypted or true'), where(() => true))
    assert.deepEqual(await matching('not (isEncrypted and false)'), where(() => true))
    assert.deepEqual(await matching('not (isEncrypted or false)'), where((value) => value === false))
    assert.deepEqual(await matching('isEncrypted eq null'), where((value) => value === null))
  })

  test('date-times compare to the 100 ns tick, in any zone', async (t) => {
    const [device] = devices
    const synced = String(device?.['lastSyncDateTime'])
    const { body } = await list(t, `$filter=${encodeURIComponent(`lastSyncDateTime eq ${synced}`)}&$select=id`)
    assert.deepEqual(ids(body.value), ids(devices.filter((other) => other['lastSyncDateTime'] === synced)))
    const later = synced.replace(/Z$/, '.0000001Z')
    const { body: none } = await list(t, `$filter=${encodeURIComponent(`lastSyncDateTime ge ${later} and lastSyncDateTime le ${later}`)}&$select=id`)
    assert.deepEqual(none.value, [])
  })

  test('Prefer: odata.maxpagesize is read per preference; a parameter of another one is not it', async (t) => {
    const { res } = await list(t, '$select=id', { prefer: 'return=minimal; odata.maxpagesize=2' })
    assert.equal(res.headers['preference-applied'], undefined)
  })

  test('Prefer: odata.maxpagesize cuts the page and is acknowledged', async (t) => {
    const { res, body } = await list(t, '$select=id', { prefer: 'return=minimal, odata.maxpagesize=5' })
    assert.equal(res.headers['preference-applied'], 'odata.maxpagesize=5')
    assert.deepEqual(ids(body.value), ids(devices.slice(0, 5)))
    assert.ok(body['@odata.nextLink'])
  })
})

describe('refused with Graph\'s 400 BadRequest and the message ODataLib or Web API OData gives', () => {
  const cases: Array<[string, string]> = [
    ["$filter=foo eq 'x'", "Invalid filter clause: Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    ['$select=id,foo', "Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    ['$orderby=foo', "Could not find a property named 'foo' on type 'microsoft.graph.managedDevice'."],
    ["$filter=hardwareInformation/foo eq 'x'", "Invalid filter clause: Could not find a property named 'foo' on type 'microsoft.graph.hardwareInformation'."],
    ['$filter=deviceName eq', "Invalid filter clause: Expression expected at position 13 in 'deviceName eq'."],
    ["$filter=deviceName eq 'x", "Invalid filter clause: There is an unterminated string literal at position 14 in 'deviceName eq 'x'."],
    ["$filter=(deviceName eq 'x'", "Invalid filter clause: ')' or operator expected at position 18 in '(deviceName eq 'x''."],
    ["$filter=deviceName foo 'x'", "Invalid filter clause: Syntax error at position 11 in 'deviceName foo 'x''."],
    ['$filter=deviceName eq 1', "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'."],
    ["$filter=lastSyncDateTime gt '2026-01-01'", "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThan'."],
    ["$filter=complianceState eq 'bogus'", "Invalid filter clause: The string 'bogus' is not a valid enumeration type constant."],
    ["$filter=foo(deviceName, 'x')", "Invalid filter clause: An unknown function with name 'foo' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed."],
    ['$filter=contains(isEncrypted, 1)', "Invalid filter clause: No function signature for the function with name 'contains' matches the specified arguments. The function signatures considered are: contains(Edm.String Nullable=true, Edm.String Nullable=true)."],
    ['$filter=deviceName', 'Invalid filter clause: The $filter expression must evaluate to a single boolean value.'],
    ["$filter=usersLoggedOn/userId eq 'x'", "Invalid filter clause: The parent value for a property access of a property 'userId' is not a single value. Property access can only be applied to a single value."],
    ["$filter=deviceName/any(d: d eq 'x')", 'Invalid filter clause: Any/All may only be used following a collection.'],
    // ODataLib's BinaryOperatorBinder.GetOperandFromToken: a collection is no operand, whatever the other side, null too;
    // the left operand is refused before the right one is bound.
    ['$filter=usersLoggedOn ne null', "Invalid filter clause: The operand for a binary operator 'NotEqual' is not a single value. Binary operators require both operands to be single values."],
    ['$filter=usersLoggedOn eq null', "Invalid filter clause: The operand for a binary operator 'Equal' is not a single value. Binary operators require both operands to be single values."],
    ['$filter=null eq usersLoggedOn', "Invalid filter clause: The operand for a binary operator 'Equal' is not a single value. Binary operators require both operands to be single values."],
    ['$filter=usersLoggedOn eq foo', "Invalid filter clause: The operand for a binary operator 'Equal' is not a single value. Binary operators require both operands to be single values."],
    ['$filter=usersLoggedOn and true', "Invalid filter clause: The operand for a binary operator 'And' is not a single value. Binary operators require both operands to be single values."],
    ['$filter=true or usersLoggedOn', "Invalid filter clause: The operand for a binary operator 'Or' is not a single value. Binary operators require both operands to be single values."],
    // ODataLib's InBinder.GetSingleValueOperandFromToken
    ["$filter=usersLoggedOn in ('x')", 'Invalid filter clause: The left operand for the IN operation is not a single value. IN operations require the left operand to be a single value and the right operand to be a collection value.'],
    ['$top=-1', "Invalid value '-1' for $top query option found. The $top query option requires a non-negative integer value."],
    // A suffixed number is of its suffix's type (ODataLib's ExpressionLexer.ParseFromDigit), refused where that type is,
    // and its text must be one (UriQueryExpressionParser.ParseTypedLiteral, UriQueryExpressionParser_UnrecognizedLiteral).
    ['$filter=deviceName eq 1L', "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int64' for operator kind 'Equal'."],
    ['$filter=isEncrypted ne 1f', "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.Single' for operator kind 'NotEqual'."],
    ['$filter=lastSyncDateTime gt 1D', "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.Double' for operator kind 'GreaterThan'."],
    // A Double becomes a Decimal only as a literal (MetadataUtilsCommon.CanConvertPrimitiveTypeTo), a Decimal never a Double.
    ['$filter=hardwareInformation/batteryLevelPercentage gt 50M', "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Double' and 'Edm.Decimal' for operator kind 'GreaterThan'."],
    ['$filter=contains(deviceName, 1d)', "Invalid filter clause: No function signature for the function with name 'contains' matches the specified arguments. The function signatures considered are: contains(Edm.String Nullable=true, Edm.String Nullable=true)."],
    ['$filter=not 1l', "Invalid filter clause: A unary operator with an incompatible type was detected. Found operand type 'Edm.Int64' for operator kind 'Not'."],
    ['$filter=freeStorageSpaceInBytes gt 1.5L', "Invalid filter clause: Unrecognized 'Edm.Int64' literal '1.5L' at '27' in 'freeStorageSpaceInBytes gt 1.5L'."],
    ['$filter=freeStorageSpaceInBytes gt 1e3l', "Invalid filter clause: Unrecognized 'Edm.Int64' literal '1e3l' at '27' in 'freeStorageSpaceInBytes gt 1e3l'."],
    ['$filter=freeStorageSpaceInBytes lt 9223372036854775808L', "Invalid filter clause: Unrecognized 'Edm.Int64' literal '9223372036854775808L' at '27' in 'freeStorageSpaceInBytes lt 9223372036854775808L'."],
    ['$filter=freeStorageSpaceInBytes lt 1e30M', "Invalid filter clause: Unrecognized 'Edm.Decimal' literal '1e30M' at '27' in 'freeStorageSpaceInBytes lt 1e30M'."],
    ['$top=two', "Invalid value 'two' for $top query option found. The $top query option requires a non-negative integer value."],
    ['$skip=1.5', "Invalid value '1.5' for $skip query option found. The $skip query option requires a non-negative integer value."],
    ['$count=yes', "'yes' is not a valid count option."],
    ['$top=1&$top=2', "Query option '$top' was specified more than once, but it must be specified at most once."],
    ['$top=1&top=2', "Query option '$top' was specified more than once, but it must be specified at most once."],
    ['$expand=detectedApps', "The query specified in the URI is not valid. Query option 'Expand' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings."],
    ['$search=desktop', "The query specified in the URI is not valid. Query option 'Search' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings."],
    ['$foo=1', "The query parameter '$foo' is not supported."],
    // Graph's $deltatoken, which graph-mock does not serve: on beta its bare form is the option too.
    ['$deltatoken=x', "The query parameter '$deltatoken' is not supported."],
    ['deltatoken=x', "The query parameter '$deltatoken' is not supported."],
    ['deltaToken=x&$top=1', "The query parameter '$deltaToken' is not supported."],
    ['deltatoken=x&deltatoken=y', "Query option '$deltatoken' was specified more than once, but it must be specified at most once."],
    // Web API OData's ODataQueryOptions.BuildQueryOptions calls ThrowIfEmpty (String.IsNullOrWhiteSpace) on these
    // options alone, naming each with its $, before any value is parsed or any option validated.
    ['$filter=', "The value for OData query '$filter' cannot be empty."],
    ['$filter= ', "The value for OData query '$filter' cannot be empty."],
    ['filter=\t', "The value for OData query '$filter' cannot be empty."],
    ['$Filter=', "The value for OData query '$filter' cannot be empty."],
    ['$orderby=', "The value for OData query '$orderby' cannot be empty."],
    ['$top=', "The value for OData query '$top' cannot be empty."],
    ['$skip=\u3000', "The value for OData query '$skip' cannot be empty."],
    ['$count=', "The value for OData query '$count' cannot be empty."],
    ['$apply=', "The value for OData query '$apply' cannot be empty."],
    ['$filter=deviceName eq&$top=', "The value for OData query '$top' cannot be empty."],
    ['$orderby=usersLoggedOn', 'The $orderby expression must evaluate to a single value of primitive type.'],
    // Web API OData's OrderByDuplicateProperty: a path named twice, whatever the directions.
    ['$orderby=deviceName,deviceName', "Duplicate property named 'deviceName' is not supported in '$orderby'."],
    ['$orderby=deviceName asc,operatingSystem,deviceName desc', "Duplicate property named 'deviceName' is not supported in '$orderby'."],
    ['$orderby=hardwareInformation/serialNumber,hardwareInformation/serialNumber', "Duplicate property named 'hardwareInformation/serialNumber' is not supported in '$orderby'."],
    ['$skiptoken=bm9wZQ', 'Unable to parse the skiptoken value. Skiptoken value should always be server generated.'],
    // `not` binds tighter than a comparison (OData's precedence), so this negates a string.
    ["$filter=not deviceName eq 'x'", "Invalid filter clause: A unary operator with an incompatible type was detected. Found operand type 'Edm.String' for operator kind 'Not'."],
    ['$filter=lastSyncDateTime lt 2026-02-30T00:00:00Z', "Invalid filter clause: The DateTimeOffset text '2026-02-30T00:00:00Z' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range."],
    ['$filter=lastSyncDateTime lt 2026-01-01T24:00:00Z', "Invalid filter clause: The DateTimeOffset text '2026-01-01T24:00:00Z' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range."],
    ['$filter=lastSyncDateTime lt 2026-01-01T00:00:00+25:00', "Invalid filter clause: The DateTimeOffset text '2026-01-01T00:00:00+25:00' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range."],
    ['$filter=usersLoggedOn/any(a: usersLoggedOn/any(b: usersLoggedOn/any(c: usersLoggedOn/any(d: true))))', 'Invalid filter clause: Any/All expressions may be nested at most 3 deep.'],
    // ODataLib's UriQueryExpressionParser.ParseAnyAll: a range variable is in scope until its lambda closes.
    ["$filter=usersLoggedOn/any(u: usersLoggedOn/any(u: u/userId eq 'x'))", "Invalid filter clause: The range variable 'u' has already been declared."],
    ["$filter=usersLoggedOn/all(u: u/userId ne 'x' and usersLoggedOn/any(v: usersLoggedOn/any(u: true)))", "Invalid filter clause: The range variable 'u' has already been declared."],
    [`$select=${'x'.repeat(5000)}`, `Could not find a property named '${'x'.repeat(200)}…' on type 'microsoft.graph.managedDevice'.`]
  ]
  for (const [query, message] of cases) {
    test(query, async (t) => {
      const { res, body } = await list(t, query.split('&').map((part) => part.replace(/=(.*)$/, (_, value: string) => `=${encodeURIComponent(value)}`)).join('&'))
      assert.deepEqual([res.statusCode, (body as unknown as { error: { code: string, message: string } }).error.code, (body as unknown as { error: { message: string } }).error.message], [400, 'BadRequest', message])
    })
  }

  test('hostile filters: nesting past ODataLib\'s depth limit is refused, a long flat chain is served', async (t) => {
    const app = deviceApp(t)
    const deep = `${'('.repeat(3000)}deviceName eq 'x'${')'.repeat(3000)}`
    for (const filter of [deep, `${'not '.repeat(900)}isEncrypted`]) {
      const res = await app.inject({ url: `${DEVICES}?$filter=${encodeURIComponent(filter)}`, headers: AUTH })
      assert.deepEqual([res.statusCode, res.json().error.message], [400, 'Invalid filter clause: Recursion depth exceeded allowed limit.'])
    }
    const nested = `${'('.repeat(800)}deviceName eq 'x'${')'.repeat(800)}`
    assert.equal((await app.inject({ url: `${DEVICES}?$filter=${encodeURIComponent(nested)}`, headers: AUTH })).statusCode, 200)
    const chain = Array.from({ length: 700 }, (_, index) => `deviceName eq 'd${index}'`).join(' or ')
    const res = await app.inject({ url: `${DEVICES}?$filter=${encodeURIComponent(chain)}&$select=id`, headers: AUTH })
    assert.deepEqual([res.statusCode, res.json().value], [200, []])
    // Each link of a chain nests the tree one level deeper, so a chain past the limit is refused as deep nesting is:
    // 8,000 links, in a $batch item's URL that no header limit bounds, answered 500 once the binder's stack overflowed.
    const tooLong = (links: number, keyword: string) => Array.from({ length: links }, () => 'isEncrypted').join(` ${keyword} `)
    const batch = await app.inject({
      method: 'POST',
      url: '/beta/$batch',
      headers: JSON_AUTH,
      payload: { requests: [{ id: '1', method: 'GET', url: `/deviceManagement/managedDevices?$filter=${encodeURIComponent(tooLong(8000, 'or'))}` }, { id: '2', method: 'GET', url: `/deviceManagement/managedDevices?$filter=${encodeURIComponent(tooLong(8000, 'and'))}` }] }
    })
    assert.equal(batch.statusCode, 200)
    for (const item of batch.json<{ responses: Array<{ status: number, body: { error: { message: string } } }> }>().responses) {
      assert.deepEqual([item.status, item.body.error.message], [400, 'Invalid filter clause: Recursion depth exceeded allowed limit.'])
    }
    const mixed = `${'('.repeat(500)}${tooLong(400, 'or')}${')'.repeat(500)}`
    const refused = await app.inject({ url: `${DEVICES}?$filter=${encodeURIComponent(mixed)}`, headers: AUTH })
    assert.deepEqual([refused.statusCode, refused.json().error.message], [400, 'Invalid filter clause: Recursion depth exceeded allowed limit.'])
  })

  test('a filter that would take too many steps over its records is a 400, whether from nesting or from a wide body, and a long `in` is served', async (t) => {
    const app = deviceApp(t)
    const [device] = devices
    const refusal = [400, 'Invalid filter clause: The filter would take more than 10,000,000 steps over these records. Narrow it, or its any/all over long collections.']
    const answer = async (filter: string) => {
      const res = await app.inject({ url: `${DEVICES}?$filter=${encodeURIComponent(filter)}&$select=id`, headers: AUTH })
      return res.statusCode === 200 ? res.json().value : [res.statusCode, res.json().error.message]
    }
    const nested = "usersLoggedOn/any(a: usersLoggedOn/any(b: usersLoggedOn/any(c: c/userId eq 'nobody')))"
    assert.deepEqual(await answer(nested), [])
    // 2,000³ items for one device: minutes of a blocked event loop, had nothing stopped it.
    const usersLoggedOn = Array.from({ length: 2_000 }, (_, index) => ({ userId: `u${index}`, lastLogOnDateTime: '2026-11-30T00:00:00Z' }))
    assert.equal((await app.inject({ method: 'PATCH', url: `${DEVICES}/${device?.id ?? ''}`, headers: JSON_AUTH, payload: { usersLoggedOn } })).statusCode, 200)
    assert.deepEqual(await answer(nested), refusal)
    // 2,000 items, each tested by a body of 5,100 comparisons that match none (balanced, as the depth limit wants): no nesting, as many steps.
    const balanced = (terms: readonly string[]): string => terms.length === 1 ? terms[0] ?? '' : `(${balanced(terms.slice(0, terms.length / 2))} or ${balanced(terms.slice(terms.length / 2))})`
    assert.deepEqual(await answer(`usersLoggedOn/any(a: ${balanced(Array.from({ length: 5_100 }, (_, index) => `a/userId eq 'x${index}'`))})`), refusal)
    // An `in` is one step however long its list; each request counts its own.
    const list = Array.from({ length: 300 }, (_, index) => `'u${1_700 + index}'`).join(',')
    assert.deepEqual(await answer(`usersLoggedOn/any(a: a/userId in (${list}))`), [{ '@odata.type': '#microsoft.graph.managedDevice', id: device?.id }])
  })

  test('a query string that does not percent-decode is refused as an undecodable path is, never quoted as a $filter', async (t) => {
    const app = deviceApp(t)
    const answer = async (url: string) => {
      const res = await app.inject({ url, headers: AUTH })
      return [res.statusCode, res.json().error.code, res.json().error.message]
    }
    const undecodable = await answer(`${DEVICES}/%FF`)
    assert.deepEqual(undecodable, [400, 'BadRequest', 'The request URI is not valid: a percent-encoded sequence cannot be decoded.'])
    for (const query of ["$filter=deviceName%20eq%20'%FF'", '$filter=deviceName%20eq%20%27%E2%82%27', '$select=id&appTag=%zz', '%FFfoo=1', '$select=id%ED%A0%80']) {
      assert.deepEqual(await answer(`${DEVICES}?${query}`), undecodable, query)
      assert.deepEqual(await answer(`${DEVICES}/$count?${query}`), undecodable, `/$count?${query}`)
      assert.deepEqual(await answer(`${DEVICES}/${devices[0]?.id ?? ''}?${query}`), undecodable, `by id ?${query}`)
    }
    // An escaped % is a %: the value decodes, and is taken as sent.
    const { res, body } = await list(t, "$filter=deviceName%20eq%20'%25FF'&$select=id")
    assert.deepEqual([res.statusCode, body.value], [200, []])
  })

  test('an app\'s own parameter is never taken for an option, whatever its name', async (t) => {
    for (const name of ['constructor', '__proto__', 'toString', 'appTag']) {
      const { res } = await list(t, `${name}=1&$top=1`)
      assert.equal(res.statusCode, 200, `${name}: ${res.body}`)
    }
  })

  test('a range variable may be declared again once its lambda has closed, and in another case inside it', async (t) => {
    const user = (devices[0]?.['usersLoggedOn'] as Array<{ userId: string }>)[0]?.userId ?? ''
    const hasUser = (device: Device) => (device['usersLoggedOn'] as Array<{ userId: string }>).some((u) => u.userId === user)
    for (const filter of [`usersLoggedOn/any(u: u/userId eq 'x') or usersLoggedOn/any(u: u/userId eq '${user}')`, `usersLoggedOn/any(u: usersLoggedOn/any(U: U/userId eq u/userId and u/userId eq '${user}'))`]) {
      const { res, body } = await list(t, `$filter=${encodeURIComponent(filter)}&$select=id`)
      assert.equal(res.statusCode, 200, `${filter}: ${res.body}`)
      assert.deepEqual(ids(body.value), ids(devices.filter(hasUser)), filter)
    }
  })

  test('a device read by id takes $select alone', async (t) => {
    const app = deviceApp(t)
    const res = await app.inject({ url: `${DEVICES}/${devices[0]?.id ?? ''}?$top=1`, headers: AUTH })
    assert.deepEqual([res.statusCode, res.json().error.message], [400, "The query specified in the URI is not valid. Query option 'Top' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings."])
    // An empty value is refused as the options are read, before they are validated (Web API OData's ThrowIfEmpty).
    const empty = await app.inject({ url: `${DEVICES}/${devices[0]?.id ?? ''}?$top=`, headers: AUTH })
    assert.deepEqual([empty.statusCode, empty.json().error.message], [400, "The value for OData query '$top' cannot be empty."])
  })

  test('on v1.0 an option needs its $: a bare name is the app\'s own parameter, and ignored', async (t) => {
    const app = buildTestApp(t, stateOf({ 'deviceManagement.remoteAssistancePartners': { p1: { displayName: 'One', onboardingStatus: 'onboarded' }, p2: { displayName: 'Two', onboardingStatus: 'notOnboarded' } } })).app
    const url = '/v1.0/deviceManagement/remoteAssistancePartners'
    const bare = await app.inject({ url: `${url}?top=1&deltatoken=x`, headers: AUTH })
    assert.equal(bare.json().value.length, 2)
    const dollar = await app.inject({ url: `${url}?$top=1&$filter=${encodeURIComponent("onboardingStatus eq 'notOnboarded'")}`, headers: AUTH })
    assert.deepEqual(dollar.json().value.map((partner: Device) => partner.id), ['p2'])
  })
})

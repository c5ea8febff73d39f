/**
 * Server-driven paging as a client walking managed devices meets it (concepts/paging.md): a walk
 * while records are added, deleted and changed between its pages, the nextLink's options, origin
 * and tokens, `Prefer: odata.maxpagesize`, `$top=0` and `/$count`.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { request as httpsRequest } from 'node:https'
import { test, type TestContext } from 'node:test'
import type { AppDeps } from '../../src/app.js'
import { ENTITY_SET, MANAGED_DEVICE_EMPTY } from '../../src/resources/managed-devices/schemas.js'
import { tlsMaterial } from '../../src/tls/certificates.js'
import { AUTH, JSON_AUTH, appClaims, assertGraphShaped, buildListeningApp, buildTestApp, stateOf, unsignedJwt } from '../helper.js'

const DEVICES = '/beta/deviceManagement/managedDevices'
const SKIPTOKEN_REFUSED = 'Unable to parse the skiptoken value. Skiptoken value should always be server generated.'

type Fields = Record<string, unknown>
interface Device { id: string, deviceName?: string, operatingSystem?: string }
interface Page { '@odata.context': string, '@odata.count'?: number, value: Device[], '@odata.nextLink'?: string }
type App = ReturnType<typeof buildTestApp>['app']

/** A valid stored device: every property at its empty value but those given. */
const device = (properties: Fields) => ({ ...MANAGED_DEVICE_EMPTY, managementAgent: 'mdm', ...properties })

/** `count` devices under fresh ids, in the store's order: names pc-000…, Windows and macOS by turns unless `make` says otherwise. */
function devices (count: number, make: (index: number) => Fields = () => ({})): Array<[string, Fields]> {
  return Array.from({ length: count }, (_, index) => [randomUUID(), device({
    deviceName: `pc-${String(index).padStart(3, '0')}`,
    operatingSystem: index % 2 === 0 ? 'Windows' : 'macOS',
    ...make(index)
  })])
}

function pagingApp (t: TestContext, seeded: Array<[string, Fields]>, deps: Partial<AppDeps> = {}): App {
  return buildTestApp(t, { ...stateOf({ [ENTITY_SET]: Object.fromEntries(seeded) }), ...deps }).app
}

async function get (app: App, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ url, headers: { ...AUTH, ...headers } })
  return { res, body: res.json<Page>() }
}

/** What inject takes of a nextLink: its path and query, as a client following it sends them (its origin is the Host). */
const pathOf = (link: string) => {
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}

const idsOf = (pages: readonly Page[]) => pages.flatMap((page) => page.value.map((entry) => entry.id))

/** Follows every nextLink from `url` to the end, calling `between` after each page but the last, with what came so far. */
async function walk (app: App, url: string, headers: Record<string, string>, between: (pages: readonly Page[]) => Promise<void> = async () => {}) {
  const pages: Page[] = []
  let next: string | undefined = url
  while (next !== undefined) {
    const { res, body } = await get(app, next, headers)
    assert.equal(res.statusCode, 200, res.body)
    pages.push(body)
    next = body['@odata.nextLink'] === undefined ? undefined : pathOf(body['@odata.nextLink'])
    assert.ok(pages.length <= 100, 'the walk ends')
    if (next !== undefined) await between(pages)
  }
  return pages
}

/** The app's Graph answer to a write, which must succeed. */
async function write (app: App, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Fields) {
  const res = await app.inject({ method, url, headers: payload === undefined ? AUTH : JSON_AUTH, ...(payload === undefined ? {} : { payload }) })
  assert.ok(res.statusCode === 201 || res.statusCode === 200 || res.statusCode === 204, `${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.statusCode === 204 ? undefined : res.json<Device>()
}

/** Graph's 400 for a token it did not make. */
function assertSkipTokenRefused (res: { statusCode: number, headers: Record<string, unknown>, body: string }, what: string) {
  assert.equal(res.statusCode, 400, `${what}: ${res.body}`)
  assertGraphShaped(res)
  const { error } = JSON.parse(res.body) as { error: { code: string, message: string } }
  assert.deepEqual([error.code, error.message], ['BadRequest', SKIPTOKEN_REFUSED], what)
}

test('a walk in the store\'s order while devices are added, deleted and renamed between its pages', async (t) => {
  const seeded = devices(30)
  const app = pagingApp(t, seeded)
  const ids = seeded.map(([id]) => id)
  const id = (index: number) => ids[index] ?? ''
  const added: string[] = []
  const deletedUnread = [id(12), id(10), id(29)]
  const deletedRead = [id(2), id(7)]

  const pages = await walk(app, `${DEVICES}?$select=id,deviceName&$top=5`, {}, async (sofar) => {
    const create = async () => { added.push((await write(app, 'POST', DEVICES, { deviceName: `new-${added.length}`, operatingSystem: 'Windows' }))?.id ?? '') }
    if (sofar.length === 1) {
      await create()
      await create()
      await write(app, 'DELETE', `${DEVICES}/${id(2)}`)
      await write(app, 'DELETE', `${DEVICES}/${id(12)}`)
      await write(app, 'PATCH', `${DEVICES}/${id(3)}`, { deviceName: 'renamed-003' })
      await write(app, 'PATCH', `${DEVICES}/${id(15)}`, { deviceName: 'renamed-015' })
    }
    if (sofar.length === 2) {
      // Page 2 ended at id(9): the next record, one long read, and the last one go.
      await write(app, 'DELETE', `${DEVICES}/${id(10)}`)
      await write(app, 'DELETE', `${DEVICES}/${id(7)}`)
      await write(app, 'DELETE', `${DEVICES}/${id(29)}`)
      await create()
    }
    if (sofar.length === 4) await write(app, 'PATCH', `${DEVICES}/${id(26)}`, { deviceName: 'renamed-026' })
  })

  const returned = idsOf(pages)
  assert.equal(new Set(returned).size, returned.length, 'no id comes twice')
  const throughout = ids.filter((candidate) => !deletedUnread.includes(candidate) && !deletedRead.includes(candidate))
  for (const kept of throughout) assert.equal(returned.filter((candidate) => candidate === kept).length, 1, `${kept} comes once`)
  for (const gone of deletedUnread) assert.ok(!returned.includes(gone), `${gone}, deleted before its page, does not come`)
  // Read before they were deleted: each came once, on its page.
  for (const gone of deletedRead) assert.deepEqual(returned.filter((candidate) => candidate === gone), [gone])
  // In the store's order, as the first page found it; devices added during the walk are left to the next walk.
  assert.deepEqual(returned, ids.filter((candidate) => !deletedUnread.includes(candidate)))
  assert.ok(added.every((newId) => !returned.includes(newId)))
  assert.ok(pages.every((page) => page.value.length <= 5))
  // A record is read as it is when its page is: renamed before it, the new name; after it, the old.
  const names = new Map(pages.flatMap((page) => page.value.map((entry) => [entry.id, entry.deviceName] as const)))
  assert.deepEqual([names.get(id(3)), names.get(id(15)), names.get(id(26))], ['pc-003', 'renamed-015', 'renamed-026'])

  // A new walk sees the store as it is now.
  const after = idsOf(await walk(app, `${DEVICES}?$select=id&$top=7`, {}))
  assert.deepEqual(after, [...throughout, ...added])
})

test('a $filter + $orderby walk while devices stop matching, start matching, move in the order and go', async (t) => {
  // Names out of the store's order, so that the order is $orderby's.
  const seeded = devices(24, (index) => ({ deviceName: `pc-${String((index * 7) % 24).padStart(3, '0')}` }))
  const app = pagingApp(t, seeded)
  const byId = new Map(seeded)
  const nameOf = (candidate: string) => String(byId.get(candidate)?.['deviceName'])
  const windowsAtStart = seeded.filter(([, record]) => record['operatingSystem'] === 'Windows').map(([candidate]) => candidate)
  const orderAtStart = [...windowsAtStart].sort((a, b) => (nameOf(a) < nameOf(b) ? 1 : -1))
  const at = (position: number) => orderAtStart[position] ?? ''
  const macOs = seeded.filter(([, record]) => record['operatingSystem'] === 'macOS').map(([candidate]) => candidate)
  const query = `$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}&$orderby=${encodeURIComponent('deviceName desc')}&$select=id,deviceName,operatingSystem&$count=true`

  const stoppedMatching = at(6)
  const deleted = at(9)
  const movedFirst = at(10)
  const movedLast = at(1)
  const pages = await walk(app, `${DEVICES}?${query}`, { prefer: 'odata.maxpagesize=4' }, async (sofar) => {
    if (sofar.length !== 1) return
    await write(app, 'PATCH', `${DEVICES}/${stoppedMatching}`, { operatingSystem: 'macOS' })
    await write(app, 'PATCH', `${DEVICES}/${macOs[0] ?? ''}`, { operatingSystem: 'Windows' })
    await write(app, 'DELETE', `${DEVICES}/${deleted}`)
    // Renamed to sort before the page already read, and one read to sort after every other.
    await write(app, 'PATCH', `${DEVICES}/${movedFirst}`, { deviceName: 'zz-first' })
    await write(app, 'PATCH', `${DEVICES}/${movedLast}`, { deviceName: 'aa-last' })
  })

  const returned = idsOf(pages)
  assert.equal(new Set(returned).size, returned.length, 'no id comes twice')
  // The order the first page chose, less what stopped matching or went before its page.
  assert.deepEqual(returned, orderAtStart.filter((candidate) => candidate !== stoppedMatching && candidate !== deleted))
  assert.ok(!returned.includes(macOs[0] ?? ''), 'a device that came to match during the walk is left to the next walk')
  assert.ok(pages.every((page) => page.value.length <= 4 && page.value.every((entry) => entry.operatingSystem === 'Windows')))
  assert.equal(pages.find((page) => page.value.some((entry) => entry.id === movedFirst))?.value.find((entry) => entry.id === movedFirst)?.deviceName, 'zz-first')
  assert.equal(pages[0]?.['@odata.count'], windowsAtStart.length)
  assert.ok(pages.every((page) => typeof page['@odata.count'] === 'number'), 'every page counts, as $count=true asked')
})

test('the nextLink keeps $filter, $select, $count, $top and the app\'s own parameters, on the Host the request named', async (t) => {
  const seeded = devices(20)
  const app = pagingApp(t, seeded)
  const windows = seeded.filter(([, record]) => record['operatingSystem'] === 'Windows').map(([id]) => id)
  const host = { host: 'graph.test:4000' }
  const { body } = await get(app, `${DEVICES}?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}&$select=id,deviceName&$count=true&$skip=1&$top=3&appTag=remote%20help&appTag=second`, host)
  assert.deepEqual(body.value.map((entry) => entry.id), windows.slice(1, 4))
  const next = new URL(body['@odata.nextLink'] ?? '')
  assert.equal(next.origin, 'http://graph.test:4000')
  assert.equal(next.pathname, DEVICES)
  // $skip is spent on the first page; the token says where the next begins.
  assert.deepEqual([...next.searchParams.keys()], ['$filter', '$select', '$count', '$top', 'appTag', 'appTag', '$skiptoken'])
  assert.equal(next.searchParams.get('$filter'), "operatingSystem eq 'Windows'")
  assert.equal(next.searchParams.get('$select'), 'id,deviceName')
  assert.equal(next.searchParams.get('$count'), 'true')
  assert.equal(next.searchParams.get('$top'), '3')
  assert.deepEqual(next.searchParams.getAll('appTag'), ['remote help', 'second'])
  assert.equal(body['@odata.context'], 'http://graph.test:4000/beta/$metadata#deviceManagement/managedDevices(id,deviceName)')

  const { res, body: second } = await get(app, pathOf(next.href), host)
  assert.equal(res.statusCode, 200)
  assert.deepEqual(second.value, windows.slice(4, 7).map((id) => ({ '@odata.type': '#microsoft.graph.managedDevice', id, deviceName: seeded.find(([candidate]) => candidate === id)?.[1]['deviceName'] })))
  assert.equal(second['@odata.count'], windows.length)
  assert.equal(new URL(second['@odata.nextLink'] ?? '').origin, 'http://graph.test:4000')

  // Another Host, another origin: the link is made from each request, and so are a user's devices' links.
  const userId = randomUUID()
  const owned = devices(4, () => ({ userId }))
  const withUser = pagingApp(t, owned)
  const { body: mine } = await get(withUser, `/beta/users/${userId}/managedDevices?$select=id&$top=3`, { host: 'graph.other:8443' })
  assert.match(mine['@odata.nextLink'] ?? '', new RegExp(`^http://graph\\.other:8443/beta/users/${userId}/managedDevices\\?\\$select=id&\\$top=3&\\$skiptoken=[\\w-]+$`))
  const { body: rest } = await get(withUser, pathOf(mine['@odata.nextLink'] ?? ''))
  assert.deepEqual(idsOf([mine, rest]), owned.map(([id]) => id))

  // On beta the options may come without their $: the nextLink repeats them as sent, and they still apply.
  const { body: bare } = await get(app, `${DEVICES}?filter=${encodeURIComponent("operatingSystem eq 'Windows'")}&select=id&top=4`)
  assert.deepEqual([...new URL(bare['@odata.nextLink'] ?? '').searchParams.keys()], ['filter', 'select', 'top', '$skiptoken'])
  assert.deepEqual(idsOf(await walk(app, pathOf(bare['@odata.nextLink'] ?? ''), {})), windows.slice(4))
})

test('over HTTPS the nextLink names https and the port the client used, in a $batch item\'s answer too', async (t) => {
  const { key, cert, caPem } = await tlsMaterial({ hostnames: ['localhost'] })
  const seeded = devices(3)
  const { port } = await buildListeningApp(t, { ...stateOf({ [ENTITY_SET]: Object.fromEntries(seeded) }), https: { key, cert } })
  const send = async <T>(method: string, path: string, payload?: unknown) => await new Promise<T>((resolve, reject) => {
    const headers = { ...AUTH, host: `localhost:${port}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }
    const request = httpsRequest({ host: '127.0.0.1', port, servername: 'localhost', ca: caPem, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk }).on('end', () => resolve(JSON.parse(text) as T))
    })
    request.on('error', reject).end(payload === undefined ? undefined : JSON.stringify(payload))
  })
  const nextLink = new RegExp(`^https://localhost:${port}/beta/deviceManagement/managedDevices\\?\\$select=id&\\$top=2&\\$skiptoken=[\\w-]+$`)
  const body = await send<Page>('GET', `${DEVICES}?$select=id&$top=2`)
  assert.equal(body.value.length, 2)
  assert.match(body['@odata.nextLink'] ?? '', nextLink)
  // Each item is answered through inject, whose socket is never encrypted: the batch's own scheme is named.
  const batch = await send<{ responses: Array<{ body: Page }> }>('POST', '/beta/$batch', { requests: [{ id: '1', method: 'GET', url: '/deviceManagement/managedDevices?$select=id&$top=2' }] })
  assert.match(batch.responses[0]?.body['@odata.nextLink'] ?? '', nextLink)
})

test('Prefer: odata.maxpagesize=N is applied, and says so, when N is at most the page size', async (t) => {
  const app = pagingApp(t, devices(30))
  const cases: Array<[number, number, boolean]> = [[5, 5, true], [1000, 30, true], [1001, 30, false]]
  for (const [preferred, held, applied] of cases) {
    const { res, body } = await get(app, `${DEVICES}?$select=id`, { prefer: `odata.maxpagesize=${preferred}` })
    assert.equal(body.value.length, held, `maxpagesize=${preferred}`)
    assert.equal(res.headers['preference-applied'], applied ? `odata.maxpagesize=${preferred}` : undefined, `maxpagesize=${preferred}`)
  }
  // The next page, asked with the same preference, is cut and acknowledged the same way.
  const { body: first } = await get(app, `${DEVICES}?$select=id`, { prefer: 'odata.maxpagesize=5' })
  const { res: nextRes, body: second } = await get(app, pathOf(first['@odata.nextLink'] ?? ''), { prefer: 'odata.maxpagesize=5' })
  assert.deepEqual([nextRes.headers['preference-applied'], second.value.length], ['odata.maxpagesize=5', 5])

  // MOCK_PAGE_SIZE=10: a larger preference is not applied and the page holds 10; a smaller or equal one is.
  const small = pagingApp(t, devices(30), { pageSize: 10 })
  const plain = await get(small, `${DEVICES}?$select=id`)
  assert.deepEqual([plain.body.value.length, plain.res.headers['preference-applied'], typeof plain.body['@odata.nextLink']], [10, undefined, 'string'])
  const larger = await get(small, `${DEVICES}?$select=id`, { prefer: 'odata.maxpagesize=11' })
  assert.deepEqual([larger.body.value.length, larger.res.headers['preference-applied']], [10, undefined])
  const equal = await get(small, `${DEVICES}?$select=id`, { prefer: 'odata.maxpagesize=10' })
  assert.deepEqual([equal.body.value.length, equal.res.headers['preference-applied']], [10, 'odata.maxpagesize=10'])
  assert.equal(idsOf(await walk(small, `${DEVICES}?$select=id`, {})).length, 30)
})

test('an unknown or malformed $skiptoken, or one used with other $filter, $orderby or under another path, is Graph\'s 400', async (t) => {
  const seeded = devices(12)
  const app = pagingApp(t, seeded)
  const { body } = await get(app, `${DEVICES}?$filter=${encodeURIComponent("deviceName ne 'x'")}&$select=id&$top=5`)
  const token = new URL(body['@odata.nextLink'] ?? '').searchParams.get('$skiptoken') ?? ''
  assert.notEqual(token, '')
  const unknown = ['', 'bm9wZQ', 'not a token', Buffer.from('999999.0').toString('base64url'), `${token}.${token}`, '%00']
  for (const candidate of unknown) {
    assertSkipTokenRefused(await app.inject({ url: `${DEVICES}?$select=id&$skiptoken=${encodeURIComponent(candidate)}`, headers: AUTH }), `unknown token '${candidate}'`)
  }
  const elsewhere = [
    `${DEVICES}?$select=id&$top=5&$skiptoken=${token}`,
    `${DEVICES}?$filter=${encodeURIComponent("deviceName ne 'y'")}&$select=id&$top=5&$skiptoken=${token}`,
    `${DEVICES}?$filter=${encodeURIComponent("deviceName ne 'x'")}&$orderby=deviceName&$select=id&$top=5&$skiptoken=${token}`,
    `/beta/users/${randomUUID()}/managedDevices?$filter=${encodeURIComponent("deviceName ne 'x'")}&$select=id&$top=5&$skiptoken=${token}`,
    `/beta/deviceManagement/comanagedDevices?$filter=${encodeURIComponent("deviceName ne 'x'")}&$select=id&$top=5&$skiptoken=${token}`
  ]
  for (const url of elsewhere) assertSkipTokenRefused(await app.inject({ url, headers: AUTH }), url)
  // The token is still good where it was made.
  assert.equal((await get(app, pathOf(body['@odata.nextLink'] ?? ''))).res.statusCode, 200)
})

test('a tampered $skiptoken is Graph\'s 400', async (t) => {
  const app = pagingApp(t, devices(12))
  const { body } = await get(app, `${DEVICES}?$select=id&$top=5`)
  const token = new URL(body['@odata.nextLink'] ?? '').searchParams.get('$skiptoken') ?? ''
  const decoded = Buffer.from(token, 'base64url').toString()
  const [cursor = '', position = ''] = decoded.split('.')
  const tampered = [
    Buffer.from(`${cursor}.${Number(position) + 2}`).toString('base64url'),
    Buffer.from(`${cursor}.0${position}`).toString('base64url'),
    Buffer.from(`${cursor}.${Number(position) + 100}`).toString('base64url'),
    `${token}x`,
    `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
  ]
  for (const candidate of tampered) {
    assertSkipTokenRefused(await app.inject({ url: `${DEVICES}?$select=id&$top=5&$skiptoken=${candidate}`, headers: AUTH }), `token '${candidate}' (${Buffer.from(candidate, 'base64url').toString()}) tampered from '${token}' (${decoded})`)
  }
})

test('a nextLink followed again answers the same page, before and after the pages that follow it', async (t) => {
  const app = pagingApp(t, devices(12))
  const first = await get(app, `${DEVICES}?$select=id,deviceName&$top=5&$count=true`)
  const secondLink = pathOf(first.body['@odata.nextLink'] ?? '')
  const second = await get(app, secondLink)
  const retried = await get(app, secondLink)
  assert.deepEqual(retried.body, second.body)
  const thirdLink = pathOf(second.body['@odata.nextLink'] ?? '')
  const third = await get(app, thirdLink)
  assert.equal(third.body['@odata.nextLink'], undefined)
  assert.equal(third.body.value.length, 2)
  // After the walk ended, its last page and an earlier one are still there to retry.
  assert.deepEqual((await get(app, thirdLink)).body, third.body)
  assert.deepEqual((await get(app, secondLink)).body, second.body)
})

test('after POST /_mock/reset a skiptoken from before is Graph\'s 400; a reset of the journal alone keeps it good', async (t) => {
  const app = pagingApp(t, devices(12))
  const { body } = await get(app, `${DEVICES}?$select=id&$top=5`)
  const next = pathOf(body['@odata.nextLink'] ?? '')
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset?only=journal' })).statusCode, 204)
  assert.equal((await get(app, next)).res.statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: '/_mock/reset' })).statusCode, 204)
  assertSkipTokenRefused(await app.inject({ url: next, headers: AUTH }), 'a token from before the reset')
  // A walk begun after the reset pages as before.
  assert.equal(idsOf(await walk(app, `${DEVICES}?$select=id&$top=5`, {})).length, 12)
})

test('$top=0 answers an empty value and no nextLink; with $count=true it still counts every match', async (t) => {
  const seeded = devices(12)
  const app = pagingApp(t, seeded)
  const { res, body } = await get(app, `${DEVICES}?$top=0`)
  assert.equal(res.statusCode, 200)
  assert.deepEqual(body.value, [])
  assert.equal(body['@odata.nextLink'], undefined)
  const counted = await get(app, `${DEVICES}?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}&$top=0&$count=true`, { prefer: 'odata.maxpagesize=5' })
  assert.deepEqual([counted.body.value, counted.body['@odata.nextLink'], counted.body['@odata.count']], [[], undefined, 6])
})

test('/$count answers text/plain with how many devices $filter matches', async (t) => {
  const seeded = devices(12)
  const app = pagingApp(t, seeded)
  const count = async (query: string) => {
    const res = await app.inject({ url: `${DEVICES}/$count${query}`, headers: AUTH })
    assert.equal(res.statusCode, 200, res.body)
    assert.match(String(res.headers['content-type']), /^text\/plain\b/)
    return res.body
  }
  assert.equal(await count(''), '12')
  assert.equal(await count(`?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}`), '6')
  assert.equal(await count(`?$filter=${encodeURIComponent("startswith(deviceName, 'PC-00')")}`), '10')
  assert.equal(await count(`?$filter=${encodeURIComponent("deviceName eq 'nobody'")}`), '0')
  await write(app, 'DELETE', `${DEVICES}/${seeded[0]?.[0] ?? ''}`)
  assert.equal(await count(`?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}`), '5')
  // It counts what a list with the same $filter and $count=true counts.
  const { body } = await get(app, `${DEVICES}?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}&$count=true&$top=1`)
  assert.equal(body['@odata.count'], 5)
})

test('a token is good for the reader it was made for: another user\'s /me, or another graph-mock, gets Graph\'s 400', async (t) => {
  const seeded = devices(6, (index) => ({ userId: index < 4 ? 'user-a' : 'user-b' }))
  const app = pagingApp(t, seeded)
  const as = (userId: string) => ({ authorization: `Bearer ${unsignedJwt(appClaims({ roles: undefined, scp: 'DeviceManagementManagedDevices.Read.All', oid: userId }))}` })
  const { body: first } = await get(app, '/beta/me/managedDevices?$top=2', as('user-a'))
  const next = pathOf(String(first['@odata.nextLink']))
  assert.equal((await get(app, next, as('user-a'))).res.statusCode, 200)
  const { res: other } = await get(app, next, as('user-b'))
  assert.deepEqual([other.statusCode, other.json().error.message], [400, SKIPTOKEN_REFUSED])
  // A second graph-mock around the same records makes tokens of its own.
  const { res: elsewhere } = await get(pagingApp(t, seeded), next, as('user-a'))
  assert.deepEqual([elsewhere.statusCode, elsewhere.json().error.message], [400, SKIPTOKEN_REFUSED])
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import SwaggerParser from '@apidevtools/swagger-parser'
import { ENTITY_SET, buildListeningApp, buildTestApp } from './helper.js'
import { parseRawAnswer, rawExchange } from './raw-socket.js'

/** As much of an OpenAPI document as these tests read. */
interface OpenApiDocument {
  servers?: Array<{ url: string }>
  paths: Record<string, Record<string, { operationId?: string }>>
}

test('every operation has an operationId made of its method and path, and no two share one', async (t) => {
  const { app } = buildTestApp(t)
  const res = await app.inject('/_mock/openapi.json')
  assert.equal(res.statusCode, 200)
  // validate() dereferences in place, so it gets a copy of its own.
  await SwaggerParser.validate(res.json())
  const { paths } = res.json() as OpenApiDocument
  const ids = new Map<string, string>()
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const id = operation.operationId
      assert.match(id ?? '', /^[a-z]+[A-Z][A-Za-z0-9]*$/, `${method.toUpperCase()} ${path} has operationId ${id}`)
      assert.equal(ids.get(id ?? ''), undefined, `${method.toUpperCase()} ${path} and ${ids.get(id ?? '')} share ${id}`)
      ids.set(id ?? '', `${method.toUpperCase()} ${path}`)
    }
  }
  assert.ok(ids.size > 20, `only ${ids.size} operations`)
  assert.deepEqual(Object.fromEntries([
    `patchBeta${ENTITY_SET}ById`,
    `getBeta${ENTITY_SET}`,
    'getMockRequests',
    'deleteMockFaultsByRuleId',
    'getMockStoreByEntitySetById',
    'getMockOpenapiJson',
    'postTenantOauth2V20Token',
    'getTenantV20WellKnownOpenidConfiguration',
    'postBetaBatch',
    'getBetaDeviceManagementManagedDevicesCount'
  ].map((id) => [id, ids.get(id)])), {
    [`patchBeta${ENTITY_SET}ById`]: `PATCH /beta/${ENTITY_SET}/{id}`,
    [`getBeta${ENTITY_SET}`]: `GET /beta/${ENTITY_SET}`,
    getMockRequests: 'GET /_mock/requests',
    deleteMockFaultsByRuleId: 'DELETE /_mock/faults/{ruleId}',
    getMockStoreByEntitySetById: 'GET /_mock/store/{entitySet}/{id}',
    getMockOpenapiJson: 'GET /_mock/openapi.json',
    postTenantOauth2V20Token: 'POST /{tenant}/oauth2/v2.0/token',
    getTenantV20WellKnownOpenidConfiguration: 'GET /{tenant}/v2.0/.well-known/openid-configuration',
    postBetaBatch: 'POST /beta/$batch',
    getBetaDeviceManagementManagedDevicesCount: 'GET /beta/deviceManagement/managedDevices/$count'
  })
})

test('the document names the listener it was fetched from as its server', async (t) => {
  const { app, port } = await buildListeningApp(t)
  const base = `http://127.0.0.1:${port}`
  const text = await (await fetch(`${base}/_mock/openapi.json`)).text()
  assert.deepEqual((JSON.parse(text) as OpenApiDocument).servers, [{ url: base }])
  await SwaggerParser.validate(JSON.parse(text))

  const injected = (await app.inject({ url: '/_mock/openapi.json', headers: { host: 'graph.test:8443' } })).json() as OpenApiDocument
  assert.deepEqual(injected.servers, [{ url: 'http://graph.test:8443' }])
  // Each answer has its own servers: the document every request shares is left as it was.
  assert.equal((app.swagger() as OpenApiDocument).servers, undefined)
})

test('a request that names no host gets the address it reached as its server', async (t) => {
  const { port } = await buildListeningApp(t)
  // HTTP/1.0 needs no Host header, and fetch cannot leave it out.
  const { status, body } = parseRawAnswer<OpenApiDocument>(await rawExchange(port, 'GET /_mock/openapi.json HTTP/1.0\r\n\r\n'))
  assert.equal(status, 200)
  assert.deepEqual(body.servers, [{ url: `http://127.0.0.1:${port}` }])
})

/** An operation as these tests read it. */
interface Operation {
  parameters?: Array<{ in: string, name: string }>
  requestBody?: { content: Record<string, unknown> }
  responses: Record<string, { content?: Record<string, { schema: { required?: string[] } }> }>
}

test('each operation declares every parameter of its path, the body it reads and the content types it answers with', async (t) => {
  const { app } = buildTestApp(t)
  const paths = (await app.inject('/_mock/openapi.json')).json<{ paths: Record<string, Record<string, Operation>> }>().paths
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name).sort()
      assert.deepEqual(declared, [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort(), `${method.toUpperCase()} ${path}`)
    }
  }
  const operation = (path: string, method = 'get'): Operation => paths[path]?.[method] ?? { responses: {} }
  // Under a tenant as at the root; a function's call segment is named and described.
  assert.ok(operation('/_mock/tenants/{tenantId}/store/{entitySet}/{id}', 'put').parameters?.some((parameter) => parameter.name === 'tenantId'))
  assert.ok(operation('/beta/deviceManagement/managedDevices/{id}/{call}').parameters?.some((parameter) => parameter.name === 'call'))
  // Entra reads forms; a JSON body gets AADSTS900144.
  assert.deepEqual(Object.keys(operation('/{tenant}/oauth2/v2.0/token', 'post').requestBody?.content ?? {}), ['application/x-www-form-urlencoded'])
  // The OData options a list reads, though the route reads them itself.
  assert.deepEqual(operation('/beta/deviceManagement/managedDevices').parameters?.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
    ['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$skiptoken'])
  assert.deepEqual(operation('/beta/deviceManagement/managedDevices/{id}').parameters?.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name), ['$select'])
  // What is no JSON says so; an entity requires only its type, as a $select answer holds what it names.
  assert.deepEqual(Object.keys(operation('/beta/deviceManagement/managedDevices/$count').responses['200']?.content ?? {}), ['text/plain'])
  assert.deepEqual(Object.keys(operation('/_mock/ca.pem').responses['200']?.content ?? {}), ['application/x-pem-file'])
  assert.deepEqual(operation('/beta/deviceManagement/managedDevices/{id}').responses['200']?.content?.['application/json']?.schema.required, ['@odata.type'])
})

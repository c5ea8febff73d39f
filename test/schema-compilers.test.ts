import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AjvCompiler, type RouteDefinition } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import { Type } from '@sinclair/typebox'
import type { FastifySchema } from 'fastify'
import { AJV_OPTIONS, buildLazySerializer, buildLazyValidator } from '../src/schema-compilers.js'
import { buildTestApp } from './helper.js'

const HTTP_PARTS = ['body', 'querystring', 'params', 'headers'] as const

// The server compiles a schema on its first use and skips the meta-schema check: this test
// does what start-up no longer does, for every route, so a broken schema fails here and not
// on some user's first request.
test('every route schema is valid JSON Schema and compiles', async (t) => {
  const { app } = buildTestApp(t)
  const routes: Array<{ method: string, url: string, schema: FastifySchema | undefined }> = []
  app.addHook('onRoute', ({ method, url, schema }) => { routes.push({ method: String(method), url, schema }) })
  await app.ready()
  const compileValidator = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS, validateSchema: true } })
  const compileSerializer = SerializerSelector()()
  const compiled: string[] = []
  for (const { method, url, schema } of routes) {
    for (const httpPart of HTTP_PARTS) {
      if (schema?.[httpPart] === undefined) continue
      compileValidator({ schema: schema[httpPart] as RouteDefinition['schema'], method, url, httpPart })
      compiled.push(`${method} ${url} ${httpPart}`)
    }
    for (const [httpStatus, response] of Object.entries(schema?.response ?? {})) {
      compileSerializer({ schema: response, method, url, httpStatus })
      compiled.push(`${method} ${url} ${httpStatus}`)
    }
  }
  assert.ok(compiled.includes('PATCH /beta/RequestRemoteHelpSessionAccessResponse/:id body'))
  assert.ok(compiled.includes('PATCH /beta/RequestRemoteHelpSessionAccessResponse/:id 200'))
  assert.ok(compiled.length > 40, `only ${compiled.length} schemas`)
  // The check this test stands for: a schema Ajv would compile but JSON Schema forbids.
  assert.throws(() => compileValidator({ schema: { type: 'string', minLength: -1 }, method: 'GET', url: '/', httpPart: 'querystring' }), /schema is invalid/)
})

test('a validator is compiled on its first call, and hands Fastify the errors of a failed validation', () => {
  const compile = buildLazyValidator({}, { customOptions: AJV_OPTIONS })
  const route = { method: 'PATCH', url: '/x', httpPart: 'body' }
  const broken = compile({ ...route, schema: { type: 'no-such-type' } })
  assert.throws(() => broken({}), /no-such-type/)
  const validate = compile({ ...route, schema: Type.Object({ sessionKey: Type.String() }) })
  assert.equal(validate({ sessionKey: 42 }), false)
  assert.deepEqual(validate.errors?.map(({ instancePath, message }) => ({ instancePath, message })), [{ instancePath: '/sessionKey', message: 'must be string' }])
  assert.equal(validate({ sessionKey: '42' }), true)
  assert.equal(validate.errors, null)
})

test('a serializer is compiled on its first call', () => {
  const compile = buildLazySerializer()
  const route = { method: 'GET', url: '/x', httpStatus: '200' }
  const broken = compile({ ...route, schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } })
  assert.throws(() => broken({ a: 1 }), /nowhere/)
  const serialize = compile({ ...route, schema: Type.Object({ status: Type.String() }) })
  assert.equal(serialize({ status: 'ok', unlisted: 'dropped' }), '{"status":"ok"}')
})

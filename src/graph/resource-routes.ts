/**
 * The resource kit: turns one declaration into Graph's routes for one API version. An entity
 * set gets list, get, create, update and delete under each of its paths, as its declaration
 * lists them; a singleton get and update; each bound action its bare and its qualified name.
 * Every route takes its records from the request's state, checks the operation's permissions,
 * validates with Graph's messages and answers an unknown key with Graph's 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TObject } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { collectionPage, matchCount, type CollectionRead } from '../odata/collection-page.js'
import { complexType } from '../odata/edm-types.js'
import { readQueryOptions, type QueryOptions } from '../odata/query-options.js'
import type { EntitySet, Store } from '../state/store.js'
import { shownInput } from '../shown-input.js'
import './front-door.js'
import { recordIntake } from '../state/record-check.js'
import { kitCheck, kitValidator } from './kit-validator.js'
import { GRAPH_ERROR_RESPONSES, NO_CONTENT, badRequest, entityNotFound, meNeedsDelegatedToken, modelValidationFailure, resourceNotFound } from './errors.js'
import { sendJsonText } from './json-text.js'
import { maxPageSizeOf, nextLinkOf, selectedContext } from './query-answers.js'
import './request-state.js'
import { AnswerTexts } from './answer-texts.js'
import { operationBody, resourceSchemas } from './resource-schemas.js'
import { bodyValidationError } from './validation-errors.js'
import { serviceRoot, type BoundOperation, type GraphResource, type GraphVersion, type Permissions, type SetPath, type StoredRecord } from './resource.js'
import type { QueryOptionName } from './route-config.js'

export interface ResourceRoutesOptions {
  resource: GraphResource
  version: GraphVersion
  /** MOCK_PAGE_SIZE, in place of the collection's own page size. */
  pageSize?: number | undefined
}

/** The page size of a collection whose docs give none: the one Graph's directory lists use. */
export const DEFAULT_PAGE_SIZE = 100

/**
 * Answers are JSON.stringify'd, not compiled from their schema (which still documents them):
 * every record was checked against that schema when it was written, so the answer holds its
 * properties and no others, and fast-json-stringify picks each nullable property's branch by
 * running Ajv on it, which an entity of 83 properties pays 83 times per answer.
 */
const serializeChecked = () => (data: unknown) => (typeof data === 'string' ? data : JSON.stringify(data))

/** The query options each read takes, as its OpenAPI operation lists them (concepts/query-parameters.md). */
const COLLECTION_OPTIONS: readonly QueryOptionName[] = ['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$skiptoken']
const ENTITY_OPTIONS: readonly QueryOptionName[] = ['$select']
const COUNT_OPTIONS: readonly QueryOptionName[] = ['$filter']

/** The `/$count` answer: a number as text. */
const COUNT_TEXT = Type.String({ pattern: '^\\d+$', description: 'The number of matching entities, as text/plain' })

/** The `:name` parameters of a path, as the schema of its params. */
function paramsSchema (path: string): TObject {
  const names = path.split('/').filter((segment) => segment.startsWith(':')).map((segment) => segment.slice(1))
  return Type.Object(Object.fromEntries(names.map((name) => [name, Type.String()])))
}

/**
 * `users('{userId}')/managedDevices`: a path as `@odata.context` names it, each parent's key in
 * parentheses as an OData literal, and `/me` as the signed-in user it stands for. Graph answers
 * `GET /beta/me/contacts?$select=…` with `$metadata#users('c3e1…')/contacts(displayName,emailAddresses)`
 * (beta/api/user-list-contacts.md).
 */
function contextPath (path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/^\/me\//, '/users/:userId/').slice(1)
    .replace(/\/:(\w+)/g, (_, name: string) => `('${encodeURIComponent((params[name] ?? '').replaceAll("'", "''"))}')`)
}

/** `/users/:userId/managedDevices` with the request's params in place, as Location names it. */
function filledPath (path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))
}

const resourceRoutes: FastifyPluginAsyncTypebox<ResourceRoutesOptions> = async (app, { resource, version, pageSize: pageSizeSetting }) => {
  const schemas = resourceSchemas(resource)
  const takeRecord = recordIntake(resource.recordSchema)
  const { qualifiedName, withId, selectedOnly = {} } = resource
  const entityType = complexType(schemas.entity, qualifiedName, withId ? 'id' : undefined)
  // Graph beta takes the query options without their `$` (concepts/query-parameters.md).
  const prefixOptional = version === 'beta'
  const pageSize = pageSizeSetting ?? (resource.kind === 'entitySet' ? resource.pageSize : undefined) ?? DEFAULT_PAGE_SIZE
  const tags = [resource.entitySet]
  const config = (permissions: Permissions, queryOptions?: readonly QueryOptionName[]) => ({ graph: { qualifiedName, permissions, throttling: resource.throttling, queryOptions } })
  app.setSerializerCompiler(serializeChecked)
  app.setValidatorCompiler(kitValidator)
  // Every handler here is synchronous: Fastify sends what one returns (or throws) at once, where
  // an async handler's answer waits on a promise and a turn of the microtask queue.

  // One handle per store and set, made once: a request reaches its store through its state.
  const handles = new WeakMap<Store, Map<string, EntitySet<StoredRecord>>>()
  /** The resource's records in the request's store, or those it keeps beside them under `<entitySet>.<beside>`. */
  function recordsOf (request: FastifyRequest, beside?: string): EntitySet<StoredRecord> {
    const { store } = request.state
    const name = beside === undefined ? resource.entitySet : `${resource.entitySet}.${beside}`
    let ofStore = handles.get(store)
    if (ofStore === undefined) handles.set(store, ofStore = new Map())
    let handle = ofStore.get(name)
    if (handle === undefined) ofStore.set(name, handle = store.entitySet(name))
    return handle
  }

  /** The sets beside the entities whose records belong to one, each with the property naming it: checked here, since a misspelt one would delete nothing. */
  const owned: Array<[beside: string, property: string]> = []
  for (const [beside, { schema, ownedThrough }] of Object.entries(resource.besides ?? {})) {
    if (ownedThrough === undefined) continue
    if (!Object.hasOwn(schema.properties, ownedThrough)) {
      throw new Error(`${resource.entitySet} declares '${beside}' records owned through '${ownedThrough}', which they have no property of.`)
    }
    owned.push([beside, ownedThrough])
  }
  /**
   * Deletes an entity and the records beside it that are its own, in one synchronous step, so
   * no request sees one without the other; false, changing nothing, when the id is unknown.
   */
  function deleteEntity (request: FastifyRequest, id: string): boolean {
    if (!recordsOf(request).delete(id)) return false
    for (const [beside, property] of owned) {
      const records = recordsOf(request, beside)
      for (const [key, record] of records.list()) if (record[property] === id) records.delete(key)
    }
    return true
  }

  // Made once: a string built per answer would also be flattened by JSON.stringify per answer.
  const odataType = `#${qualifiedName}`
  const toGraph = withId
    ? (id: string, record: StoredRecord) => ({ '@odata.type': odataType, id, ...record })
    : (_id: string, record: StoredRecord) => ({ '@odata.type': odataType, ...record })

  const standIns = Object.entries(selectedOnly)
  /** The entity as a read without `$select`, a PATCH or a create answers it: every property, a property Graph fills only when selected by its stand-in. */
  function wholeEntity (id: string, record: StoredRecord): Record<string, unknown> {
    const entity: Record<string, unknown> = toGraph(id, record)
    for (const [name, standIn] of standIns) entity[name] = standIn
    return entity
  }

  /**
   * A collection read's options, its `$filter` and `$orderby` reading each record as the
   * collection answers it: a property Graph fills only for a read by id holds its stand-in, so
   * no filter finds a value the answer then does not show.
   */
  // Whether a filter or order (the options' selection) names one of them: only then is each
  // record copied, which would cost a read of a large collection most of its time.
  const namesStandIn = Object.keys(selectedOnly).length === 0 ? undefined : new RegExp(`\\b(?:${Object.keys(selectedOnly).join('|')})\\b`, 'i')
  function listedOptions (options: QueryOptions): QueryOptions {
    if (namesStandIn?.test(options.selection) !== true) return options
    const { filter, orderBy } = options
    const listed = (record: StoredRecord): StoredRecord => ({ ...record, ...selectedOnly })
    const read = { ...options }
    if (filter !== undefined) read.filter = (record, id) => filter(listed(record), id)
    if (orderBy !== undefined) read.orderBy = { ...orderBy, keysOf: (record, id) => orderBy.keysOf(listed(record), id) }
    return read
  }

  /**
   * The entity as a read with `$select` answers it: the properties it names; a property Graph
   * fills only for a read by id that selects it carries its stand-in value otherwise.
   */
  function selectedAnswer (id: string, record: StoredRecord, select: readonly string[], byId: boolean): Record<string, unknown> {
    // Only what is selected is read: copying every property first would cost most of a wide entity's answer.
    const answer: Record<string, unknown> = { '@odata.type': odataType }
    for (const name of select) {
      answer[name] = withId && name === 'id' ? id : !byId && name in selectedOnly ? selectedOnly[name] : record[name] ?? null
    }
    return answer
  }

  /** `https://host/beta/$metadata#deviceManagement/managedDevices(id,deviceName)`, as Graph names what an answer holds. */
  const contextOf = (request: FastifyRequest, path: string, params: Readonly<Record<string, string>>, options: QueryOptions) =>
    `${serviceRoot(request)}/$metadata#${selectedContext(contextPath(path, params), options)}`

  const wholeAnswers = new AnswerTexts()
  /**
   * The members of the entity's JSON as a read answers it, its braces left off: its `$select`,
   * or without one the text kept for its record, so a wide entity read again and again is
   * neither copied nor written out each time.
   */
  const entityMembers = (id: string, record: StoredRecord, select: readonly string[] | undefined, byId: boolean) => select === undefined
    ? wholeAnswers.of(record, () => JSON.stringify(wholeEntity(id, record)).slice(1, -1))
    : JSON.stringify(selectedAnswer(id, record, select, byId)).slice(1, -1)
  /**
   * Answers a read of one entity, named in its context. The options are read first, so a bad
   * one is refused whether the entity exists or not.
   */
  function sendEntity (request: FastifyRequest, reply: FastifyReply, path: string, params: Readonly<Record<string, string>>, [id, record]: [string, StoredRecord]): void {
    const options = readQueryOptions(request.query as Record<string, unknown>, entityType, { collection: false, prefixOptional })
    const context = `${contextOf(request, path, params, options)}/$entity`
    sendJsonText(reply, `{"@odata.context":${JSON.stringify(context)},${entityMembers(id, record, options.select, true)}}`)
  }

  /** The properties of a body, without the annotation and the key (the URL's) that only name the entity. */
  function propertiesOf (body: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
    // Most bodies name neither: they are taken as they are, since the store copies what it keeps.
    if (!Object.hasOwn(body, '@odata.type') && !Object.hasOwn(body, 'id')) return body
    const { '@odata.type': _type, id: _id, ...properties } = body
    return properties
  }

  /** The parent's parameters: the route's, and for `/me` the signed-in user of the request's delegated token, by object id and, when it names one, user principal name. */
  function parentParams (request: FastifyRequest, { me }: SetPath): Record<string, string> {
    const params = request.params as Record<string, string>
    if (me !== true) return params
    const claims = request.tokenClaims
    if (claims?.scp === undefined || claims.oid === undefined) throw meNeedsDelegatedToken()
    return { ...params, userId: claims.oid, ...(claims.upn === undefined ? {} : { userPrincipalName: claims.upn }) }
  }

  /** The record `id` names, when this path's parent holds it. */
  function heldRecord (request: FastifyRequest, setPath: SetPath, id: string): StoredRecord | undefined {
    // First, so that `/me` without a signed-in user is Graph's 400 whether the id exists or not.
    const params = parentParams(request, setPath)
    const record = recordsOf(request).get(id)
    const { holds } = setPath
    return record !== undefined && (holds === undefined || holds(record, params)) ? record : undefined
  }

  /** A function's call segment, bare or qualified: `name(a='x',b='y')`, its values in OData's quotes ('' for '). */
  function functionCall (name: string): string {
    return `:call(^(?:microsoft\\.graph\\.)?${name}\\(.*\\)$)`
  }

  /** One parameter of a call, `name='value'` or `name=@alias`, and the `,` or end after it. */
  const CALL_PARAMETER = /\s*(\w+)\s*=\s*(?:'((?:[^']|'')*)'|(@[A-Za-z_]\w*))\s*(?:,|$)/g
  /** A parameter alias's value, which here must be one string in OData's quotes. */
  const STRING_LITERAL = /^\s*'((?:[^']|'')*)'\s*$/
  const unquoted = (literal: string) => literal.replaceAll("''", "'")

  /**
   * The value of the parameter alias `alias` (`@k`), which the query string gives
   * (`?@k='value'`, OData URL Conventions 4.01 5.1.1.13.1). ODataLib matches its name in case
   * (ParameterAliasValueAccessor, StringComparer.Ordinal) and keeps the last of a name sent twice
   * (QueryOptionUtils.GetParameterAliases); an alias the query string lacks it reads as null
   * (ParameterAliasBinder), which a string parameter here cannot be: Graph's 400, naming the alias.
   */
  function aliasValue (query: Readonly<Record<string, unknown>>, alias: string, usage: string): string {
    const sent = query[alias]
    const text = Array.isArray(sent) ? sent.at(-1) : sent
    if (text === undefined) throw badRequest(`${usage} The parameter alias '${alias}' has no value in the query string, which OData reads as null.`)
    const literal = STRING_LITERAL.exec(String(text))
    if (literal === null) throw badRequest(`${usage} The parameter alias '${alias}' is '${shownInput(String(text))}', not a string in OData's quotes.`)
    return unquoted(literal[1] ?? '')
  }

  /**
   * The parameters of a function call: each declared name once, its value in OData's quotes
   * ('' for ') or a parameter alias the query string gives; Graph's 400 for anything else.
   */
  function callParameters (request: FastifyRequest, { name: operationName, parameters: names = [] }: BoundOperation): Record<string, string> {
    const query = request.query as Record<string, unknown>
    const usage = `The parameters of ${operationName} must be ${names.map((name) => `${name}='…'`).join(', ')}.`
    const call = (request.params as Record<string, string>)['call'] ?? ''
    const inside = call.slice(call.indexOf('(') + 1, -1)
    const parameters: Record<string, string> = {}
    for (const [, name = '', literal, alias] of inside.matchAll(CALL_PARAMETER)) {
      if (!names.includes(name) || name in parameters) throw badRequest(usage)
      parameters[name] = alias === undefined ? unquoted(literal ?? '') : aliasValue(query, alias, usage)
    }
    if (!names.every((name) => name in parameters)) throw badRequest(usage)
    return parameters
  }

  function operationRoutes (itemPath: string, operations: readonly BoundOperation[], find: (request: FastifyRequest) => [string, StoredRecord] | undefined): void {
    for (const operation of operations) {
      const isFunction = operation.kind === 'function'
      const segments = isFunction ? [functionCall(operation.name)] : [operation.name, `microsoft.graph.${operation.name}`]
      const body = operationBody(operation)
      const itemParams = paramsSchema(itemPath)
      const call = `${operation.name}(${(operation.parameters ?? []).map((name) => `${name}='…'`).join(',')})`
      // A function's call segment is a parameter of its route too: `retrieveRemoteHelpSession(sessionKey='…')`.
      const params = isFunction ? Type.Object({ ...itemParams.properties, call: Type.String({ description: `${call}, bare or qualified (microsoft.graph.${call})`, examples: [call] }) }) : itemParams
      // An action without parameters declares no body, so that json-body.ts reads an empty one as
      // none (as the docs send it); a body that is sent is checked here, by the kit's own check.
      const checkUndeclared = !isFunction && operation.body === undefined ? kitCheck(body) : undefined
      for (const segment of segments) {
        app.route({
          method: isFunction ? 'GET' : 'POST',
          url: `${itemPath}/${segment}`,
          config: config(operation.permissions),
          schema: {
            tags,
            summary: `The bound ${operation.kind} ${operation.name}`,
            params,
            ...(operation.body === undefined ? {} : { body }),
            response: { ...(operation.response === undefined ? { 204: NO_CONTENT } : { 200: operation.response }), ...GRAPH_ERROR_RESPONSES }
          },
          handler: (request, reply) => {
            if (checkUndeclared !== undefined && request.body !== undefined) {
              const findings = checkUndeclared(request.body)
              if (findings !== undefined) throw bodyValidationError(findings, { schema: body, body: request.body, qualifiedName })
            }
            const params = request.params as Record<string, string>
            const found = find(request)
            if (found === undefined) throw entityNotFound(params['id'] ?? '')
            const input = isFunction ? callParameters(request, operation) : (request.body ?? {}) as Record<string, unknown>
            const [id, entity] = found
            const { changes, answer } = operation.run({ id, entity, input, records: (beside) => recordsOf(request, beside), now: request.state.clock.now() })
            if (changes !== undefined) recordsOf(request).update(id, changes)
            // The answer's schema is the declaration's own, which the type provider cannot see through.
            const untyped = reply as FastifyReply
            if (operation.response === undefined) untyped.code(204).send()
            else untyped.send(answer)
          }
        })
      }
    }
  }

  if (resource.kind === 'singleton') {
    const { path, operations } = resource
    const theOne = (request: FastifyRequest): [string, StoredRecord] | undefined => recordsOf(request).list()[0]
    const missing = () => resourceNotFound(`The ${qualifiedName} singleton holds no entity: seed it with a fixture or PUT /_mock/store/${resource.entitySet}/{id}.`)
    if (operations.get !== undefined) {
      /** GET of the singleton: the entity itself, as the SDKs read it. */
      app.get(path, {
        config: config(operations.get, ENTITY_OPTIONS),
        schema: {
          tags,
          summary: `Get ${qualifiedName}`,
          response: { 200: schemas.entity, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request, reply) => {
        const found = theOne(request)
        if (found === undefined) throw missing()
        sendEntity(request, reply as FastifyReply, path, request.params as Record<string, string>, found)
      })
    }
    if (operations.update !== undefined) {
      app.patch(path, {
        config: config(operations.update),
        schema: {
          tags,
          summary: `Update ${qualifiedName}`,
          body: schemas.body,
          response: { 200: schemas.entity, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request) => {
        const found = theOne(request)
        if (found === undefined) throw missing()
        const updated = recordsOf(request).update(found[0], propertiesOf(request.body as Record<string, unknown>))
        return wholeEntity(found[0], updated ?? found[1])
      })
    }
    operationRoutes(path, resource.actions ?? [], theOne)
    return
  }

  const { operations } = resource
  for (const setPath of resource.paths) {
    const { path } = setPath
    const itemPath = `${path}/:id`
    const params = paramsSchema(path)
    const itemParams = paramsSchema(itemPath)
    const idOf = (request: FastifyRequest) => (request.params as Record<string, string>)['id'] ?? ''

    /** What a read of the collection under this path goes through: its records, as the parent holds them. */
    function collectionRead (request: FastifyRequest): CollectionRead<StoredRecord> {
      const { holds } = setPath
      const held = parentParams(request, setPath)
      const records = recordsOf(request)
      const isHeld = (record: StoredRecord | undefined) => record !== undefined && (holds === undefined || holds(record, held))
      return {
        options: listedOptions(readQueryOptions(request.query as Record<string, unknown>, entityType, { collection: true, prefixOptional })),
        records: () => (holds === undefined ? records.list() : records.list().filter(([, record]) => isHeld(record))),
        current: (id) => { const record = records.get(id); return isHeld(record) ? record : undefined },
        pageSize,
        maxPageSize: maxPageSizeOf(request),
        scope: JSON.stringify([version, filledPath(path, request.params as Record<string, string>), held]),
        cursors: request.state.cursors
      }
    }

    if (operations.list !== undefined) {
      /** GET of the set: a page of the entities its query options choose, and the link to the next (concepts/paging.md). */
      app.get(path, {
        config: config(operations.list, COLLECTION_OPTIONS),
        schema: {
          tags,
          summary: `List ${qualifiedName}`,
          params,
          response: { 200: schemas.collection, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request, reply) => {
        const read = collectionRead(request)
        const { options, maxPageSize } = read
        const page = collectionPage(read)
        if (maxPageSize !== undefined && maxPageSize <= pageSize) reply.header('preference-applied', `odata.maxpagesize=${maxPageSize}`)
        const members = [`"@odata.context":${JSON.stringify(contextOf(request, path, parentParams(request, setPath), options))}`]
        if (options.count) members.push(`"@odata.count":${page.count}`)
        members.push(`"value":[${page.items.map(([id, record]) => `{${entityMembers(id, record, options.select, false)}}`).join(',')}]`)
        if (page.skipToken !== undefined) members.push(`"@odata.nextLink":${JSON.stringify(nextLinkOf(request, options, page.skipToken))}`)
        // Text, which the type provider, typing the answer from the collection's schema, does not expect.
        sendJsonText(reply as FastifyReply, `{${members.join(',')}}`)
      })

      /** GET of the set's `/$count`: how many entities its `$filter` matches, as text (concepts/query-parameters.md, count). */
      app.get(`${path}/$count`, {
        config: config(operations.list, COUNT_OPTIONS),
        schema: {
          tags,
          summary: `Count ${qualifiedName}`,
          params,
          response: { 200: { description: 'The number of matches', content: { 'text/plain': { schema: COUNT_TEXT } } }, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request, reply) => {
        reply.type('text/plain; charset=utf-8').send(String(matchCount(collectionRead(request))))
      })
    }

    if (operations.get !== undefined) {
      app.get(itemPath, {
        config: config(operations.get, ENTITY_OPTIONS),
        schema: {
          tags,
          summary: `Get ${qualifiedName}`,
          params: itemParams,
          response: { 200: schemas.entity, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request, reply) => {
        const record = heldRecord(request, setPath, idOf(request))
        if (record === undefined) throw entityNotFound(idOf(request))
        sendEntity(request, reply as FastifyReply, path, parentParams(request, setPath), [idOf(request), record])
      })
    }

    // A parent that holds only some records (a user's devices) cannot say what makes a new one its own.
    if (operations.create !== undefined && setPath.holds === undefined) {
      /** POST to the set: a new entity under a fresh id; 201 with its Location. */
      app.post(path, {
        config: config(operations.create),
        schema: {
          tags,
          summary: `Create ${qualifiedName}`,
          params,
          body: schemas.body,
          response: { 201: schemas.entity, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request, reply) => {
        const { record, problem } = takeRecord('new', propertiesOf(request.body as Record<string, unknown>))
        if (problem !== undefined) throw modelValidationFailure(`The new ${qualifiedName}: ${problem.replace(/^record 'new' /, '')}`)
        const [id, created] = recordsOf(request).create(record)
        reply
          .code(201)
          .header('location', `${serviceRoot(request)}${filledPath(path, request.params as Record<string, string>)}/${encodeURIComponent(id)}`)
          .send(wholeEntity(id, created))
      })
    }

    if (operations.update !== undefined) {
      /** PATCH of an entity: the body merged in, the whole entity answered. */
      app.patch(itemPath, {
        config: config(operations.update),
        schema: {
          tags,
          summary: `Update ${qualifiedName}`,
          params: itemParams,
          body: schemas.body,
          response: { 200: schemas.entity, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request) => {
        const id = idOf(request)
        if (heldRecord(request, setPath, id) === undefined) throw entityNotFound(id)
        const updated = recordsOf(request).update(id, propertiesOf(request.body as Record<string, unknown>))
        if (updated === undefined) throw entityNotFound(id)
        return wholeEntity(id, updated)
      })
    }

    if (operations.delete !== undefined) {
      app.delete(itemPath, {
        config: config(operations.delete),
        schema: {
          tags,
          summary: `Delete ${qualifiedName}`,
          params: itemParams,
          response: { 204: NO_CONTENT, ...GRAPH_ERROR_RESPONSES }
        }
      }, (request, reply) => {
        const id = idOf(request)
        if (heldRecord(request, setPath, id) === undefined || !deleteEntity(request, id)) throw entityNotFound(id)
        reply.code(204).send()
      })
    }

    operationRoutes(itemPath, resource.actions ?? [], (request) => {
      const record = heldRecord(request, setPath, idOf(request))
      return record === undefined ? undefined : [idOf(request), record]
    })
  }
}

export default resourceRoutes

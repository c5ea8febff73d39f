/** The typed client's method types, each made from its operation's schemas in src/control/operations.ts. */
import type { Static, TSchema } from '@sinclair/typebox'
import type { ControlOperationName, ControlOperations } from '../control/operations.js'
import type { StoredRecords } from '../resources/stored-records.js'

type SchemaOf<N extends ControlOperationName> = ControlOperations[N]['schema']

/** The type of the schema's part `K`, or never when the operation has no such part. */
type PartOf<S, K extends string> = S extends { readonly [P in K]: infer T extends TSchema } ? Static<T> : never

type Parts<S> = { params: PartOf<S, 'params'>, query: PartOf<S, 'querystring'>, body: PartOf<S, 'body'> }
type PresentKeys<P> = { [K in keyof P]: [P[K]] extends [never] ? never : K }[keyof P]
// A body is always sent when there is one; params and a query may be left out when all they hold is optional.
type RequiredKeys<P> = { [K in PresentKeys<P>]: K extends 'body' ? K : {} extends P[K] ? never : K }[PresentKeys<P>]

type Flat<T> = { [K in keyof T]: T[K] } & {}
type InputOf<P> = Flat<{ [K in RequiredKeys<P>]: P[K] } & { [K in Exclude<PresentKeys<P>, RequiredKeys<P>>]?: P[K] }>

/** What an operation takes: `params`, `query` and `body`, each as its schema has it, those it lacks left out. */
export type ControlInput<N extends ControlOperationName> = InputOf<Parts<SchemaOf<N>>>

type ResponsesOf<N extends ControlOperationName> = SchemaOf<N>['response']
// Statuses spread in from CONTROL_ERROR_REPLIES are string keys, those written out numbers: compare them as text.
type SuccessStatus<R> = { [C in keyof R]: C extends string | number ? `${C}` extends `2${string}` ? C : never : never }[keyof R]
/** An answer's schema: the status's own, or that of its one content type (`{ content: { 'text/plain': { schema } } }`). */
type AnswerSchema<A> = A extends TSchema ? A : A extends { content: Record<string, { schema: infer S extends TSchema }> } ? S : never
type Success<R, C> = C extends 204 | '204' ? void : C extends keyof R ? Static<AnswerSchema<R[C]>> : never

/** What an operation answers with: its 2xx body, void for 204. */
export type ControlResult<N extends ControlOperationName> = Success<ResponsesOf<N>, SuccessStatus<ResponsesOf<N>>>

/** No argument when the operation takes nothing, an optional one when it needs nothing. */
export type ControlMethod<N extends ControlOperationName> =
  [PresentKeys<Parts<SchemaOf<N>>>] extends [never] ? () => Promise<ControlResult<N>>
    : [RequiredKeys<Parts<SchemaOf<N>>>] extends [never] ? (input?: ControlInput<N>) => Promise<ControlResult<N>>
        : (input: ControlInput<N>) => Promise<ControlResult<N>>

/** A record of the set `S`: its resource's record type for a set graph-mock serves, named as fixtures name it; any record for another name. */
export type RecordOf<S extends string> = S extends keyof StoredRecords ? StoredRecords[S] : ControlResult<'readRecord'>

type ParamsOf<N extends ControlOperationName> = ControlInput<N> extends { params: infer P } ? P : never
/** An operation's input with `entitySet` as given and its body as `body`, so a suite's records are checked against the set they go to. */
type InSet<N extends ControlOperationName, S extends string, Body = never> = Omit<ControlInput<N>, 'params' | 'body'> & { params: Omit<ParamsOf<N>, 'entitySet'> & { entitySet: S } } & ([Body] extends [never] ? unknown : { body: NoInfer<Body> })

/** Whether a property may be left out of a record the store is given: it is filled with null, or [] for a collection. */
type Fillable<T> = null extends T ? true : T extends readonly unknown[] ? true : false
/** A record of the set `S` as the store takes it: what the store fills in may be left out. */
export type RecordInputOf<S extends string> = RecordOf<S> extends infer R
  ? Flat<{ [K in keyof R as Fillable<R[K]> extends true ? never : K]: R[K] } & { [K in keyof R as Fillable<R[K]> extends true ? K : never]?: R[K] }>
  : never

/** The store's operations, typed by the set they name. */
interface RecordMethods {
  listRecords: <S extends string>(input: InSet<'listRecords', S>) => Promise<Record<string, RecordOf<S>>>
  replaceRecords: <S extends string>(input: InSet<'replaceRecords', S, Record<string, RecordInputOf<S>>>) => Promise<Record<string, RecordOf<S>>>
  readRecord: <S extends string>(input: InSet<'readRecord', S>) => Promise<RecordOf<S>>
  putRecord: <S extends string>(input: InSet<'putRecord', S, RecordInputOf<S>>) => Promise<RecordOf<S>>
}

/** One method per control operation, named as CONTROL_OPERATIONS names it. */
export type ControlClient = { readonly [N in Exclude<ControlOperationName, keyof RecordMethods>]: ControlMethod<N> } & Readonly<RecordMethods>

/** One journal entry, as listRequests answers it. */
export type JournalEntry = ControlResult<'listRequests'>['entries'][number]

/** An active fault rule, as addFaultRule answers it and listFaultRules lists it. */
export type FaultRule = ControlResult<'addFaultRule'>

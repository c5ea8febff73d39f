/** Reads the seed data: one `<EntitySet>.json` file per entity set, each record checked against its resource schema. */
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { TObject } from '@sinclair/typebox'
import { duplicatePropertyName } from '../json-objections.js'
import { shownInput } from '../shown-input.js'
import { StartError } from '../start-error.js'
import { recordIntake } from './record-check.js'
import type { StoreSeed } from './store.js'

/** A fixture problem, worded for the person who has to fix the file. */
export class FixtureError extends StartError {
  override name = 'FixtureError'
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function listJsonFiles (dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    // Symbolic links count: Kubernetes mounts ConfigMap files as links.
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.json'))
      .map((entry) => entry.name)
      .sort()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code})`
    throw new FixtureError(`Fixtures directory ${dir} ${reason}. Set FIXTURES_DIR to a directory holding one <EntitySet>.json file per entity set.`)
  }
}

async function readJson (file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new FixtureError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code}).`)
  }
  let content: unknown
  try {
    content = JSON.parse(text)
  } catch (error) {
    throw new FixtureError(`${file}: is not valid JSON (${(error as Error).message}).`)
  }
  const duplicate = duplicatePropertyName(text)
  if (duplicate !== undefined) {
    throw new FixtureError(`${file}: the name '${duplicate}' appears twice in one object; JSON would keep only the last, so the first would be lost silently.`)
  }
  return content
}

/** Fixtures given as values, as startGraphMock takes them: records keyed by id, by entity set. */
export type FixtureSets = Readonly<Record<string, unknown>>

/** What fixtures are checked against: each set's record schema, by name, and which sets hold a singleton. */
export interface FixtureRules {
  schemas: Readonly<Record<string, TObject>>
  singletons: readonly string[]
}

/**
 * The seed of `sets` (entity set → records by id), each record checked against its schema once
 * what it leaves out is filled in (recordIntake). A set
 * naming no known entity set is an error, so a typo cannot silently leave a set empty, and so is
 * a singleton's set of more than one record, of which its GET would only ever answer the first;
 * `sourceOf` names where a set came from in the error.
 */
export function checkedSeed (sets: FixtureSets, { schemas, singletons }: FixtureRules, sourceOf: (entitySet: string) => string): StoreSeed {
  const seed: StoreSeed = {}
  for (const [entitySet, content] of Object.entries(sets)) {
    const schema = schemas[entitySet]
    if (schema === undefined) {
      throw new FixtureError(`${sourceOf(entitySet)}: no resource has the entity set '${entitySet}'. Known entity sets: ${Object.keys(schemas).join(', ')}.`)
    }
    if (!isPlainObject(content)) {
      throw new FixtureError(`${sourceOf(entitySet)}: must hold a JSON object keyed by id, like { "<id>": { ...properties } }.`)
    }
    const ids = Object.keys(content)
    if (ids.length > 1 && singletons.includes(entitySet)) {
      throw new FixtureError(`${sourceOf(entitySet)}: ${entitySet} is a singleton and holds one record, but this holds ${ids.length} (${ids.map((id) => `'${shownInput(id)}'`).join(', ')}). Keep the one its GET is to answer.`)
    }
    const take = recordIntake(schema)
    const records: Record<string, unknown> = {}
    for (const [id, given] of Object.entries(content)) {
      const { record, problem } = take(id, given)
      if (problem !== undefined) throw new FixtureError(`${sourceOf(entitySet)}: ${problem}`)
      records[id] = record
    }
    seed[entitySet] = records as StoreSeed[string]
  }
  return seed
}

/** Loads every fixture file of `dir`, `<EntitySet>.json`, as checkedSeed checks them; an entity set without a file starts empty. */
export async function loadFixtures (dir: string, rules: FixtureRules): Promise<StoreSeed> {
  const absoluteDir = resolve(dir)
  const sets: Record<string, unknown> = {}
  const fileOf = (entitySet: string) => join(absoluteDir, `${entitySet}.json`)
  for (const fileName of await listJsonFiles(absoluteDir)) {
    const entitySet = fileName.slice(0, -'.json'.length)
    sets[entitySet] = await readJson(fileOf(entitySet))
  }
  return checkedSeed(sets, rules, fileOf)
}

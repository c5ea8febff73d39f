import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { fixtureRules } from '../../src/resources/index.js'
import { FixtureError, loadFixtures } from '../../src/state/fixtures.js'
import { ENTITY_SET } from '../helper.js'

const rules = fixtureRules()
const valid = { sessionKey: 'k', sessionType: 'viewScreen', pubSubEncryptionKey: 'a2V5', pubSubEncryption: 'AES256' }

async function fixturesDir (t: TestContext, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'graph-mock-fixtures-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

test('the bundled fixtures load, with at least three records, all valid', async () => {
  const seed = await loadFixtures('fixtures', rules)
  const records = Object.values(seed[ENTITY_SET] ?? {})
  assert.ok(records.length >= 3)
  for (const record of records) assert.deepEqual(Object.keys(record).sort(), ['pubSubEncryption', 'pubSubEncryptionKey', 'sessionKey', 'sessionType'])
})

test('a valid file loads keyed by id; files other than .json are ignored', async (t) => {
  const dir = await fixturesDir(t, { [`${ENTITY_SET}.json`]: JSON.stringify({ 'id-1': valid }), 'README.md': '# notes' })
  assert.deepEqual(await loadFixtures(dir, rules), { [ENTITY_SET]: { 'id-1': valid } })
})

test('an entity set without a file starts empty', async (t) => {
  const dir = await fixturesDir(t, {})
  assert.deepEqual(await loadFixtures(dir, rules), {})
})

const refused: Array<{ name: string, files: Record<string, string>, message: RegExp }> = [
  { name: 'a property of the wrong type', files: { [`${ENTITY_SET}.json`]: JSON.stringify({ 'id-1': valid, 'id-2': { ...valid, sessionKey: 7 } }) }, message: new RegExp(`${ENTITY_SET}\\.json: record 'id-2' property 'sessionKey' is 7: Expected`) },
  { name: 'a bad enum value', files: { [`${ENTITY_SET}.json`]: JSON.stringify({ 'id-1': { ...valid, sessionType: 'everything' } }) }, message: /record 'id-1' property 'sessionType' is "everything": .* One or more of: viewScreen, takeFullControl/ },
  { name: 'an unknown property', files: { [`${ENTITY_SET}.json`]: JSON.stringify({ 'id-1': { ...valid, colour: 'red' } }) }, message: /record 'id-1' property 'colour'/ },
  // One with no default, and for which null is no value: the rest are filled in.
  { name: 'a missing property', files: { 'deviceManagement.remoteAssistanceSettings.json': JSON.stringify({ settings: { allowSessionsToUnenrolledDevices: false, blockChat: false } }) }, message: /record 'settings' property 'remoteAssistanceState' is missing: Expected required property/ },
  { name: 'an empty id', files: { [`${ENTITY_SET}.json`]: JSON.stringify({ '': valid }) }, message: new RegExp(`${ENTITY_SET}\\.json: record '' has an empty id`) },
  { name: 'a record that is not an object', files: { [`${ENTITY_SET}.json`]: JSON.stringify({ 'id-1': 'text' }) }, message: /record 'id-1' is "text": Expected object/ },
  { name: 'an array instead of an object keyed by id', files: { [`${ENTITY_SET}.json`]: JSON.stringify([valid]) }, message: /must hold a JSON object keyed by id/ },
  { name: 'invalid JSON', files: { [`${ENTITY_SET}.json`]: '{ "id-1": ' }, message: new RegExp(`${ENTITY_SET}\\.json: is not valid JSON`) },
  { name: 'a file for an unknown entity set', files: { 'RequestRemoteHelpSessionAccessResponses.json': '{}' }, message: /no resource has the entity set 'RequestRemoteHelpSessionAccessResponses'\. Known entity sets: RequestRemoteHelpSessionAccessResponse[,.]/ }
]
for (const { name, files, message } of refused) {
  test(`refused with file, id and property named: ${name}`, async (t) => {
    const dir = await fixturesDir(t, files)
    await assert.rejects(loadFixtures(dir, rules), (error: Error) => error instanceof FixtureError && message.test(error.message))
  })
}

test('a record may leave out what Graph\'s create fills in: nulls, empty collections, defaults', async (t) => {
  const dir = await fixturesDir(t, {
    [`${ENTITY_SET}.json`]: JSON.stringify({ 'id-1': { sessionKey: 'k' } }),
    'deviceManagement.managedDevices.json': JSON.stringify({ 'device-1': { deviceName: 'PC-1', operatingSystem: 'Windows' } })
  })
  const seed = await loadFixtures(dir, rules)
  assert.deepEqual(seed[ENTITY_SET], { 'id-1': { sessionKey: 'k', sessionType: null, pubSubEncryptionKey: null, pubSubEncryption: null } })
  const device = seed['deviceManagement.managedDevices']?.['device-1'] ?? {}
  assert.equal(Object.keys(device).length, 83)
  assert.deepEqual([device['deviceName'], device['operatingSystem'], device['serialNumber'], device['usersLoggedOn'], device['hardwareInformation']], ['PC-1', 'Windows', null, [], null])
})

test('a singleton\'s file holding two records is refused, naming both ids: its GET would only ever answer the first', async (t) => {
  const settings = await readFile('fixtures/deviceManagement.remoteAssistanceSettings.json', 'utf8')
  const [[id, record] = []] = Object.entries(JSON.parse(settings) as Record<string, unknown>)
  const dir = await fixturesDir(t, { 'deviceManagement.remoteAssistanceSettings.json': JSON.stringify({ [String(id)]: record, other: record }) })
  await assert.rejects(loadFixtures(dir, rules), (error: Error) => error instanceof FixtureError &&
    error.message === `${join(dir, 'deviceManagement.remoteAssistanceSettings.json')}: deviceManagement.remoteAssistanceSettings is a singleton and holds one record, but this holds 2 ('${String(id)}', 'other'). Keep the one its GET is to answer.`)
  const one = await fixturesDir(t, { 'deviceManagement.remoteAssistanceSettings.json': settings })
  assert.equal(Object.keys((await loadFixtures(one, rules))['deviceManagement.remoteAssistanceSettings'] ?? {}).length, 1)
})

test('a missing directory says how to fix it', async () => {
  await assert.rejects(loadFixtures('/nonexistent/graph-mock', rules), /Fixtures directory \/nonexistent\/graph-mock does not exist\. Set FIXTURES_DIR/)
})

test('files reached through symbolic links load, as Kubernetes ConfigMaps mount them', async (t) => {
  const source = await fixturesDir(t, { 'data.json': JSON.stringify({ 'id-1': valid }) })
  const dir = await fixturesDir(t, {})
  await symlink(join(source, 'data.json'), join(dir, `${ENTITY_SET}.json`))
  assert.deepEqual(await loadFixtures(dir, rules), { [ENTITY_SET]: { 'id-1': valid } })
})

test('a file that cannot be read is named with the reason', async (t) => {
  const dir = await fixturesDir(t, {})
  await symlink(join(dir, 'missing-target.json'), join(dir, `${ENTITY_SET}.json`))
  await assert.rejects(loadFixtures(dir, rules), new RegExp(`${ENTITY_SET}\\.json: cannot be read \\(ENOENT\\)`))
})

test('a file path given as the directory is refused', async (t) => {
  const dir = await fixturesDir(t, { [`${ENTITY_SET}.json`]: '{}' })
  await assert.rejects(loadFixtures(join(dir, `${ENTITY_SET}.json`), rules), /is not a directory/)
})

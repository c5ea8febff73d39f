/**
 * Many clients PATCHing one record at once, each writing its own field: the result must be what
 * some one-at-a-time order of the accepted updates gives, and the journal must hold every request.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { once } from 'node:events'
import { Agent, request, type IncomingMessage } from 'node:http'
import { JSON_AUTH, KNOWN_ID, buildListeningApp, itemUrl } from '../helper.js'

type Update = Record<string, string>

const SESSION_TYPES = ['viewScreen', 'takeFullControl', 'elevation', 'unattended']

/** Update i writes one field, chosen by i, with a value no other update writes; every tenth is invalid as a whole. */
function update (i: number): Update {
  if (i % 10 === 9) return { sessionKey: `refused-${i}`, sessionType: 'notAType' }
  switch (i % 3) {
    case 0: return { sessionKey: `key-${i}` }
    case 1: return { pubSubEncryptionKey: `enc-${i}`, sessionType: SESSION_TYPES[i % 4] ?? 'viewScreen' }
    default: return { pubSubEncryption: `alg-${i}` }
  }
}

test('400 concurrent PATCHes on 32 connections: the record is a serial replay of the accepted ones, in journal order', async (t) => {
  const { port, store } = await buildListeningApp(t)
  const initial = { ...store.entitySet('RequestRemoteHelpSessionAccessResponse').get(KNOWN_ID) }
  const agent = new Agent({ keepAlive: true, maxSockets: 32 })
  t.after(() => agent.destroy())
  const url = `http://127.0.0.1:${port}${itemUrl(KNOWN_ID)}`
  const patch = async (body: Update) => {
    const req = request(url, { method: 'PATCH', headers: JSON_AUTH, agent })
    req.end(JSON.stringify(body))
    const [res] = await once(req, 'response') as [IncomingMessage]
    let text = ''
    for await (const chunk of res.setEncoding('utf8')) text += chunk as string
    return { status: res.statusCode, record: JSON.parse(text) as Update }
  }
  const updates = Array.from({ length: 400 }, (_, i) => update(i))

  const answers = await Promise.all(updates.map(patch))
  const accepted = updates.filter((_, i) => answers[i]?.status === 200)
  assert.equal(accepted.length, 360)
  assert.ok(answers.every((answer) => answer.status === 200 || answer.status === 400))

  const journal = await (await fetch(`http://127.0.0.1:${port}/_mock/requests?method=PATCH&limit=1000`)).json() as { entries: Array<{ id: number, status: number, body: Update }> }
  assert.equal(journal.entries.length, 400, 'the journal counts every request')
  assert.equal(journal.entries.filter((entry) => entry.status === 400).length, 40)

  // Replaying the accepted updates in journal order gives each answer in turn and the final record.
  const inOrder = journal.entries.filter((entry) => entry.status === 200).sort((a, b) => a.id - b.id)
  let replayed: Update = { '@odata.type': '#microsoft.graph.requestRemoteHelpSessionAccessResponse', ...initial } as Update
  const answerFor = new Map(answers.filter((answer) => answer.status === 200).map((answer, i) => [JSON.stringify(accepted[i]), answer.record]))
  for (const entry of inOrder) {
    replayed = { ...replayed, ...entry.body }
    assert.deepEqual(answerFor.get(JSON.stringify(entry.body)), replayed)
  }
  const { '@odata.context': _context, ...final } = await (await fetch(url, { headers: JSON_AUTH })).json() as Update & { '@odata.context': string }
  assert.deepEqual(final, replayed)
})

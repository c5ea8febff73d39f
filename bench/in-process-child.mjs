/**
 * One measurement of bench/in-process-start.ts, in a fresh process: `graph-mock` (startGraphMock
 * from dist/, as a suite imports it) or `bare` (a Fastify app with one route, listening), each
 * timed from import to listening and to the first answered request. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks'

const subject = process.argv[2]
const t0 = performance.now()
let listening, stop
if (subject === 'graph-mock') {
  const { startGraphMock } = await import('../dist/index.js')
  const imported = performance.now()
  const graph = await startGraphMock()
  listening = { url: graph.url, importMs: imported - t0, startMs: performance.now() - imported }
  stop = () => graph.close()
} else {
  const { default: Fastify } = await import('fastify')
  const imported = performance.now()
  const app = Fastify()
  app.get('/_mock/health', async () => ({ status: 'ok' }))
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  listening = { url, importMs: imported - t0, startMs: performance.now() - imported }
  stop = () => app.close()
}
const beforeAnswer = performance.now()
const answer = await fetch(`${listening.url}/_mock/health`)
await answer.arrayBuffer()
const firstAnswerMs = performance.now() - beforeAnswer
let secondStartMs
if (subject === 'graph-mock') {
  const { startGraphMock } = await import('../dist/index.js')
  const before = performance.now()
  const second = await startGraphMock()
  secondStartMs = performance.now() - before
  await second.close()
}
await stop()
console.log(JSON.stringify({ importMs: listening.importMs, startMs: listening.startMs, firstAnswerMs, secondStartMs, status: answer.status }))

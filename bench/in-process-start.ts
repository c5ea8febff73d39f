/**
 * npm run bench, in-process start: how long `await startGraphMock()` takes in a test process
 * that has just imported graph-mock (target under 150 ms, without HTTPS), beside a bare Fastify
 * app with one route started the same way; each the median of fresh processes, alternating.
 * The import itself, which a suite pays once per file, is reported beside it.
 */
import { execFileSync } from 'node:child_process'
import { median, row } from './harness.js'

const STARTS = Number(process.env['BENCH_STARTS'] ?? 5)
const TARGET_MS = 150

interface Measurement { importMs: number, startMs: number, firstAnswerMs: number, secondStartMs?: number, status: number }

function measure (subject: 'graph-mock' | 'bare'): Measurement {
  const line = execFileSync(process.execPath, ['bench/in-process-child.mjs', subject], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? ''
  const measurement = JSON.parse(line) as Measurement
  if (measurement.status !== 200) throw new Error(`${subject}: the first request answered ${measurement.status}`)
  return measurement
}

const runs: Record<'graph-mock' | 'bare', Measurement[]> = { 'graph-mock': [], bare: [] }
for (let round = 0; round < STARTS; round++) {
  for (const subject of ['graph-mock', 'bare'] as const) runs[subject].push(measure(subject))
}
const figure = (subject: 'graph-mock' | 'bare', key: 'importMs' | 'startMs' | 'firstAnswerMs' | 'secondStartMs') => median(runs[subject].map((run) => run[key] ?? 0))
const fmt = (ms: number) => ms.toFixed(1)

const start = figure('graph-mock', 'startMs')
const met = start < TARGET_MS
console.log(`\n## In-process start (median of ${STARTS} fresh processes each)\n`)
console.log(row(['', 'import (ms)', 'start to listening (ms)', 'first answer (ms)', 'a second start in the same process (ms)']))
console.log(row(['---', '---', '---', '---', '---']))
console.log(row(['`startGraphMock()`, bundled fixtures, HTTP', fmt(figure('graph-mock', 'importMs')), fmt(start), fmt(figure('graph-mock', 'firstAnswerMs')), fmt(figure('graph-mock', 'secondStartMs'))]))
console.log(row(['bare Fastify, one route', fmt(figure('bare', 'importMs')), fmt(figure('bare', 'startMs')), fmt(figure('bare', 'firstAnswerMs')), '']))
console.log(`\nstartGraphMock() over the bare app's start: ${(start / figure('bare', 'startMs')).toFixed(1)}×. Target: under ${TARGET_MS} ms: ${fmt(start)} ms, ${met ? 'met' : 'MISSED'}.`)
process.exitCode = met ? 0 : 1

// npm run bench: every benchmark, each against its baseline measured in the same run, as
// markdown tables; the whole report goes to test/bench/RESULTS.md. Targets missed are shown
// as missed. BENCH_SECONDS (per load run, default 10) and SOAK_SECONDS (default 300) size it;
// BENCH_ONLY=api,scale,... runs a subset (with BENCH_REPLACE=1 its sections replace theirs in
// RESULTS.md); BENCH_BEFORE=<git ref> adds before/after rows (lib.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import api from './api.js'
import assistant from './assistant.js'
import board from './board.js'
import chat from './chat.js'
import frontend from './frontend.js'
import live from './live.js'
import quota from './quota.js'
import { BEFORE_REF, repoRoot, run } from './lib.js'
import scale, { bigDatabase, type BigDatabase } from './scale.js'
import { memory, startup } from './startup.js'
import { devLoop, images, resilience, tilt } from './suites.js'

const only = process.env.BENCH_ONLY?.split(',')
const want = (name: string) => !only || only.includes(name)
const started = Date.now()

console.error('INFO - building the backend (npm run build -w backend)')
await run('npm', ['run', 'build', '-w', 'backend'], { cwd: repoRoot })

const sections: string[] = []
let big: BigDatabase | undefined
const section = async (name: string, fn: () => Promise<string>) => {
  if (!want(name)) return
  console.error(`INFO - ${name} ...`)
  const t = Date.now()
  const text = await fn()
  console.log(text)
  sections.push(text)
  console.error(`INFO - ${name} took ${Math.round((Date.now() - t) / 1000)} s`)
}
const needBig = async () => (big ??= await bigDatabase())

await section('api', api)
await section('scale', async () => scale(await needBig()))
await section('chat', chat)
await section('startup', async () => startup(await needBig()))
await section('memory', memory)
await section('frontend', frontend)
await section('board', board)
await section('assistant', assistant)
await section('quota', quota)
await section('live', live)
await section('devloop', devLoop)
await section('images', images)
await section('tilt', tilt)
await section('resilience', resilience)

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const beforeSubject = BEFORE_REF ? (await run('git', ['log', '-1', '--format=%h %s', BEFORE_REF], { cwd: repoRoot })).stdout.trim() : ''
const report = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${Math.round((Date.now() - started) / 60000)} min.`,
  `Machine: ${os.type()} ${os.release()}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  'Every baseline was measured in the same run on the same machine. Load comes from `wrk` (one thread) or a Node client in',
  'a second process, on loopback. A target missed is marked **missed**; why, in',
  '[docs/testing.md](../../docs/testing.md#missed-targets).',
  ...(BEFORE_REF ? [`Rows marked "before (${BEFORE_REF})" measure the backend at that commit (${beforeSubject}), built from a worktree in this run.`] : []),
  '',
  ...sections,
].join('\n')
const results = path.join(repoRoot, 'test/bench/RESULTS.md')
if (!only) fs.writeFileSync(results, `${report}\n`)
else if (process.env.BENCH_REPLACE === '1') replaceSections()
console.error(`INFO - bench finished in ${Math.round((Date.now() - started) / 1000)} s${only && process.env.BENCH_REPLACE !== '1' ? ' (subset: RESULTS.md not written)' : ''}`)

/**
 * BENCH_ONLY=… BENCH_REPLACE=1: each section measured now replaces the section of the same
 * title in RESULTS.md (its baselines were measured in this run too), and the header says
 * which sections were measured later, and when.
 */
function replaceSections() {
  const title = (text: string) => /^### (?:\d+\. )?([^(\n]*)/m.exec(text)?.[1]?.trim()
  const blocks = fs.readFileSync(results, 'utf8').split(/\n(?=### )/)
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  for (const text of sections) {
    const at = blocks.findIndex((b) => b.startsWith('### ') && title(b) === title(text))
    if (at < 0) throw new Error(`RESULTS.md has no section "${title(text)}" to replace`)
    blocks[at] = `${text.trimEnd()}\n`
    // A section's earlier re-measurement note goes; the new one says when and how.
    const header = blocks[0]!.split('\n').filter((line) => !(line.startsWith('Re-measured') && line.endsWith(`: ${title(text)}.`)))
    blocks[0] = `${header.join('\n').trimEnd()}\nRe-measured on ${when} UTC by \`BENCH_ONLY=${only!.join(',')}\`${BEFORE_REF ? ` with \`BENCH_BEFORE=${BEFORE_REF}\` (${beforeSubject})` : ''}: ${title(text)}.\n`
  }
  fs.writeFileSync(results, blocks.join('\n'))
}

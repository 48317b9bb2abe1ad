// 4. Start-up: process start → /ready 200, the runtime image's command, fresh database and the
// 1,000,000-row one. 5. Memory: RSS after start, after 100,000 requests, and over a soak.
import fs from 'node:fs'
import path from 'node:path'
import { backendRuntimeArgs } from '../harness/dockerfile.js'
import type { BigDatabase } from './scale.js'
import { BEFORE_REF, beforeRoot, fmt, freePort, hammer, launch, median, repoRoot, row, rssMb, sleep, startBackend, table, tempDir, userWithTasks, waitForUrl } from './lib.js'

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 300)

/** The compiled backend on `file`; resolves with the milliseconds from spawn to /ready 200. */
async function timeToReady(file: string): Promise<number> {
  const port = await freePort()
  const t = performance.now()
  const proc = launch(process.execPath, backendRuntimeArgs(), {
    cwd: path.join(repoRoot, 'backend'),
    env: { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: file },
  })
  await waitForUrl(`http://127.0.0.1:${port}/ready`, { process: proc, intervalMs: 5 })
  const ms = performance.now() - t
  await proc.stop()
  return ms
}

// The floor for both: a bare node:http server, started and measured the same way.
const BARE = "require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"

async function bareNode() {
  const port = await freePort()
  const t = performance.now()
  const proc = launch(process.execPath, ['-e', BARE], { env: { PORT: String(port) } })
  await waitForUrl(`http://127.0.0.1:${port}/`, { process: proc, intervalMs: 5 })
  const ms = performance.now() - t
  await sleep(500)
  const rss = rssMb(proc.child.pid!)
  await hammer(`http://127.0.0.1:${port}/`, {}, 100_000)
  const rssAfter = rssMb(proc.child.pid!)
  await proc.stop()
  return { ms, rss, rssAfter }
}

export async function startup(big: BigDatabase) {
  const fresh = []
  for (let i = 0; i < 5; i++) fresh.push(await timeToReady(path.join(tempDir('todo-bench-start-'), 'todo.db')))
  const bigCopy = path.join(tempDir('todo-bench-start-big-'), 'todo.db')
  fs.copyFileSync(big.file, bigCopy)
  const large = []
  for (let i = 0; i < 3; i++) large.push(await timeToReady(bigCopy))
  const bare = []
  for (let i = 0; i < 5; i++) bare.push((await bareNode()).ms)
  const floor = `bare node:http ${fmt(median(bare), 0)} ms`
  return table(`4. Start-up: process start → /ready 200 (the runtime image's command, node ${backendRuntimeArgs().join(' ')}; median)`, [
    row('fresh database (creates and migrates it)', `${fmt(median(fresh), 0)} ms`, {
      baseline: floor,
      ratio: `+${fmt(median(fresh) - median(bare), 0)} ms`,
      target: '≤ 500 ms',
      met: median(fresh) <= 500,
    }),
    row(`database with ${fmt(big.rows, 0)} rows`, `${fmt(median(large), 0)} ms`, { baseline: floor, ratio: `+${fmt(median(large) - median(bare), 0)} ms`, target: 'stated' }),
  ])
}

/** A backend's RSS after start and after 100,000 GET /api/tasks; it keeps running. */
async function rssUnderRequests(root = repoRoot) {
  const backend = await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-mem-'), 'todo.db') }, root)
  await sleep(500)
  const atStart = rssMb(backend.child.pid!)
  const headers = { authorization: `Bearer ${await userWithTasks(backend.url, 50)}` }
  const { failed } = await hammer(`${backend.url}/api/tasks`, headers, 100_000)
  return { backend, headers, atStart, failed, after: rssMb(backend.child.pid!) }
}

export async function memory() {
  const bare = await bareNode()
  let before: Awaited<ReturnType<typeof rssUnderRequests>> | undefined
  if (BEFORE_REF) {
    before = await rssUnderRequests(await beforeRoot())
    await before.backend.stop()
  }
  const { backend: proc, headers, atStart, failed, after } = await rssUnderRequests()
  const url = proc.url

  // Soak: steady load, RSS sampled every 10 s; the trend is the slope of a least-squares fit.
  const samples: [number, number][] = []
  const deadline = Date.now() + SOAK_SECONDS * 1000
  while (Date.now() < deadline) {
    await hammer(`${url}/api/tasks`, headers, 5_000, 10)
    samples.push([(SOAK_SECONDS * 1000 - (deadline - Date.now())) / 60_000, rssMb(proc.child.pid!)])
    await sleep(Math.min(10_000, Math.max(0, deadline - Date.now())))
  }
  await proc.stop()
  const n = samples.length
  const mx = samples.reduce((s, [x]) => s + x, 0) / n
  const my = samples.reduce((s, [, y]) => s + y, 0) / n
  const slope = samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / (samples.reduce((s, [x]) => s + (x - mx) ** 2, 0) || 1)
  const halfRss = samples.slice(Math.floor(n / 2)).map(([, y]) => y)
  const firstHalf = samples.slice(0, Math.floor(n / 2)).map(([, y]) => y)
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1)
  return table(`5. Memory (RSS of one backend process)`, [
    row('after start', `${fmt(atStart, 1)} MB`, { baseline: `bare node:http ${fmt(bare.rss, 1)} MB`, target: '≤ 120 MB', met: atStart <= 120 }),
    row(`after 100,000 requests (${failed} failed)`, `${fmt(after, 1)} MB`, {
      baseline: `bare node:http ${fmt(bare.rssAfter, 1)} MB`,
      target: '≤ 120 MB',
      met: after <= 120 && failed === 0,
    }),
    ...(before
      ? [
          row(`before (${BEFORE_REF}) and now: after start, after 100,000 requests`, `${fmt(before.atStart, 1)} → ${fmt(atStart, 1)} MB, ${fmt(before.after, 1)} → ${fmt(after, 1)} MB`, {
            baseline: `${before.failed} failed before`,
          }),
        ]
      : []),
    row(
      `soak, ${SOAK_SECONDS} s under load (${n} samples)`,
      `${fmt(samples[0]?.[1], 1)} → ${fmt(samples.at(-1)?.[1], 1)} MB; slope ${fmt(slope, 2)} MB/min; halves ${fmt(avg(firstHalf), 1)} / ${fmt(avg(halfRss), 1)} MB`,
      { target: 'no upward trend', met: slope < 1 || avg(halfRss) <= avg(firstHalf) + 2 },
    ),
  ])
}

// 4. Start-up: process start → /ready 200, compiled runtime, fresh database and the
// 1,000,000-row one. 5. Memory: RSS after start, after 100,000 requests, and over a soak.
import fs from 'node:fs'
import path from 'node:path'
import { fmt, freePort, hammer, repoRoot, row, rssMb, sleep, start, stop, table, tempDir, userWithTasks, waitFor } from './lib.mjs'

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 300)

async function timeToReady(file) {
  const port = await freePort()
  const t = performance.now()
  const proc = start(process.execPath, ['dist/server.js'], {
    cwd: path.join(repoRoot, 'backend'),
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: file },
  })
  await waitFor(`http://127.0.0.1:${port}/ready`, { intervalMs: 5 })
  const ms = performance.now() - t
  await stop(proc.child)
  return ms
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// The floor for both: a bare node:http server, started and measured the same way.
const BARE = "require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"

async function bareNode() {
  const port = await freePort()
  const t = performance.now()
  const proc = start(process.execPath, ['-e', BARE], { env: { PATH: process.env.PATH, PORT: String(port) } })
  await waitFor(`http://127.0.0.1:${port}/`, { intervalMs: 5 })
  const ms = performance.now() - t
  await sleep(500)
  const rss = await rssMb(proc.child.pid)
  await hammer(`http://127.0.0.1:${port}/`, {}, 100_000)
  const rssAfter = await rssMb(proc.child.pid)
  await stop(proc.child)
  return { ms, rss, rssAfter }
}

export async function startup(big) {
  const fresh = []
  for (let i = 0; i < 5; i++) fresh.push(await timeToReady(path.join(tempDir('todo-bench-start-'), 'todo.db')))
  const bigCopy = path.join(tempDir('todo-bench-start-big-'), 'todo.db')
  fs.copyFileSync(big.file, bigCopy)
  const large = []
  for (let i = 0; i < 3; i++) large.push(await timeToReady(bigCopy))
  const bare = []
  for (let i = 0; i < 5; i++) bare.push((await bareNode()).ms)
  const floor = `bare node:http ${fmt(median(bare), 0)} ms`
  return table('4. Start-up: process start → /ready 200 (node dist/server.js, median)', [
    row('fresh database (creates and migrates it)', `${fmt(median(fresh), 0)} ms`, {
      baseline: floor,
      ratio: `+${fmt(median(fresh) - median(bare), 0)} ms`,
      target: '≤ 500 ms',
      met: median(fresh) <= 500,
    }),
    row(`database with ${fmt(big.rows, 0)} rows`, `${fmt(median(large), 0)} ms`, { baseline: floor, ratio: `+${fmt(median(large) - median(bare), 0)} ms`, target: 'stated' }),
  ])
}

export async function memory() {
  const bare = await bareNode()
  const port = await freePort()
  const proc = start(process.execPath, ['dist/server.js'], {
    cwd: path.join(repoRoot, 'backend'),
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: path.join(tempDir('todo-bench-mem-'), 'todo.db'),
    },
  })
  const url = `http://127.0.0.1:${port}`
  await waitFor(`${url}/ready`)
  await sleep(500)
  const atStart = await rssMb(proc.child.pid)
  const token = await userWithTasks(url, 50)
  const headers = { authorization: `Bearer ${token}` }
  const { failed } = await hammer(`${url}/api/tasks`, headers, 100_000)
  const after = await rssMb(proc.child.pid)

  // Soak: steady load, RSS sampled every 10 s; the trend is the slope of a least-squares fit.
  const samples = []
  const deadline = Date.now() + SOAK_SECONDS * 1000
  while (Date.now() < deadline) {
    await hammer(`${url}/api/tasks`, headers, 5_000, 10)
    samples.push([(SOAK_SECONDS * 1000 - (deadline - Date.now())) / 60_000, await rssMb(proc.child.pid)])
    await sleep(Math.min(10_000, Math.max(0, deadline - Date.now())))
  }
  await stop(proc.child)
  const n = samples.length
  const mx = samples.reduce((s, [x]) => s + x, 0) / n
  const my = samples.reduce((s, [, y]) => s + y, 0) / n
  const slope = samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / (samples.reduce((s, [x]) => s + (x - mx) ** 2, 0) || 1)
  const halfRss = samples.slice(Math.floor(n / 2)).map(([, y]) => y)
  const firstHalf = samples.slice(0, Math.floor(n / 2)).map(([, y]) => y)
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1)
  return table(`5. Memory (RSS of one backend process)`, [
    row('after start', `${fmt(atStart, 1)} MB`, { baseline: `bare node:http ${fmt(bare.rss, 1)} MB`, target: '≤ 120 MB', met: atStart <= 120 }),
    row(`after 100,000 requests (${failed} failed)`, `${fmt(after, 1)} MB`, {
      baseline: `bare node:http ${fmt(bare.rssAfter, 1)} MB`,
      target: '≤ 120 MB',
      met: after <= 120 && failed === 0,
    }),
    row(
      `soak, ${SOAK_SECONDS} s under load (${n} samples)`,
      `${fmt(samples[0]?.[1], 1)} → ${fmt(samples.at(-1)?.[1], 1)} MB; slope ${fmt(slope, 2)} MB/min; halves ${fmt(avg(firstHalf), 1)} / ${fmt(avg(halfRss), 1)} MB`,
      { target: 'no upward trend', met: slope < 1 || avg(halfRss) <= avg(firstHalf) + 2 },
    ),
  ])
}

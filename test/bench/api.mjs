// 1. API throughput and latency, one backend process, authenticated, 50 tasks per user,
// against (a) raw node:http answering the same bytes from memory and (b) the seed's stack.
import http from 'node:http'
import path from 'node:path'
import { fmt, freePort, repoRoot, row, start, startBackend, table, tempDir, userWithTasks, waitFor, WARMUP_SECONDS, wrk } from './lib.mjs'

async function rawNode(bytes) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length })
    res.end(bytes)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) }
}

async function seedStack() {
  const port = await freePort()
  const dir = tempDir('todo-seedstack-')
  const proc = start('/usr/bin/python3', [path.join(repoRoot, 'test/bench/seed-stack/app.py'), path.join(dir, 'todo.db'), String(port)])
  const url = `http://127.0.0.1:${port}`
  await waitFor(`${url}/health`, { timeoutMs: 30_000 }).catch((e) => {
    throw new Error(`${e.message}\n${proc.output()}`)
  })
  return { url, token: 'bench-token', stop: () => proc.child.kill('SIGTERM') }
}

export default async function api() {
  const ours = await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-api-'), 'todo.db') })
  const token = await userWithTasks(ours.url, 50)
  const auth = { Authorization: `Bearer ${token}` }
  const bytes = Buffer.from(await (await fetch(`${ours.url}/api/tasks`, { headers: auth })).arrayBuffer())
  const firstTask = JSON.parse(bytes.toString()).items.at(-1).number

  const raw = await rawNode(bytes)
  const ceiling = await wrk(`${raw.url}/api/tasks`, { warmup: true })
  await raw.stop()

  const seed = await seedStack()
  const seedAuth = { Authorization: `Bearer ${seed.token}` }
  const seedGet = await wrk(`${seed.url}/api/tasks`, { warmup: true, headers: seedAuth })
  const seedPost = await wrk(`${seed.url}/api/tasks`, { warmup: true, method: 'POST', body: '{"title":"bench task"}', headers: seedAuth })
  const seedPatch = await wrk(`${seed.url}/api/tasks/1`, { warmup: true, method: 'PATCH', body: '{"priority":"high"}', headers: seedAuth })
  seed.stop()

  const get = await wrk(`${ours.url}/api/tasks`, { warmup: true, headers: auth })
  const patch = await wrk(`${ours.url}/api/tasks/${firstTask}`, { warmup: true, method: 'PATCH', body: '{"priority":"high"}', headers: auth })
  const post = await wrk(`${ours.url}/api/tasks`, { warmup: true, method: 'POST', body: '{"title":"bench task"}', headers: auth })
  await ours.stop()

  // The same page with the session cache off: every request asks Better Auth.
  const uncached = await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-nocache-'), 'todo.db'), SESSION_CACHE_MS: '0' })
  const uncachedToken = await userWithTasks(uncached.url, 50)
  const noCache = await wrk(`${uncached.url}/api/tasks`, { warmup: true, headers: { Authorization: `Bearer ${uncachedToken}` } })
  await uncached.stop()

  const errors = [get, post, patch, noCache].map((r) => r.non2xx).reduce((a, b) => a + b, 0)
  return table(`1. API throughput and latency (wrk, 50 connections, one backend process, 50 tasks per user; each run after a ${WARMUP_SECONDS} s warm-up)`, [
    row('GET /api/tasks req/s', fmt(get.rps, 0), {
      baseline: `(a) raw node:http ${fmt(ceiling.rps, 0)}`,
      ratio: `${fmt((get.rps / ceiling.rps) * 100, 0)}% of (a)`,
      target: '≥ 50% of (a)',
      met: get.rps >= ceiling.rps * 0.5,
    }),
    row('GET /api/tasks req/s vs the seed stack', fmt(get.rps, 0), {
      baseline: `(b) FastAPI+SQLAlchemy ${fmt(seedGet.rps, 0)}`,
      ratio: `${fmt(get.rps / seedGet.rps, 1)}×`,
      target: '≥ 30× (b)',
      met: get.rps >= seedGet.rps * 30,
    }),
    row('GET /api/tasks req/s, session cache off (SESSION_CACHE_MS=0)', fmt(noCache.rps, 0), {
      baseline: `cache on (5 s) ${fmt(get.rps, 0)}`,
      ratio: `the cache adds ${fmt((get.rps / noCache.rps - 1) * 100, 0)}%`,
    }),
    row('GET /api/tasks p50 / p99', `${fmt(get.p50, 2)} / ${fmt(get.p99, 2)} ms`, {
      baseline: `(a) ${fmt(ceiling.p99, 2)} ms · (b) ${fmt(seedGet.p99, 1)} ms p99`,
      target: 'p99 ≤ 10 ms',
      met: get.p99 <= 10,
    }),
    row('POST /api/tasks req/s, p99', `${fmt(post.rps, 0)}, ${fmt(post.p99, 2)} ms`, {
      baseline: `(b) ${fmt(seedPost.rps, 0)}, ${fmt(seedPost.p99, 1)} ms`,
      ratio: `${fmt(post.rps / seedPost.rps, 1)}×`,
      target: 'p99 ≤ 10 ms',
      met: post.p99 <= 10,
    }),
    row('PATCH /api/tasks/:id req/s, p99', `${fmt(patch.rps, 0)}, ${fmt(patch.p99, 2)} ms`, {
      baseline: `(b) ${fmt(seedPatch.rps, 0)}, ${fmt(seedPatch.p99, 1)} ms`,
      ratio: `${fmt(patch.rps / seedPatch.rps, 1)}×`,
      target: 'p99 ≤ 10 ms',
      met: patch.p99 <= 10,
    }),
    row('non-2xx answers during the runs', String(errors), { target: '0', met: errors === 0 }),
  ])
}

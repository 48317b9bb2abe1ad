// 1. API throughput and latency, one backend process, authenticated, 50 tasks per user,
// against (a) raw node:http answering the same bytes from memory, (f) the stack's floor
// (floor-server.ts: one Fastify route, one prepared statement, the same page byte for
// byte) and (b) the seed's stack.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { BEFORE_REF, beforeRoot, fmt, freePort, launch, openConnections, repoRoot, row, startBackend, table, tempDir, userWithTasks, waitForUrl, WARMUP_SECONDS, wrk, type SteadyResult, type WrkResult } from './lib.js'

/** Alternating rounds of the floor and the backend (BENCH_ROUNDS, default 3). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

/** The run with the median req/s. */
const medianRun = <R extends { rps: number }>(runs: R[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!

async function rawNode(bytes: Buffer) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length })
    res.end(bytes)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise((r) => server.close(r)) }
}

/** The floor, reading the backend's own database file (read-only). */
async function stackFloor(file: string, token: string, email: string) {
  const sqlite = new SQLite(file, { readonly: true })
  const { id } = sqlite.prepare<[string], { id: string }>('select id from "user" where email = ?').get(email)!
  sqlite.close()
  const port = await freePort()
  const proc = launch(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/bench/floor-server.ts'), file, String(port), token, id], {
    cwd: repoRoot,
  })
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/health`, { process: proc })
  return { url, stop: () => proc.stop() }
}

async function seedStack() {
  const port = await freePort()
  const dir = tempDir('todo-seedstack-')
  const proc = launch('/usr/bin/python3', [path.join(repoRoot, 'test/bench/seed-stack/app.py'), path.join(dir, 'todo.db'), String(port)])
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/health`, { process: proc, timeoutMs: 30_000 })
  return { url, token: 'bench-token', stop: () => proc.stop() }
}

export default async function api() {
  const file = path.join(tempDir('todo-bench-api-'), 'todo.db')
  const ours = await startBackend({ DATABASE_URL: file })
  const email = `bench-api-${Date.now()}@example.com`
  const token = await userWithTasks(ours.url, 50, email)
  const auth = { Authorization: `Bearer ${token}` }
  const bytes = Buffer.from(await (await fetch(`${ours.url}/api/tasks`, { headers: auth })).arrayBuffer())
  const firstTask = (JSON.parse(bytes.toString()) as { items: { number: number }[] }).items.at(-1)!.number

  const raw = await rawNode(bytes)
  const ceiling = await wrk(`${raw.url}/api/tasks`, { warmup: true })
  await raw.stop()


  const seed = await seedStack()
  const seedAuth = { Authorization: `Bearer ${seed.token}` }
  const seedGet = await wrk(`${seed.url}/api/tasks`, { warmup: true, headers: seedAuth })
  const seedPost = await wrk(`${seed.url}/api/tasks`, { warmup: true, method: 'POST', body: '{"title":"bench task"}', headers: seedAuth })
  const seedPatch = await wrk(`${seed.url}/api/tasks/1`, { warmup: true, method: 'PATCH', body: '{"priority":"high"}', headers: seedAuth })
  await seed.stop()

  // GET against the floor (and the BENCH_BEFORE build) in alternating rounds, medians
  // reported: on a shared machine the speed drifts over minutes, and one run of each, minutes
  // apart, once put the same code at 61 % and 81 % of the floor.
  const floor = await stackFloor(file, token, email)
  const floorBytes = Buffer.from(await (await fetch(`${floor.url}/api/tasks`, { headers: auth })).arrayBuffer())
  if (!floorBytes.equals(bytes)) throw new Error(`the floor answers another page:\n${floorBytes}\nnot\n${bytes}`)
  const old = BEFORE_REF ? await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-before-api-'), 'todo.db') }, await beforeRoot()) : undefined
  const oldAuth = old && { Authorization: `Bearer ${await userWithTasks(old.url, 50)}` }
  const floorRuns: WrkResult[] = []
  const getRuns: WrkResult[] = []
  const beforeRuns: WrkResult[] = []
  // The same load on connections that are already open: wrk opens 50 fresh ones per run, and
  // their admission is most of its p99 (docs/testing.md, "The tail").
  const floorSteady: SteadyResult[] = []
  const getSteady: SteadyResult[] = []
  for (let round = 0; round < ROUNDS; round++) {
    floorRuns.push(await wrk(`${floor.url}/api/tasks`, { warmup: true, headers: auth }))
    getRuns.push(await wrk(`${ours.url}/api/tasks`, { warmup: true, headers: auth }))
    if (old && oldAuth) beforeRuns.push(await wrk(`${old.url}/api/tasks`, { warmup: true, headers: oldAuth }))
    floorSteady.push(await openConnections(`${floor.url}/api/tasks`, auth))
    getSteady.push(await openConnections(`${ours.url}/api/tasks`, auth))
  }
  await floor.stop()
  await old?.stop()
  const floorGet = medianRun(floorRuns)
  const get = medianRun(getRuns)
  const beforeGet = old ? medianRun(beforeRuns) : undefined
  const floorOpen = medianRun(floorSteady)
  const getOpen = medianRun(getSteady)
  const ratios = getRuns.map((r, i) => `${fmt((r.rps / floorRuns[i]!.rps) * 100, 0)}%`).join(', ')
  const patch = await wrk(`${ours.url}/api/tasks/${firstTask}`, { warmup: true, method: 'PATCH', body: '{"priority":"high"}', headers: auth })
  const post = await wrk(`${ours.url}/api/tasks`, { warmup: true, method: 'POST', body: '{"title":"bench task"}', headers: auth })
  await ours.stop()

  // The same page with the session cache off: every request asks Better Auth.
  const uncached = await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-nocache-'), 'todo.db'), SESSION_CACHE_MS: '0' })
  const uncachedToken = await userWithTasks(uncached.url, 50)
  const noCache = await wrk(`${uncached.url}/api/tasks`, { warmup: true, headers: { Authorization: `Bearer ${uncachedToken}` } })
  const noCacheOpen = await openConnections(`${uncached.url}/api/tasks`, { Authorization: `Bearer ${uncachedToken}` })
  await uncached.stop()

  const errors =
    [...getRuns, post, patch, noCache, ...floorRuns, ...beforeRuns].map((r) => r.non2xx).reduce((a, b) => a + b, 0) +
    [...floorSteady, ...getSteady, noCacheOpen].map((r) => r.failed).reduce((a, b) => a + b, 0)
  return table(`1. API throughput and latency (wrk, 50 connections, one backend process, 50 tasks per user; each run after a ${WARMUP_SECONDS} s warm-up)`, [
    row(`GET /api/tasks req/s vs the stack floor (median of ${ROUNDS} alternating rounds)`, fmt(get.rps, 0), {
      baseline: `(f) Fastify + one prepared statement ${fmt(floorGet.rps, 0)}`,
      ratio: `${fmt((get.rps / floorGet.rps) * 100, 0)}% of (f) (rounds: ${ratios})`,
      target: '≥ 80% of (f)',
      met: get.rps >= floorGet.rps * 0.8,
    }),
    ...(beforeGet
      ? [
          row(`GET /api/tasks req/s, before (${BEFORE_REF}) and now`, `${fmt(beforeGet.rps, 0)} → ${fmt(get.rps, 0)}`, {
            baseline: `(f) ${fmt(floorGet.rps, 0)}`,
            ratio: `${fmt((beforeGet.rps / floorGet.rps) * 100, 0)}% → ${fmt((get.rps / floorGet.rps) * 100, 0)}% of (f)`,
          }),
          row(`GET /api/tasks p50 / p99, before (${BEFORE_REF}) and now`, `${fmt(beforeGet.p50, 2)} / ${fmt(beforeGet.p99, 2)} → ${fmt(get.p50, 2)} / ${fmt(get.p99, 2)} ms`),
        ]
      : []),
    row('GET /api/tasks req/s vs raw node:http', fmt(get.rps, 0), {
      baseline: `(a) raw node:http ${fmt(ceiling.rps, 0)}`,
      ratio: `${fmt((get.rps / ceiling.rps) * 100, 0)}% of (a); (f) is ${fmt((floorGet.rps / ceiling.rps) * 100, 0)}% of (a)`,
      target: 'stated',
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
    row('GET /api/tasks p50 / p99 (wrk: 50 fresh connections, its coordinated-omission correction)', `${fmt(get.p50, 2)} / ${fmt(get.p99, 2)} ms`, {
      baseline: `(f) ${fmt(floorGet.p50, 2)} / ${fmt(floorGet.p99, 2)} ms · (a) ${fmt(ceiling.p99, 2)} ms · (b) ${fmt(seedGet.p99, 1)} ms p99`,
      target: 'p99 ≤ 10 ms',
      met: get.p99 <= 10,
    }),
    row('GET /api/tasks p99, session cache on and off: wrk (fresh connections) · open connections', `on ${fmt(get.p99, 2)} · ${fmt(getOpen.p99, 2)} ms, off ${fmt(noCache.p99, 2)} · ${fmt(noCacheOpen.p99, 2)} ms`, {
      baseline: `req/s on ${fmt(get.rps, 0)} · ${fmt(getOpen.rps, 0)}, off ${fmt(noCache.rps, 0)} · ${fmt(noCacheOpen.rps, 0)}`,
      ratio: 'on open connections the cache adds no tail: the wrk difference is the fresh connections',
    }),
    // A closed loop at saturation: the p50 is about 50 connections / req/s, so the p99
    // beside it (its spread) says more than the p99 alone.
    row(`GET /api/tasks p50 / p99 on 50 open connections (median of ${ROUNDS} rounds)`, `${fmt(getOpen.p50, 2)} / ${fmt(getOpen.p99, 2)} ms (max ${fmt(getOpen.max, 1)})`, {
      baseline: `(f) ${fmt(floorOpen.p50, 2)} / ${fmt(floorOpen.p99, 2)} ms (max ${fmt(floorOpen.max, 1)})`,
      ratio: `${fmt(getOpen.p99 / floorOpen.p99, 2)}× (f)'s p99; p99/p50 ${fmt(getOpen.p99 / getOpen.p50, 2)}, (f) ${fmt(floorOpen.p99 / floorOpen.p50, 2)}`,
      target: 'p99 ≤ 2× (f)',
      met: getOpen.p99 <= 2 * floorOpen.p99,
    }),
    row('GET /api/tasks req/s on 50 open connections', fmt(getOpen.rps, 0), {
      baseline: `(f) ${fmt(floorOpen.rps, 0)}`,
      ratio: `${fmt((getOpen.rps / floorOpen.rps) * 100, 0)}% of (f)`,
      target: '≥ 70% of (f)',
      met: getOpen.rps >= 0.7 * floorOpen.rps,
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

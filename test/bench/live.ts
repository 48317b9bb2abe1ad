// 10. Live changes (backend/src/live): what the change log's triggers add to a create and an
// update (baseline: the same writes on a database whose log triggers were dropped, in this
// run), what an idle SQLite process pays to poll the log while a stream is open (baseline:
// the same process with no stream), and how long a write on one app instance takes to reach
// streams held by another instance of the same database, with 1 and 100 streams open. On
// SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. About 25 s per engine.
//   node --import tsx -e "const { default: l } = await import('./test/bench/live.ts'); console.log(await l())"
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../../backend/src/app.js'
import type { DatabaseConfig } from '../../backend/src/db/connect.js'
import { usersChangedSince } from '../../backend/src/live/changes.repository.js'
import { openStream, type SseStream } from '../../backend/test/live/sse.js'
import { fmt, percentiles, row, sleep, table, tempDir, type Row } from './lib.js'

const WRITES = 150
const EVENTS = 15
const IDLE_MS = 3000

type Engine = 'sqlite' | 'postgres'

async function database(engine: Engine): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  if (engine === 'sqlite') return { config: { kind: 'sqlite', path: path.join(tempDir('todo-bench-live-'), 'todo.db') }, drop: async () => {} }
  const server = process.env.TEST_DATABASE_URL!
  const name = `todo_bench_${randomBytes(6).toString('hex')}`
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    await client.query(query)
    await client.end()
  }
  await admin(`create database ${name}`)
  const url = new URL(server)
  url.pathname = `/${name}`
  return { config: { kind: 'postgres', url: url.toString() }, drop: () => admin(`drop database if exists ${name} with (force)`) }
}

async function app(config: DatabaseConfig): Promise<FastifyInstance> {
  return buildApp({ database: config, corsOrigins: [], writeRateLimit: 0, quotas: { tasks: 100_000, storedTasks: 100_000 } })
}

async function signUp(instance: FastifyInstance): Promise<string> {
  const res = await instance.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { email: `live-${randomBytes(4).toString('hex')}@example.com`, password: 'correct horse battery' },
  })
  return (res.json() as { token: string }).token
}

/** Median and p95 (ms) of `count` creates, then of `count` updates of those tasks. */
async function writeLatency(instance: FastifyInstance, token: string): Promise<{ create: number[]; update: number[] }> {
  const headers = { authorization: `Bearer ${token}` }
  const time = async (fn: () => Promise<unknown>) => {
    const started = performance.now()
    await fn()
    return performance.now() - started
  }
  for (let i = 0; i < 30; i++) await instance.inject({ method: 'POST', url: '/api/tasks', payload: { title: `warm ${i}` }, headers })
  const create: number[] = []
  const update: number[] = []
  for (let i = 0; i < WRITES; i++) create.push(await time(() => instance.inject({ method: 'POST', url: '/api/tasks', payload: { title: `t ${i}` }, headers })))
  for (let i = 0; i < WRITES; i++) {
    update.push(await time(() => instance.inject({ method: 'PATCH', url: `/api/tasks/${31 + i}`, payload: { title: `u ${i}` }, headers })))
  }
  return { create, update }
}

async function dropLogTriggers(instance: FastifyInstance, engine: Engine): Promise<void> {
  if (engine === 'sqlite') for (const t of ['insert', 'update', 'delete']) await sql.raw(`drop trigger tasks_log_${t}`).execute(instance.db)
  else for (const t of ['insert', 'update', 'delete']) await sql.raw(`drop trigger tasks_log_${t} on tasks`).execute(instance.db)
}

const ms = (xs: number[]) => {
  const p = percentiles(xs)
  return `${fmt(p.p50, 2)} / ${fmt(p.p99, 2)} ms`
}

/** CPU (% of one core) the process used over `durationMs`, doing nothing else. */
async function cpuOver(durationMs: number): Promise<number> {
  const before = process.cpuUsage()
  await sleep(durationMs)
  const used = process.cpuUsage(before)
  return ((used.user + used.system) / 1000 / durationMs) * 100
}

/** The mean time (µs) of the poll's query when nothing changed, the idle case. */
async function pollCost(instance: FastifyInstance): Promise<number> {
  const { last } = await usersChangedSince(instance.db, 0)
  const started = performance.now()
  for (let i = 0; i < 1000; i++) await usersChangedSince(instance.db, last)
  return (performance.now() - started) * 1000 / 1000
}

/** Write → event on `streams` streams held by `reader` (another instance), median/p95 until the last stream has it. */
async function eventLatency(writer: FastifyInstance, url: string, token: string, streams: number): Promise<number[]> {
  const open: SseStream[] = await Promise.all(
    Array.from({ length: streams }, () => openStream(`${url}/api/tasks/events`, { authorization: `Bearer ${token}` })),
  )
  try {
    await Promise.all(open.map((s) => s.waitFor((e) => e.event === 'ready', 10_000)))
    const latencies: number[] = []
    for (let i = 0; i < EVENTS; i++) {
      const started = performance.now()
      const res = await writer.inject({ method: 'POST', url: '/api/tasks', payload: { title: `live ${i}` }, headers: { authorization: `Bearer ${token}` } })
      const seq = String((res.json() as { number: number }).number)
      await Promise.all(open.map((s) => s.waitFor((e) => e.event === 'task' && (JSON.parse(e.data) as { task: { number: number } }).task.number === Number(seq), 5000)))
      latencies.push(performance.now() - started)
      await sleep(Math.random() * 100) // writes fall at any point of the poll interval
    }
    return latencies
  } finally {
    for (const s of open) s.close()
  }
}

async function measure(engine: Engine): Promise<Row[]> {
  const rows: Row[] = []
  const withLog = await database(engine)
  const without = await database(engine)
  const [a, b] = [await app(withLog.config), await app(without.config)]
  try {
    await dropLogTriggers(b, engine)
    const [logged, plain] = [await writeLatency(a, await signUp(a)), await writeLatency(b, await signUp(b))]
    const p50 = (xs: number[]) => percentiles(xs).p50
    for (const kind of ['create', 'update'] as const) {
      rows.push(
        row(`${engine}: ${kind} (POST/PATCH in process), p50 / p99`, ms(logged[kind]), {
          baseline: `${ms(plain[kind])} without the log`,
          ratio: `${fmt(p50(logged[kind]) / p50(plain[kind]), 2)}×`,
        }),
      )
    }

    const url = await a.listen({ port: 0, host: '127.0.0.1' })
    const token = await signUp(a)
    const idle = await cpuOver(IDLE_MS)
    const stream = await openStream(`${url}/api/tasks/events`, { authorization: `Bearer ${token}` })
    await stream.waitFor((e) => e.event === 'ready')
    await sleep(2000) // the first polls pay for compiling their code: not the steady state
    const polls = a.live.stats().polls
    const open = await cpuOver(IDLE_MS)
    const pollsPerSecond = ((a.live.stats().polls - polls) / IDLE_MS) * 1000
    stream.close()
    rows.push(
      row(`${engine}: idle process with one open stream, CPU (% of a core)`, `${fmt(open, 2)} %`, {
        baseline: `${fmt(idle, 2)} % with no stream`,
      }),
      row(`${engine}: one poll of the log (no change since), mean`, engine === 'sqlite' ? `${fmt(await pollCost(a), 0)} µs` : 'n/a'),
      row(
        `${engine}: change-log queries per second while idle`,
        engine === 'sqlite' ? fmt(pollsPerSecond, 1) : '0 (LISTEN)',
        { target: engine === 'sqlite' ? '4 (one per 250 ms per process)' : '' },
      ),
    )

    const writer = await app(withLog.config)
    try {
      const user = await signUp(writer)
      for (const n of [1, 100]) {
        const latencies = await eventLatency(writer, url, user, n)
        rows.push(
          row(`${engine}: write on another instance → event on all ${n} stream${n > 1 ? 's' : ''}, p50 / p99`, ms(latencies), {
            target: '≤ 1 s',
            met: percentiles(latencies).p99 <= 1000,
          }),
        )
      }
    } finally {
      await writer.close()
    }
  } finally {
    await a.close()
    await b.close()
    await withLog.drop()
    await without.drop()
  }
  return rows
}

export default async function live(): Promise<string> {
  const rows = await measure('sqlite')
  if (process.env.TEST_DATABASE_URL) rows.push(...(await measure('postgres')))
  return table(
    `10. Live changes: the change log's cost and write → event latency (${WRITES} writes each; ${EVENTS} events per row)`,
    rows,
  )
}

// Live changes across real replicas: two backend processes on one SQLite file, or on one
// PostgreSQL database; a write answered by one reaches a stream held by the other within a
// second. And on PostgreSQL, a listener whose connection is killed connects again and the
// streams read what was written meanwhile.
import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../../src/app.js'
import { engines, freshDatabase, postgresDatabase, signUp, sqliteFile } from '../helper.js'
import { signUpOver, startServer } from '../server-process.js'
import { data, openStream } from './sse.js'

describe.each(engines)('live changes between two processes (%s)', (engine) => {
  it('a write on one process appears on the other process’s stream within a second, in seq order', async () => {
    const env = { DATABASE_URL: engine === 'sqlite' ? sqliteFile() : await postgresDatabase(), WRITE_RATE_LIMIT: '0' }
    const [a, b] = await Promise.all([startServer(env), startServer(env)])
    const token = await signUpOver(a.url)
    const stream = await openStream(`${b.url}/api/tasks/events`, { authorization: `Bearer ${token}` })
    onTestFinished(() => stream.close())
    await stream.waitFor((e) => e.event === 'ready')
    const latencies: number[] = []
    for (let i = 1; i <= 5; i++) {
      const started = performance.now()
      const res = await fetch(`${a.url}/api/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: `from a #${i}` }),
      })
      expect(res.status).toBe(201)
      const event = await stream.waitFor((e) => e.id === String(i), Infinity)
      latencies.push(performance.now() - started)
      expect(data(event).task.title).toBe(`from a #${i}`)
    }
    console.log(`${engine}, two processes: write → event on the other process: ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`)
    expect(stream.events.map((e) => e.id)).toEqual(['0', '1', '2', '3', '4', '5'])
  })
})

describe('shutting down with streams open', () => {
  it('SIGTERM with streams open: they end and the process exits 0 (the time is printed)', async () => {
    const server = await startServer({ DATABASE_URL: sqliteFile(), SHUTDOWN_GRACE_MS: '10000' })
    const token = await signUpOver(server.url)
    const streams = await Promise.all([0, 1, 2].map(() => openStream(`${server.url}/api/tasks/events`, { authorization: `Bearer ${token}` })))
    onTestFinished(() => streams.forEach((s) => s.close()))
    await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'ready')))
    const started = performance.now()
    server.child.kill('SIGTERM')
    const { code } = await server.exited
    await Promise.all(streams.map((s) => s.ended))
    const took = performance.now() - started
    console.log(`SIGTERM with 3 open streams: exited ${code} after ${took.toFixed(0)} ms`)
    expect(code).toBe(0)
  })
})

describe.skipIf(!engines.includes('postgres'))('the PostgreSQL listener', () => {
  it('connects again after its connection is killed, and the streams get what was written meanwhile', async () => {
    const database = await freshDatabase('postgres')
    const [writer, reader] = await Promise.all([0, 1].map(() => buildApp({ database, corsOrigins: [], writeRateLimit: 0 })))
    onTestFinished(async () => {
      await writer!.close()
      await reader!.close()
    })
    const url = await reader!.listen({ port: 0, host: '127.0.0.1' })
    const user = await signUp(writer!)
    const stream = await openStream(`${url}/api/tasks/events`, { authorization: `Bearer ${user.token}` })
    onTestFinished(() => stream.close())
    await stream.waitFor((e) => e.event === 'ready')
    expect(reader!.live.stats().listening).toBe(true)

    const admin = new pg.Client({ connectionString: database.kind === 'postgres' ? database.url : '' })
    await admin.connect()
    onTestFinished(() => admin.end())
    const killed = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'todo-live' and datname = current_database()`,
    )
    expect(killed.rowCount).toBe(1)
    // Written while no one listens: only the re-read after reconnecting can deliver it.
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'while the listener was down' } })
    const missed = await stream.waitFor((e) => e.event === 'task', 5000)
    expect(data(missed).task.title).toBe('while the listener was down')
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'after' } })
    expect(data(await stream.waitFor((e) => e.id === '2', 2000)).task.title).toBe('after')
  })
})

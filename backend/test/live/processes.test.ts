// Live changes across real replicas: two backend processes on one SQLite file, or on one
// PostgreSQL database; a write answered by one reaches a stream held by the other. And on PostgreSQL, a listener whose connection is killed connects again and the
// streams read what was written meanwhile.
import net from 'node:net'
import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../../src/app.js'
import { LiveHub } from '../../src/live/live.hub.js'
import { engines, freshDatabase, postgresDatabase, signUp, sqliteFile } from '../helper.js'
import { signUpOver, startServer } from '../server-process.js'
import { data, openStream } from './sse.js'

describe.each(engines)('live changes between two processes (%s)', (engine) => {
  it('a write on one process appears on the other process’s stream, in seq order (the times are printed)', async () => {
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
    const missed = await stream.waitFor((e) => e.event === 'task', 30_000)
    expect(data(missed).task.title).toBe('while the listener was down')
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'after' } })
    expect(data(await stream.waitFor((e) => e.id === '2', 30_000)).task.title).toBe('after')
  })

  it('notices a connection that went silent (no error, no close) by its periodic select 1, and connects again', async () => {
    const database = await freshDatabase('postgres')
    const app = await buildApp({ database, corsOrigins: [], writeRateLimit: 0 })
    onTestFinished(() => app.close())
    const target = new URL(database.kind === 'postgres' ? database.url : '')
    // A loopback proxy to PostgreSQL that can go silent: the sockets stay open, nothing passes.
    const silenced = new Set<net.Socket>()
    const sockets: net.Socket[] = []
    const proxy = net.createServer((client) => {
      const server = net.connect(Number(target.port), target.hostname)
      sockets.push(client, server)
      client.on('data', (chunk) => silenced.has(client) || server.write(chunk))
      server.on('data', (chunk) => silenced.has(client) || client.write(chunk))
      client.on('error', () => {})
      server.on('error', () => {})
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    onTestFinished(() => {
      for (const socket of sockets) socket.destroy()
      proxy.close()
    })
    const proxied = new URL(target)
    proxied.port = String((proxy.address() as net.AddressInfo).port)
    const hub = new LiveHub(app.db, { kind: 'postgres', url: proxied.toString() }, app.log, { listenerCheckMs: 200 })
    onTestFinished(() => hub.close())
    let wakes = 0
    await hub.subscribe({ userId: 'u', wake: () => wakes++, ping: () => {}, end: () => {} })
    expect(hub.stats().listening).toBe(true)

    // The listener's connection goes silent; new ones pass. The listener must notice on its
    // own, drop it and connect again; the reconnect wakes every stream to read what it missed.
    for (const socket of sockets) silenced.add(socket)
    await expect.poll(() => wakes > 0 && hub.stats().listening, { timeout: 50_000 }).toBe(true)
  })
})

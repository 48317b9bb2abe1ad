// GET /api/tasks/events over a real HTTP listen on 127.0.0.1 (inject cannot stream): the
// handshake, each kind of change, resumption with Last-Event-ID, a pruned position, two
// users at once, two app instances on one database, and streams that end without leaving
// anything behind.
import net from 'node:net'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp, type BuildOptions } from '../../src/app.js'
import type { DatabaseConfig } from '../../src/db/connect.js'
import { pruneChanges } from '../../src/live/changes.repository.js'
import { engines, freshDatabase, signUp, type Client } from '../helper.js'
import { data, openStream, type SseStream } from './sse.js'

async function serve(database: DatabaseConfig, options: Partial<BuildOptions> = {}): Promise<FastifyInstance & { url: string }> {
  const app = await buildApp({ database, corsOrigins: [], writeRateLimit: 0, ...options })
  onTestFinished(() => app.close())
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return Object.assign(app, { url })
}

async function stream(app: { url: string }, user: Client, headers: Record<string, string> = {}, query = ''): Promise<SseStream> {
  const s = await openStream(`${app.url}/api/tasks/events${query}`, { authorization: `Bearer ${user.token}`, ...headers })
  onTestFinished(() => s.close())
  return s
}

const seqs = (s: SseStream) => s.events.filter((e) => e.event !== 'ready').map((e) => Number(e.id))
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.each(engines)('GET /api/tasks/events (%s)', (engine) => {
  it('opens with retry and ready at the head, then sends each change as it is made', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'before' } })
    const s = await stream(app, user)
    expect(s.status).toBe(200)
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(s.headers.get('cache-control')).toBe('no-store')
    expect(s.headers.get('x-accel-buffering')).toBe('no')
    const ready = await s.waitFor((e) => e.event === 'ready')
    expect(s.retry).toBe(2000)
    expect(ready.id).toBe('1')
    expect(data(ready)).toEqual({ seq: 1 })

    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'new' } })
    const created = await s.waitFor((e) => e.event === 'task')
    expect(created.id).toBe('2')
    expect(data(created)).toMatchObject({ seq: 2, task: { number: 2, title: 'new', version: 1, deleted_at: null } })

    await user.inject({ method: 'DELETE', url: '/api/tasks/2' })
    const trashed = await s.waitFor((e) => e.id === '3')
    expect(data(trashed).task).toMatchObject({ number: 2, version: 2 })
    expect(data(trashed).task.deleted_at).not.toBeNull()

    expect((await user.inject({ method: 'DELETE', url: '/api/trash/2' })).statusCode).toBe(204)
    const removed = await s.waitFor((e) => e.id === '4')
    expect(removed.event).toBe('removed')
    expect(data(removed)).toEqual({ seq: 4, number: 2 })
  })

  it('a write by any path, not only a route (here straight to the database), reaches the stream', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'a' } })
    const s = await stream(app, user)
    await s.waitFor((e) => e.event === 'ready')
    await app.db.updateTable('tasks').set({ title: 'renamed by a job' }).where('user_id', '=', user.userId).execute()
    const changed = await s.waitFor((e) => e.event === 'task', 2000)
    expect(data(changed)).toMatchObject({ seq: 2, task: { title: 'renamed by a job' } })
  })

  it("the assistant's tools reach the stream like any other write, and their version counts up", async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    const s = await stream(app, user)
    await s.waitFor((e) => e.event === 'ready')
    expect((await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add buy milk' } })).statusCode).toBe(200)
    expect(data(await s.waitFor((e) => e.event === 'task')).task).toMatchObject({ number: 1, title: 'buy milk', version: 1 })
    expect((await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'complete task 1' } })).statusCode).toBe(200)
    expect(data(await s.waitFor((e) => e.id === '2')).task).toMatchObject({ number: 1, completed: true, version: 2 })
  })

  it('with Last-Event-ID (or ?last_event_id) it sends exactly the changes after it, then live ones', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    for (const title of ['one', 'two', 'three']) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title } })
    await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { completed: true } }) // seq 4
    const s = await stream(app, user, { 'last-event-id': '2' })
    await s.waitFor((e) => e.id === '4')
    expect(s.events.map((e) => [e.event, e.id, data(e).task.number])).toEqual([
      ['task', '3', 3],
      ['task', '4', 1],
    ])
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'four' } })
    await s.waitFor((e) => e.id === '5')
    expect(seqs(s)).toEqual([3, 4, 5])

    const q = await stream(app, user, {}, '?last_event_id=4')
    await q.waitFor((e) => e.id === '5')
    expect(q.events.map((e) => e.id)).toEqual(['5'])

    const atHead = await stream(app, user, { 'last-event-id': '5' })
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'five' } })
    await atHead.waitFor((e) => e.id === '6')
    expect(atHead.events.map((e) => e.id)).toEqual(['6'])
  })

  it('a position the log no longer holds, or one past the head, gets reset with the head', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    for (const title of ['one', 'two', 'three']) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title } })
    await pruneChanges(app.db, new Date(Date.now() + 1000))
    const pruned = await stream(app, user, { 'last-event-id': '1' })
    const reset = await pruned.waitFor((e) => e.event === 'reset')
    expect(reset.id).toBe('3')
    expect(data(reset)).toEqual({ seq: 3 })
    const ahead = await stream(app, user, { 'last-event-id': '99' })
    expect(data(await ahead.waitFor((e) => e.event === 'reset'))).toEqual({ seq: 3 })
    // After a reset the stream goes on from the head.
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'four' } })
    expect(data(await pruned.waitFor((e) => e.id === '4')).task.title).toBe('four')
    expect(pruned.events.map((e) => e.event)).toEqual(['reset', 'task'])
  })

  it('a bad Last-Event-ID is 400, and the stream needs a session', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    const bad = await fetch(`${app.url}/api/tasks/events`, { headers: { authorization: `Bearer ${user.token}`, 'last-event-id': 'abc' } })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR')
    expect((await fetch(`${app.url}/api/tasks/events`)).status).toBe(401)
  })

  it("two users writing at once each see only their own changes, every one of them in seq order", async () => {
    const app = await serve(await freshDatabase(engine))
    const [ada, bob] = [await signUp(app), await signUp(app)]
    const [sa, sb] = [await stream(app, ada), await stream(app, bob)]
    await Promise.all([sa, sb].map((s) => s.waitFor((e) => e.event === 'ready')))
    const write = (user: Client, who: string) =>
      (async () => {
        for (let i = 1; i <= 10; i++) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: `${who} ${i}` } })
      })()
    await Promise.all([write(ada, 'ada'), write(bob, 'bob')])
    await Promise.all([sa, sb].map((s) => s.waitFor((e) => e.id === '10')))
    for (const [s, who] of [
      [sa, 'ada'],
      [sb, 'bob'],
    ] as const) {
      const tasks = s.events.filter((e) => e.event === 'task').map(data)
      expect(tasks.every((d) => d.task.title.startsWith(who))).toBe(true)
      const seen = tasks.map((d) => d.seq)
      expect(seen).toEqual([...seen].sort((a, b) => a - b))
      expect(new Set(tasks.map((d) => d.task.number))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    }
  })

  it('a write on one app instance reaches a stream on another instance of the same database (the time is printed)', async () => {
    const database = await freshDatabase(engine)
    const [writer, reader] = [await serve(database), await serve(database)]
    const user = await signUp(writer)
    const s = await stream(reader, user)
    await s.waitFor((e) => e.event === 'ready')
    const started = performance.now()
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'from the other replica' } })
    const event = await s.waitFor((e) => e.event === 'task', Infinity)
    console.log(`${engine}: write on one instance → event on the other in ${(performance.now() - started).toFixed(0)} ms`)
    expect(data(event).task.title).toBe('from the other replica')
  })

  it('a client going away leaves no stream, ping or poll behind; pings come while it is open', async () => {
    const app = await serve(await freshDatabase(engine), { livePingMs: 50 })
    const user = await signUp(app)
    const s = await stream(app, user)
    await s.waitFor((e) => e.event === 'ready')
    expect(app.live.stats().streams).toBe(1)
    if (engine === 'sqlite') expect(app.live.stats().polling).toBe(true)
    await until(() => s.comments.includes('ping'))
    s.close()
    await until(() => app.live.stats().streams === 0)
    expect(app.live.stats()).toMatchObject({ streams: 0, polling: false })
    const polls = app.live.stats().polls
    await new Promise((r) => setTimeout(r, 600))
    expect(app.live.stats().polls).toBe(polls)
  })

  it('a client that goes away while its session is still being looked up leaves no stream behind', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    const { port } = new URL(app.url)
    // The whole request in one write, then the socket closed: it arrives and goes away while
    // the session lookup runs (a few runs close at slightly different moments).
    for (let i = 0; i < 40; i++) {
      const socket = net.connect(Number(port), '127.0.0.1')
      await new Promise((r) => socket.once('connect', r))
      socket.write(`GET /api/tasks/events HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${user.token}\r\n\r\n`)
      await new Promise((r) => setTimeout(r, i % 4))
      socket.destroy()
    }
    // Every request has reached the handler or been dropped once a later one is answered.
    expect((await user.inject('/api/tasks')).statusCode).toBe(200)
    await new Promise((r) => setTimeout(r, 300))
    await until(() => app.live.stats().streams === 0, 10_000).catch(() => {})
    expect(app.live.stats()).toMatchObject({ streams: 0, polling: false })
    const s = await stream(app, user)
    expect(s.status).toBe(200)
  })

  it('closing the app ends open streams at once instead of waiting for them', async () => {
    const app = await serve(await freshDatabase(engine))
    const user = await signUp(app)
    const s = await stream(app, user)
    await s.waitFor((e) => e.event === 'ready')
    const started = performance.now()
    await app.close()
    await s.ended
    console.log(`${engine}: closing the app ended an open stream in ${(performance.now() - started).toFixed(0)} ms`)
    expect(app.live.stats().streams).toBe(0)
  })
})

describe('a stream that fails to open', () => {
  it('ends at once, and the next stream opens normally (the failed first poll is not kept)', async () => {
    const app = await serve(await freshDatabase('sqlite'))
    const user = await signUp(app)
    await sql`alter table task_changes rename to task_changes_away`.execute(app.db)
    const failed = await stream(app, user)
    await failed.ended
    expect(failed.events).toEqual([])
    expect(app.live.stats()).toMatchObject({ streams: 0, polling: false })
    await sql`alter table task_changes_away rename to task_changes`.execute(app.db)
    const next = await stream(app, user)
    expect(data(await next.waitFor((e) => e.event === 'ready'))).toEqual({ seq: 0 })
    expect(app.live.stats()).toMatchObject({ streams: 1, polling: true })
  })
})

describe('a client that keeps the stream open but stops reading', () => {
  it('gets its stream ended once the unsent events pass the limit, instead of the server holding them all', async () => {
    const limit = 64 * 1024
    const app = await serve(await freshDatabase('sqlite'), { liveMaxBufferedBytes: limit })
    const user = await signUp(app)
    // 20 000 tasks of 1 kB, straight to the database: about 20 MB of events, more than the
    // kernel's socket buffers take, replayed from position 0.
    const now = new Date().toISOString()
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
      insert into tasks (user_id, number, title, description, completed, priority, due_date, created_at, updated_at)
      select ${user.userId}, i, printf('%.1000c', 'x'), null, 0, 'medium', null, ${now}, ${now} from n`.execute(app.db)
    // Counts opened streams (one may open and end between two looks at stats()).
    let opened = 0
    const subscribe = app.live.subscribe.bind(app.live)
    app.live.subscribe = (sub) => (opened++, subscribe(sub))
    const { port } = new URL(app.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    onTestFinished(() => void socket.destroy())
    await new Promise((r) => socket.once('connect', r))
    socket.pause() // never reads
    socket.write(`GET /api/tasks/events?last_event_id=0 HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${user.token}\r\n\r\n`)
    await until(() => opened === 1, 60_000)
    const started = performance.now()
    await until(() => app.live.stats().streams === 0, 60_000).catch(() => {})
    console.log(`a stalled client's stream ended after ${(performance.now() - started).toFixed(0)} ms`)
    expect(app.live.stats()).toMatchObject({ streams: 0, polling: false })
    expect(socket.destroyed).toBe(false)
  })
})

// PostgreSQL stopped under a running backend, then started again: while it is down every
// request answers 503 DATABASE_UNAVAILABLE (with Retry-After) within a bound, never a 500 and
// never a hang; once it is back, requests succeed without restarting the app; and every
// write acknowledged before the outage is still there. A throwaway cluster of its own
// (test/harness/postgres.ts) so it can be stopped, and a loopback server that accepts
// connections and never answers, for the hang.
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { PG_BIN, startPostgres, type RestartablePostgres } from '../../../test/harness/postgres.js'
import { buildApp } from '../../src/app.js'
import { createDatabase } from '../../src/db/connect.js'
import { CONNECT_TIMEOUT_MS, DatabaseUnavailableError } from '../../src/db/unavailable.js'
import { signUp } from '../helper.js'

const hasPostgres = fs.existsSync(path.join(PG_BIN, 'initdb'))

/** A server that accepts TCP connections and never says a word: a PostgreSQL that hangs. */
async function silentServer(): Promise<number> {
  const sockets: net.Socket[] = []
  const server = net.createServer((socket) => void sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => {
    for (const socket of sockets) socket.destroy()
    server.close()
  })
  return (server.address() as net.AddressInfo).port
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await work()
  return { value, ms: performance.now() - start }
}

describe.skipIf(!hasPostgres)('PostgreSQL gone, and back', () => {
  let pg: RestartablePostgres
  beforeAll(async () => {
    pg = await startPostgres()
  }, 60_000)
  afterAll(async () => pg?.stop())

  it('a server that never answers fails the query with DatabaseUnavailableError within the connect timeout', async () => {
    const port = await silentServer()
    const db = createDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/postgres` })
    onTestFinished(() => db.destroy())
    const { value: error, ms } = await timed(() => sql`select 1`.execute(db).then(() => undefined, (e: unknown) => e))
    expect(error).toBeInstanceOf(DatabaseUnavailableError)
    console.log(`a server that never answers: DatabaseUnavailableError after ${ms.toFixed(0)} ms (connect timeout ${CONNECT_TIMEOUT_MS} ms)`)
  }, 15_000)

  it('answers 503 DATABASE_UNAVAILABLE quickly while it is stopped, recovers by itself, and loses no acknowledged write', async () => {
    // No session cache: every request asks the database who is signed in, the hardest path.
    const app = await buildApp({ database: { kind: 'postgres', url: pg.url }, corsOrigins: [], sessionCacheMs: 0 })
    onTestFinished(() => app.close())
    const user = await signUp(app)

    // Writes run throughout; each answer is 201 (acknowledged) or 503, within the bound.
    const acknowledged: string[] = []
    const answers: { status: number; ms: number; body: string }[] = []
    let writing = true
    let n = 0
    const writer = (async () => {
      while (writing) {
        const title = `write ${++n}`
        const { value: res, ms } = await timed(() => user.inject({ method: 'POST', url: '/api/tasks', payload: { title } }))
        answers.push({ status: res.statusCode, ms, body: res.body })
        if (res.statusCode === 201) acknowledged.push(title)
        else await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    onTestFinished(async () => {
      writing = false
      await writer
    })
    await expect.poll(() => acknowledged.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(20)

    await pg.pause()
    const acknowledgedBeforeOutage = acknowledged.length
    const outageMs: number[] = []
    for (const request of [
      () => user.inject('/api/tasks'),
      () => user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'while down' } }),
      () => user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add buy milk' } }),
      () => app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: 'x@example.com', password: 'correct horse battery' } }),
      () => app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { email: 'y@example.com', password: 'correct horse battery' } }),
    ]) {
      const { value: res, ms } = await timed(request)
      expect({ status: res.statusCode, body: res.json() }).toEqual({
        status: 503,
        body: { error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/try again/i) } },
      })
      expect(res.headers['retry-after']).toMatch(/^\d+$/)
      outageMs.push(ms)
    }
    // Still ready: every replica shares this database, so going unready would only swap this
    // answer for nginx's API_UNAVAILABLE and flip every endpoint of the Service twice.
    expect((await app.inject('/ready')).statusCode).toBe(200)
    console.log(`while stopped: each kind of request answered 503 in ${outageMs.map((ms) => ms.toFixed(0)).join(', ')} ms`)

    await pg.resume()
    // Back without restarting the app: the next writes are acknowledged again.
    await expect.poll(() => acknowledged.length, { timeout: 10_000 }).toBeGreaterThan(acknowledgedBeforeOutage + 5)
    writing = false
    await writer

    expect(answers.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([])
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0)
    for (const a of answers.filter((a) => a.status === 503)) {
      expect(JSON.parse(a.body)).toEqual({ error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/try again/i) } })
    }
    console.log(`writes during the outage: slowest answer ${Math.max(...answers.map((a) => a.ms)).toFixed(0)} ms`)
    expect((await app.inject('/ready')).statusCode).toBe(200)
    const list = await user.inject('/api/tasks?limit=100')
    expect(list.statusCode).toBe(200)
    const titles = new Set(list.json().items.map((t: { title: string }) => t.title))
    expect(acknowledged.filter((title) => !titles.has(title))).toEqual([])
  }, 30_000)
  it('a backend starting while PostgreSQL is down waits for it, then migrates and serves; with no wait left it stops', async () => {
    await pg.pause()
    let resumed = false
    onTestFinished(async () => {
      if (!resumed) await pg.resume()
    })
    // No time to wait: the start fails at once, naming the database.
    await expect(buildApp({ database: { kind: 'postgres', url: pg.url }, corsOrigins: [], startupWaitMs: 0 })).rejects.toThrow(/database/i)

    const starting = timed(() => buildApp({ database: { kind: 'postgres', url: pg.url }, corsOrigins: [] }))
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await pg.resume()
    resumed = true
    const { value: app, ms } = await starting
    onTestFinished(() => app.close())
    const user = await signUp(app)
    expect((await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'after the wait' } })).statusCode).toBe(201)
    console.log(`a start while PostgreSQL was down for 2.5 s: ready after ${ms.toFixed(0)} ms`)
  }, 60_000)
})

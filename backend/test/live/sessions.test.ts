// An open event stream belongs to the session that opened it: signing that session out,
// revoking it from another device, or changing the password ends the stream before any
// later change is sent; and one user cannot hold more than a few streams per process.
import type { FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp, type BuildOptions } from '../../src/app.js'
import { MAX_STREAMS_PER_USER } from '../../src/live/live.routes.js'
import { engines, freshDatabase, signUp, TEST_PASSWORD, uniqueEmail } from '../helper.js'
import { openStream, type SseStream } from './sse.js'

async function serve(options: Partial<BuildOptions> = {}): Promise<FastifyInstance & { url: string }> {
  const app = await buildApp({
    database: await freshDatabase(engines[0]!),
    corsOrigins: [],
    writeRateLimit: 0,
    authRateLimit: { max: 1000, windowMs: 60_000 },
    ...options,
  })
  onTestFinished(() => app.close())
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return Object.assign(app, { url })
}

async function stream(app: { url: string }, token: string): Promise<SseStream> {
  const s = await openStream(`${app.url}/api/tasks/events`, { authorization: `Bearer ${token}` })
  onTestFinished(() => s.close())
  await s.waitFor((e) => e.event === 'ready')
  return s
}

/** A new account, and a second session of it (another device). */
async function twoDevices(app: FastifyInstance) {
  const email = uniqueEmail('streams')
  const user = await signUp(app, email)
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password: TEST_PASSWORD } })
  expect(res.statusCode).toBe(200)
  return { user, other: res.json().token as string }
}

/** Whether the server has ended the stream so far. */
function watchEnd(s: SseStream): () => boolean {
  let ended = false
  void s.ended.then(() => (ended = true))
  return () => ended
}

describe('event streams and sessions', () => {
  it('a session revoked from another device: its stream ends before the next change is sent to it', async () => {
    const app = await serve()
    const { user, other } = await twoDevices(app)
    const s = await stream(app, other)
    const revoked = await user.inject({ method: 'POST', url: '/api/auth/sessions/revoke-others', payload: {} })
    expect(revoked.statusCode).toBe(200)
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'private after the revoke' } })
    await s.ended
    expect(s.events.some((e) => e.data.includes('private after the revoke'))).toBe(false)
  })

  it('a revoke ends the revoked session’s stream at once, with no change and without waiting for a ping', async () => {
    // No ping within the test's time: only the revoke's own recheck can end the stream.
    const app = await serve({ livePingMs: 3_600_000 })
    const { user, other } = await twoDevices(app)
    const s = await stream(app, other)
    const mine = await stream(app, user.token)
    const mineEnded = watchEnd(mine)
    const started = performance.now()
    expect((await user.inject({ method: 'POST', url: '/api/auth/sessions/revoke-others', payload: {} })).statusCode).toBe(200)
    await s.ended
    console.log(`revoke → the revoked session's stream ended in ${(performance.now() - started).toFixed(0)} ms`)
    // The revoking session's own stream is still open and still gets what changes next.
    expect(mineEnded()).toBe(false)
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'after the revoke' } })
    await mine.waitFor((e) => e.data.includes('after the revoke'), Infinity)
    expect(mineEnded()).toBe(false)
  })

  it('signing out ends that session’s stream; the other device’s stream goes on', async () => {
    const app = await serve()
    const { user, other } = await twoDevices(app)
    const mine = await stream(app, user.token)
    const theirs = await stream(app, other)
    expect((await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { authorization: `Bearer ${other}` }, payload: {} })).statusCode).toBe(200)
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'after sign-out' } })
    await theirs.ended
    expect(theirs.events.some((e) => e.data.includes('after sign-out'))).toBe(false)
    await mine.waitFor((e) => e.data.includes('after sign-out'))
  })

  it(`one user holds at most ${MAX_STREAMS_PER_USER} streams per process; the next is refused with 429, other users are not`, async () => {
    const app = await serve()
    const user = await signUp(app)
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) await stream(app, user.token)
    const refused = await fetch(`${app.url}/api/tasks/events`, { headers: { authorization: `Bearer ${user.token}` } })
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_STREAMS')
    const someoneElse = await signUp(app)
    await stream(app, someoneElse.token)
  })
})

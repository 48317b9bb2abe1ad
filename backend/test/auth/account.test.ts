// A leaked token must be revocable: change the password (every other session ends), list
// and end sessions, delete the account with all its data. Each tried across two users.
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { MAX_SESSIONS } from '../../src/auth/account.routes.js'
import { markDemoUser } from '../../src/auth/demo.js'
import { buildTestApp, engines, signUp, TEST_PASSWORD, uniqueEmail } from '../helper.js'

const NEW_PASSWORD = 'a brand new passphrase'

async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD, remoteAddress = '127.0.0.1') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email, password },
    remoteAddress,
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', 'x-forwarded-for': '203.0.113.66' },
  })
  return { status: res.statusCode, token: res.statusCode === 200 ? (res.json().token as string) : '' }
}

const as = (app: FastifyInstance, token: string) => (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload && { payload }) })

describe.each(engines)('account security (%s)', (engine) => {
  it('changing the password ends every other session at once and keeps this one signed in', async () => {
    const app = await buildTestApp(engine)
    const email = uniqueEmail()
    await signUp(app, email)
    const laptop = await signIn(app, email)
    const leaked = await signIn(app, email)
    expect((await as(app, leaked.token)('GET', '/api/tasks')).statusCode).toBe(200) // cached now

    const wrong = await as(app, laptop.token)('POST', '/api/auth/change-password', { current_password: 'not it', new_password: NEW_PASSWORD })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD')
    expect((await as(app, leaked.token)('GET', '/api/tasks')).statusCode).toBe(200)

    const res = await as(app, laptop.token)('POST', '/api/auth/change-password', { current_password: TEST_PASSWORD, new_password: NEW_PASSWORD })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ success: true, revoked_sessions: 2 }) // the leaked one and sign-up's
    expect((await as(app, leaked.token)('GET', '/api/tasks')).statusCode).toBe(401)
    expect((await as(app, res.json().token)('GET', '/api/tasks')).statusCode).toBe(200)
    expect((await signIn(app, email, TEST_PASSWORD)).status).toBe(401)
    expect((await signIn(app, email, NEW_PASSWORD)).status).toBe(200)
  })

  it('lists sessions without tokens, with the address the app believes, and ends one or all others', async () => {
    const app = await buildTestApp(engine)
    const email = uniqueEmail()
    await signUp(app, email)
    const phone = await signIn(app, email, TEST_PASSWORD, '198.51.100.5')
    const laptop = await signIn(app, email)
    const list = await as(app, laptop.token)('GET', '/api/auth/sessions')
    expect(list.statusCode).toBe(200)
    const items = list.json().items
    expect(items).toHaveLength(3)
    expect(items[0].current).toBe(true)
    expect(JSON.stringify(items)).not.toContain(phone.token)
    expect(JSON.stringify(items)).not.toContain(laptop.token)
    const phoneSession = items.find((s: { ip_address: string }) => s.ip_address === '198.51.100.5')
    expect(phoneSession.user_agent).toContain('Firefox')
    expect(JSON.stringify(items)).not.toContain('203.0.113.66') // a client's own X-Forwarded-For

    // Bob cannot end Alice's session, even knowing its id.
    const bob = await signUp(app, uniqueEmail('bob'))
    const stranger = await bob.inject({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` })
    expect(stranger.statusCode).toBe(404)
    expect((await as(app, phone.token)('GET', '/api/tasks')).statusCode).toBe(200)

    expect((await as(app, laptop.token)('DELETE', `/api/auth/sessions/${phoneSession.id}`)).statusCode).toBe(200)
    expect((await as(app, phone.token)('GET', '/api/tasks')).statusCode).toBe(401)
    const others = await as(app, laptop.token)('POST', '/api/auth/sessions/revoke-others', {})
    expect(others.json()).toEqual({ revoked: 1 })
    expect((await as(app, laptop.token)('GET', '/api/auth/sessions')).json().items).toHaveLength(1)
    expect((await bob.inject('/api/tasks')).statusCode).toBe(200)
  })

  it('ending the current session signs this client out and clears its cookie', async () => {
    const app = await buildTestApp(engine)
    const alice = await signUp(app)
    const [current] = (await alice.inject('/api/auth/sessions')).json().items
    const res = await app.inject({ method: 'DELETE', url: `/api/auth/sessions/${current.id}`, headers: { cookie: alice.cookie } })
    expect(res.statusCode).toBe(200)
    expect(String(res.headers['set-cookie'])).toMatch(/session_token=;.*Max-Age=0/)
    expect((await alice.inject('/api/tasks')).statusCode).toBe(401)
  })

  it('deleting the account needs the password, then removes it and everything it owns, nobody else’s', async () => {
    const app = await buildTestApp(engine)
    const email = uniqueEmail()
    const alice = await signUp(app, email)
    const bob = await signUp(app, uniqueEmail('bob'))
    await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice task' } })
    await bob.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'bob task' } })
    await alice.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add milk' } })
    const wrong = await alice.inject({ method: 'POST', url: '/api/auth/delete-account', payload: { password: 'not it' } })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD')
    expect((await alice.inject('/api/tasks')).json().items).toHaveLength(2)

    const res = await alice.inject({ method: 'POST', url: '/api/auth/delete-account', payload: { password: TEST_PASSWORD } })
    expect(res.statusCode, res.body).toBe(200)
    expect((await alice.inject('/api/tasks')).statusCode).toBe(401)
    expect((await signIn(app, email)).status).toBe(401)
    const db = app.db as unknown as Kysely<any>
    for (const table of ['tasks', 'conversations', 'messages', 'task_numbers']) {
      expect(await db.selectFrom(table).select('user_id').where('user_id', '=', alice.userId).execute(), table).toEqual([])
    }
    expect(await db.selectFrom('session').select('id').where('userId', '=', alice.userId).execute()).toEqual([])
    expect((await bob.inject('/api/tasks')).json().items.map((t: { title: string }) => t.title)).toEqual(['bob task'])
    // The email is free again.
    expect((await signUp(app, email)).userId).not.toBe(alice.userId)
  })

  it('the shared demo account may not change its password, see its visitors’ sessions or be deleted', async () => {
    const app = await buildTestApp(engine)
    const demo = await signUp(app)
    await markDemoUser(app.db, demo.userId)
    await (app.db as unknown as Kysely<any>).updateTable('user').set({ email: 'demo@example.com' }).where('id', '=', demo.userId).execute()
    for (const [method, url, payload] of [
      ['POST', '/api/auth/change-password', { current_password: TEST_PASSWORD, new_password: NEW_PASSWORD }],
      ['GET', '/api/auth/sessions', undefined],
      ['POST', '/api/auth/sessions/revoke-others', {}],
      ['POST', '/api/auth/delete-account', { password: TEST_PASSWORD }],
    ] as const) {
      const res = await demo.inject({ method, url, ...(payload && { payload }) })
      expect(res.statusCode, url).toBe(403)
      expect(res.json().error.code).toBe('DEMO_ACCOUNT')
    }
    expect((await demo.inject('/api/tasks')).statusCode).toBe(200)
  })

  it(`keeps at most ${MAX_SESSIONS} sessions per account, ending the least recently used`, async () => {
    const app = await buildTestApp(engine, { authRateLimit: { max: 1000, windowMs: 60_000 } })
    const email = uniqueEmail()
    const first = await signUp(app, email)
    const tokens = []
    for (let i = 0; i < MAX_SESSIONS + 2; i++) tokens.push((await signIn(app, email)).token)
    expect((await first.inject('/api/tasks')).statusCode).toBe(401)
    expect((await as(app, tokens[0]!)('GET', '/api/tasks')).statusCode).toBe(401)
    expect((await as(app, tokens.at(-1)!)('GET', '/api/auth/sessions')).json().items).toHaveLength(MAX_SESSIONS)
  })
})

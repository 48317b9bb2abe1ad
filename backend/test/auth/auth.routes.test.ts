import { sql, type Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { buildTestApp, signUp, sqliteFile, TEST_PASSWORD, uniqueEmail } from '../helper.js'

const protectedRoutes = [
  ['GET', '/api/tasks'],
  ['POST', '/api/tasks'],
  ['GET', '/api/tasks/1'],
  ['PATCH', '/api/tasks/1'],
  ['DELETE', '/api/tasks/1'],
  ['POST', '/api/tasks/1/complete'],
  ['POST', '/api/chat'],
  ['GET', '/api/chat/info'],
  ['GET', '/api/conversations'],
  ['GET', '/api/conversations/1/messages'],
  ['DELETE', '/api/conversations/1'],
] as const

function signUpRequest(email: string, password = TEST_PASSWORD) {
  return { method: 'POST' as const, url: '/api/auth/sign-up/email', payload: { email, password } }
}
function signInRequest(email: string, password = TEST_PASSWORD, ip = '127.0.0.1') {
  return {
    method: 'POST' as const,
    url: '/api/auth/sign-in/email',
    payload: { email, password },
    headers: { 'x-forwarded-for': ip },
  }
}

describe('sign-up and sign-in', () => {
  it('sign-up returns the user and a token, and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const app = await buildTestApp()
    const email = uniqueEmail()
    const res = await app.inject(signUpRequest(email))
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.user).toMatchObject({ email, name: email.split('@')[0] })
    expect(body.token).toEqual(expect.any(String))
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.includes('session_token'))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/Secure/)
  })

  it('marks the cookie Secure when the request came over HTTPS (behind a trusted proxy)', async () => {
    const app = await buildTestApp('sqlite', { trustProxy: 1 })
    const res = await app.inject({
      ...signUpRequest(uniqueEmail()),
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
    })
    expect(res.statusCode).toBe(200)
    expect([res.headers['set-cookie']].flat().join('\n')).toMatch(/session_token=[^;]+;.*Secure/)
  })

  it('refuses a second account with the same email with 409', async () => {
    const app = await buildTestApp()
    const email = uniqueEmail()
    await app.inject(signUpRequest(email))
    const res = await app.inject(signUpRequest(email.toUpperCase()))
    expect(res.statusCode).toBe(409)
    expect(res.json().error).toMatchObject({ code: 'EMAIL_TAKEN', message: expect.stringContaining('already exists') })
  })

  it('signs in with the right password and answers 401 to a wrong one or an unknown email', async () => {
    const app = await buildTestApp()
    const email = uniqueEmail()
    await app.inject(signUpRequest(email))
    expect((await app.inject(signInRequest(email))).statusCode).toBe(200)
    for (const res of [
      await app.inject(signInRequest(email, 'wrong password')),
      await app.inject(signInRequest(uniqueEmail('nobody'))),
    ]) {
      expect(res.statusCode).toBe(401)
      expect(res.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' })
    }
  })

  it.each([
    [{ email: 'a@example.com', password: 'short' }, 'password', 'fewer than 8'],
    [{ email: 'a@example.com' }, 'password', 'is required'],
    [{ password: TEST_PASSWORD }, 'email', 'is required'],
    [{ email: 'not-an-email', password: TEST_PASSWORD }, 'email', 'format'],
    [{ email: 'a@example.com', password: TEST_PASSWORD, role: 'admin' }, 'role', 'not a known field'],
  ])('sign-up with %j is a 400 naming %s', async (payload, field, message) => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_ERROR', field })
    expect(res.json().error.message).toContain(message)
  })

  it('answers 400, never 500, to a body that is not JSON or not an object', async () => {
    const app = await buildTestApp()
    for (const url of ['/api/auth/sign-up/email', '/api/auth/sign-in/email']) {
      const bad = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"email":' })
      expect(bad.statusCode).toBe(400)
      expect((await app.inject({ method: 'POST', url, payload: ['x'] })).statusCode).toBe(400)
    }
  })

  it('rate-limits sign-in per client address with 429', async () => {
    const app = await buildTestApp('sqlite', { authRateLimit: { max: 3, windowMs: 60_000 }, trustProxy: 1 })
    const email = uniqueEmail()
    for (let i = 0; i < 3; i++) expect((await app.inject(signInRequest(email, 'wrong password', '198.51.100.1'))).statusCode).toBe(401)
    const limited = await app.inject(signInRequest(email, TEST_PASSWORD, '198.51.100.1'))
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('RATE_LIMITED')
    expect(limited.json().error.message).toMatch(/try again in \d+ s/)
    // Another address is not affected.
    expect((await app.inject(signInRequest(email, 'wrong password', '198.51.100.2'))).statusCode).toBe(401)
  })

  it('rate-limits sign-up per client address with 429', async () => {
    const app = await buildTestApp('sqlite', { authRateLimit: { max: 2, windowMs: 60_000 } })
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await app.inject(signUpRequest(uniqueEmail()))).statusCode)
    expect(codes).toEqual([200, 200, 429])
  })
})

describe('sessions', () => {
  it('get-session reports the user for a cookie or a bearer token, and nulls without one', async () => {
    const app = await buildTestApp()
    const user = await signUp(app)
    for (const headers of [{ cookie: user.cookie }, { authorization: `Bearer ${user.token}` }]) {
      const res = await app.inject({ url: '/api/auth/get-session', headers })
      expect(res.statusCode).toBe(200)
      expect(res.json().user.id).toBe(user.userId)
    }
    const none = await app.inject('/api/auth/get-session')
    expect(none.statusCode).toBe(200)
    expect(none.json()).toEqual({ user: null, session: null })
    const forged = await app.inject({ url: '/api/auth/get-session', headers: { authorization: 'Bearer forged' } })
    expect(forged.json().user).toBeNull()
  })

  it('sign-out ends the session for the cookie and the token', async () => {
    const app = await buildTestApp()
    const user = await signUp(app)
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: user.cookie } })
    expect(res.statusCode).toBe(200)
    expect((await app.inject({ url: '/api/tasks', headers: { cookie: user.cookie } })).statusCode).toBe(401)
    expect((await user.inject('/api/tasks')).statusCode).toBe(401)
  })

  describe.each(protectedRoutes)('%s %s', (method, url) => {
    const payload = url === '/api/chat' ? { message: 'hi' } : method === 'POST' || method === 'PATCH' ? { title: 'x' } : undefined
    const call = (app: Awaited<ReturnType<typeof buildTestApp>>, headers: Record<string, string>) =>
      app.inject({ method, url, headers, ...(payload && { payload }) })

    it('is 401 without a session, with a forged cookie, an expired cookie, or a forged bearer token', async () => {
      const app = await buildTestApp()
      const user = await signUp(app)
      const forgedCookie = user.cookie.replace(/=([^.]+)\./, '=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.')
      const expired = await signUp(app)
      const db = app.db as unknown as Kysely<any>
      const { expiresAt } = await db.selectFrom('session').select('expiresAt').where('userId', '=', expired.userId).executeTakeFirstOrThrow()
      const past = new Date(Date.now() - 60_000)
      await db
        .updateTable('session')
        .set({ expiresAt: typeof expiresAt === 'string' ? past.toISOString() : past })
        .where('userId', '=', expired.userId)
        .execute()

      const attempts: Record<string, string>[] = [
        {},
        { cookie: forgedCookie },
        { cookie: 'better-auth.session_token=made-up.c2lnbmF0dXJl' },
        { cookie: expired.cookie },
        { authorization: 'Bearer made-up-token' },
        { authorization: `Bearer ${user.token.slice(0, -4)}abcd` },
      ]
      for (const headers of attempts) {
        const res = await call(app, headers)
        expect(res.statusCode, JSON.stringify(headers)).toBe(401)
        expect(res.json().error.code).toBe('UNAUTHORIZED')
      }
      // The genuine cookie still works, so the 401s above are about the credentials.
      expect((await call(app, { cookie: user.cookie })).statusCode).not.toBe(401)
    })
  })
})

describe('the auth secret', () => {
  it('is generated once and kept: sessions issued before a restart still work', async () => {
    const file = sqliteFile()
    const first = await buildApp({ database: { kind: 'sqlite', path: file }, corsOrigins: [] })
    const user = await signUp(first)
    await first.close()

    const second = await buildApp({ database: { kind: 'sqlite', path: file }, corsOrigins: [] })
    try {
      const res = await second.inject({ url: '/api/auth/get-session', headers: { cookie: user.cookie } })
      expect(res.statusCode).toBe(200)
      expect(res.json().user.id).toBe(user.userId)
    } finally {
      await second.close()
    }
  })

  it('signs cookies: with a different AUTH_SECRET the old cookie is refused', async () => {
    const file = sqliteFile()
    const first = await buildApp({ database: { kind: 'sqlite', path: file }, corsOrigins: [] })
    const user = await signUp(first)
    await first.close()
    const second = await buildApp({ database: { kind: 'sqlite', path: file }, corsOrigins: [], authSecret: 'another-secret-of-at-least-32-characters' })
    try {
      expect((await second.inject({ url: '/api/tasks', headers: { cookie: user.cookie } })).statusCode).toBe(401)
    } finally {
      await second.close()
    }
  })
})

describe('rows of the former built-in local user', () => {
  it('are not handed to a new account', async () => {
    const app = await buildTestApp()
    const now = new Date().toISOString()
    await app.db
      .insertInto('tasks')
      .values({ user_id: 'local', number: 1, title: 'from before accounts', priority: 'medium', created_at: now, updated_at: now })
      .execute()
    const user = await signUp(app)
    expect((await user.inject('/api/tasks')).json().items).toEqual([])
    const left = await sql<{ n: number }>`select count(*) as n from tasks where user_id = 'local'`.execute(app.db)
    expect(Number(left.rows[0]?.n)).toBe(1)
  })
})

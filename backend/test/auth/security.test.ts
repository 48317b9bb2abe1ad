// The holes an attacker's probe found, each tried again the way it was found: a session
// served to the wrong client, password guessing bought with headers, cross-origin writes
// with the victim's cookie.
import type { FastifyInstance, InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildTestApp, engines, signUp, TEST_PASSWORD, uniqueEmail, type Client } from '../helper.js'

const GATE = { authorization: 'Basic Zm9vOmJhcg==' } // one header a gateway adds for everyone

async function titles(app: FastifyInstance, headers: Record<string, string>): Promise<{ status: number; titles: string[] }> {
  const res = await app.inject({ url: '/api/tasks', headers })
  return { status: res.statusCode, titles: res.statusCode === 200 ? res.json().items.map((t: any) => t.title) : [] }
}

async function twoUsers(app: FastifyInstance): Promise<[Client, Client]> {
  const alice = await signUp(app, uniqueEmail('alice'))
  const bob = await signUp(app, uniqueEmail('bob'))
  await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice secret' } })
  await bob.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'bob secret' } })
  return [alice, bob]
}

describe.each(engines)('the session cache never hands one client another’s session (%s)', (engine) => {
  it('a Basic header seen with Alice’s cookie does not become Alice’s credential', async () => {
    const app = await buildTestApp(engine)
    const [alice] = await twoUsers(app)
    expect(await titles(app, { ...GATE, cookie: alice.cookie })).toEqual({ status: 200, titles: ['alice secret'] })
    // The same header, no cookie: nobody is signed in.
    expect((await titles(app, GATE)).status).toBe(401)
    const conversation = await app.inject({ method: 'POST', url: '/api/chat', headers: { cookie: alice.cookie }, payload: { message: 'hi' } })
    const id = conversation.json().conversation_id
    const del = await app.inject({ method: 'DELETE', url: `/api/conversations/${id}`, headers: GATE })
    expect(del.statusCode).toBe(401)
    expect((await alice.inject(`/api/conversations/${id}/messages`)).statusCode).toBe(200)
  })

  it('behind a gate that adds one shared header, Bob sees and changes only his own tasks', async () => {
    const app = await buildTestApp(engine)
    const [alice, bob] = await twoUsers(app)
    expect((await titles(app, { ...GATE, cookie: alice.cookie })).titles).toEqual(['alice secret'])
    expect(await titles(app, { ...GATE, cookie: bob.cookie })).toEqual({ status: 200, titles: ['bob secret'] })
    const created = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { ...GATE, cookie: bob.cookie },
      payload: { title: 'made by bob' },
    })
    expect(created.statusCode).toBe(201)
    expect((await titles(app, { cookie: alice.cookie })).titles).toEqual(['alice secret'])
    expect((await titles(app, { cookie: bob.cookie })).titles).toEqual(['made by bob', 'bob secret'])
  })

  it.each([
    'Basic Zm9vOmJhcg==',
    'Digest username="alice", response="x"',
    'Token abc',
    'Bearer',
    'Bearer ',
    'Negotiate YII=',
  ])('Authorization %j is as if absent: the cookie decides, and alone it is a 401', async (authorization) => {
    const app = await buildTestApp(engine)
    const [alice, bob] = await twoUsers(app)
    expect((await titles(app, { authorization, cookie: alice.cookie })).titles).toEqual(['alice secret'])
    expect((await titles(app, { authorization, cookie: bob.cookie })).titles).toEqual(['bob secret'])
    expect((await titles(app, { authorization })).status).toBe(401)
  })

  it('a bearer token decides over a cookie; an invalid one is a 401 whatever cookie comes with it', async () => {
    const app = await buildTestApp(engine)
    const [alice, bob] = await twoUsers(app)
    expect((await titles(app, { authorization: `Bearer ${alice.token}`, cookie: bob.cookie })).titles).toEqual(['alice secret'])
    expect((await titles(app, { cookie: bob.cookie })).titles).toEqual(['bob secret'])
    for (const forged of ['Bearer forged.c2lnbmF0dXJl', `Bearer ${alice.token}.bm90LWl0`, 'Bearer a.b.c']) {
      expect((await titles(app, { authorization: forged, cookie: bob.cookie })).status, forged).toBe(401)
      expect((await titles(app, { authorization: forged, cookie: alice.cookie })).status, forged).toBe(401)
    }
  })

  it('every form of a real token Better Auth accepts is served, each only as its owner', async () => {
    const app = await buildTestApp(engine)
    const [alice, bob] = await twoUsers(app)
    const signed = decodeURIComponent(/session_token=([^;]+)/.exec(alice.cookie)![1]!)
    for (const authorization of [
      `Bearer ${alice.token}`,
      `bearer ${alice.token}`,
      `BEARER   ${alice.token}  `,
      `Bearer ${signed}`,
      `Bearer ${encodeURIComponent(signed)}`,
    ]) {
      for (let i = 0; i < 2; i++) {
        expect((await titles(app, { authorization, cookie: bob.cookie })).titles, authorization).toEqual(['alice secret'])
      }
    }
  })
})

describe.each(engines)('password guessing is throttled per account and address (%s)', (engine) => {
  const signIn = (app: FastifyInstance, email: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password }, remoteAddress })

  it('five wrong passwords are free; the sixth locks that address out of that account, nobody else', async () => {
    const app = await buildTestApp(engine, { authRateLimit: { max: 1000, windowMs: 60_000 } })
    const email = uniqueEmail()
    await signUp(app, email)
    const codes = []
    for (let i = 0; i < 8; i++) codes.push((await signIn(app, email, `guess ${i}`, '198.51.100.7')).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429, 429])
    // While locked, even the right password from that address (any case of the email) is refused.
    const locked = await signIn(app, email.toUpperCase(), TEST_PASSWORD, '198.51.100.7')
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/from this address; try again in \d+ s/) })
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    // The owner, from anywhere else, gets in on the first try while the stranger is locked.
    expect((await signIn(app, email, TEST_PASSWORD, '203.0.113.20')).statusCode).toBe(200)
    expect((await signIn(app, email, 'guess 9', '198.51.100.7')).statusCode).toBe(429)
    // Other accounts are not affected, from the stranger's address either.
    const other = uniqueEmail()
    await signUp(app, other)
    expect((await signIn(app, other, TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(200)
  })

  it('one guess per lock period never keeps the owner out', async () => {
    const app = await buildTestApp(engine, { signInThrottle: { freeFailures: 1, baseLockMs: 100, maxLockMs: 200 } })
    const email = uniqueEmail()
    await signUp(app, email)
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
    for (let round = 0; round < 6; round++) {
      await signIn(app, email, `guess ${round}`, '198.51.100.8')
      expect((await signIn(app, email, TEST_PASSWORD, '203.0.113.21')).statusCode).toBe(200)
      await wait(120)
    }
  })

  it('lets the pair in after the lock, doubles the lock on each further failure, and forgets on success', async () => {
    const app = await buildTestApp(engine, { signInThrottle: { freeFailures: 1, baseLockMs: 400, maxLockMs: 10_000 } })
    const email = uniqueEmail()
    await signUp(app, email)
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
    expect((await signIn(app, email, 'wrong 1')).statusCode).toBe(401)
    expect((await signIn(app, email, 'wrong 2')).statusCode).toBe(401) // locked for 400 ms
    expect((await signIn(app, email, TEST_PASSWORD)).statusCode).toBe(429)
    await wait(450)
    expect((await signIn(app, email, 'wrong 3')).statusCode).toBe(401) // locked for 800 ms
    await wait(450)
    expect((await signIn(app, email, TEST_PASSWORD)).statusCode).toBe(429)
    await wait(400)
    expect((await signIn(app, email, TEST_PASSWORD)).statusCode).toBe(200)
    // Success forgot the failures: the free guess again.
    expect((await signIn(app, email, 'wrong 4')).statusCode).toBe(401)
    expect((await signIn(app, email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('guesses from many addresses slow the account for new addresses, never for one it signed in from', async () => {
    const app = await buildTestApp(engine, {
      authRateLimit: { max: 1000, windowMs: 60_000 },
      signInThrottle: { accountSlowAfter: 12, accountSlowPerMinute: 2 },
    })
    const email = uniqueEmail()
    await signUp(app, email)
    expect((await signIn(app, email, TEST_PASSWORD, '203.0.113.30')).statusCode).toBe(200) // the owner's usual address
    for (let i = 0; i < 12; i++) expect((await signIn(app, email, `guess ${i}`, `198.51.100.${100 + i}`)).statusCode).toBe(401)
    // Slowed: a couple of checks a minute from addresses the account never signed in from.
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await signIn(app, email, `more ${i}`, `198.51.100.${200 + i}`)).statusCode)
    expect(codes).toEqual([401, 401, 429, 429])
    const slowed = await signIn(app, email, TEST_PASSWORD, '198.51.100.250')
    expect(slowed.statusCode).toBe(429)
    expect(slowed.json().error.message).toMatch(/slowed; try again in \d+ s/)
    // The owner's known address is not slowed.
    expect((await signIn(app, email, TEST_PASSWORD, '203.0.113.30')).statusCode).toBe(200)
  })

  it('checks guesses sent in parallel one at a time: no more than the free failures get a 401', async () => {
    const app = await buildTestApp(engine, { authRateLimit: { max: 1000, windowMs: 60_000 } })
    const email = uniqueEmail()
    await signUp(app, email)
    const codes = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(app, email, `parallel ${i}`).then((r) => r.statusCode)))
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(6)
    expect(codes.filter((c) => c !== 401 && c !== 429)).toEqual([])
  })

  it('believes one proxy hop only: a client’s own X-Forwarded-For entries do not choose its address', async () => {
    const app = await buildTestApp(engine, { authRateLimit: { max: 3, windowMs: 60_000 }, trustProxy: 1 })
    const codes = []
    for (let i = 0; i < 5; i++) {
      // The client wrote "203.0.113.i"; the proxy (a private hop) appended the address it saw.
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-up/email',
        payload: { email: uniqueEmail(), password: TEST_PASSWORD },
        headers: { 'x-forwarded-for': `203.0.113.${i}, 10.0.0.7` },
      })
      codes.push(res.statusCode)
    }
    expect(codes).toEqual([200, 200, 200, 429, 429])
  })
})

describe('cross-origin writes with the session cookie are refused', () => {
  const HOST = 'todo.example:8080'
  const OWN = `http://${HOST}`

  async function attempts(app: FastifyInstance, alice: Client): Promise<InjectOptions[]> {
    const task = (await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'keep me' } })).json()
    const chat = (await alice.inject({ method: 'POST', url: '/api/chat', payload: { message: 'hello' } })).json()
    return [
      { method: 'POST', url: '/api/tasks', payload: { title: 'planted' } },
      { method: 'POST', url: `/api/tasks/${task.id}/complete` },
      { method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { title: 'changed' } },
      { method: 'DELETE', url: `/api/tasks/${task.id}` },
      { method: 'POST', url: '/api/chat', payload: { message: `delete task ${task.id}` } },
      { method: 'DELETE', url: `/api/conversations/${chat.conversation_id}` },
      { method: 'POST', url: '/api/auth/sign-out', payload: {} },
    ]
  }

  it.each([
    [{ origin: 'http://evil.example' }],
    [{ origin: 'http://todo.example:3000' }], // same site, another port
    [{ origin: 'null' }],
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
  ])('%j: 403 in the error shape, and nothing changes', async (foreign) => {
    const app = await buildTestApp()
    const alice = await signUp(app)
    for (const request of await attempts(app, alice)) {
      const res = await app.inject({ ...request, headers: { host: HOST, cookie: alice.cookie, ...foreign } })
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(403)
      expect(res.json().error.code).toBe('CROSS_ORIGIN_REFUSED')
    }
    const tasks = (await alice.inject('/api/tasks')).json().items
    expect(tasks.map((t: any) => [t.title, t.completed])).toEqual([['keep me', false]])
    expect((await alice.inject('/api/conversations')).json().items).toHaveLength(1)
    expect((await alice.inject('/api/auth/get-session')).json().user.id).toBe(alice.userId)
  })

  it('the app’s own origin, a listed CORS origin, a bearer token, and requests without Origin pass', async () => {
    const app = await buildTestApp('sqlite', { corsOrigins: ['http://localhost:5173'] })
    const alice = await signUp(app)
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'ok' }, headers: { host: HOST, ...headers } })
    expect((await post({ cookie: alice.cookie, origin: OWN, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201)
    expect((await post({ cookie: alice.cookie, origin: 'http://localhost:5173' })).statusCode).toBe(201)
    expect((await post({ cookie: alice.cookie })).statusCode).toBe(201)
    expect((await post({ authorization: `Bearer ${alice.token}`, origin: 'http://evil.example' })).statusCode).toBe(201)
    // Reads are not writes: a foreign page cannot read the answer anyway (no CORS for it).
    expect((await app.inject({ url: '/api/tasks', headers: { cookie: alice.cookie, origin: 'http://evil.example' } })).statusCode).toBe(200)
  })

  it('"*" in CORS_ORIGINS opens CORS to bearer-token clients, not cookie writes', async () => {
    const app = await buildTestApp('sqlite', { corsOrigins: ['*'] })
    const alice = await signUp(app)
    const res = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'x' },
      headers: { cookie: alice.cookie, origin: 'http://evil.example' },
    })
    expect(res.statusCode).toBe(403)
  })
})

// Headers a client chooses: a Host or X-Forwarded-Host that is no host name, a request with
// no Host at all, a request target in absolute form. None may reach a 5xx or skip a check.
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { buildTestApp, signUp } from '../helper.js'
import { exchange } from '../raw-http.js'

const BAD_HOSTS = ['a^b', '[', '%', 'a:99999', 'a b', 'exa mple.com', '[::1', 'host:port', 'a/b', 'x:-1', '\\']

describe('a Host that is no host name', () => {
  it.each(BAD_HOSTS)('Host %j is a 400 in the error shape on every auth route, never a 500', async (host) => {
    const app = await buildTestApp()
    for (const url of ['/api/auth/sign-in/email', '/api/auth/sign-up/email', '/api/auth/sign-out']) {
      const res = await app.inject({ method: 'POST', url, headers: { host }, payload: { email: 'a@example.com', password: 'password123' } })
      expect(res.statusCode, `${url} → ${res.body}`).toBe(400)
      expect(res.json().error.code).toBe('BAD_HOST')
    }
  })

  it.each(BAD_HOSTS)('X-Forwarded-Host %j from a trusted proxy is a 400 too', async (host) => {
    const app = await buildTestApp('sqlite', { trustProxy: 1 })
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { 'x-forwarded-host': host },
      payload: { email: 'a@example.com', password: 'password123' },
    })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().error.code).toBe('BAD_HOST')
  })

  it('a good host with a port still signs in', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-up/email', headers: { host: 'todo.example:8080' }, payload: { email: 'p@example.com', password: 'password123' } })
    expect(res.statusCode).toBe(200)
  })
})

describe('over a real socket', () => {
  async function listening(options = {}) {
    const app = await buildTestApp('sqlite', options)
    await app.listen({ port: 0, host: '127.0.0.1' })
    return { app, port: (app.server.address() as AddressInfo).port }
  }

  it('an HTTP/1.1 request without Host gets a JSON 400', async () => {
    const { port } = await listening()
    const { received } = await exchange(port, ['GET /api/auth/get-session HTTP/1.1\r\nConnection: close\r\n\r\n'])
    expect(received).toMatch(/^HTTP\/1.1 400/)
    expect(received).toContain('"code":"BAD_HOST"')
  })

  it('an absolute-form target does not skip the cross-origin check', async () => {
    const { app, port } = await listening()
    const alice = await signUp(app)
    const body = JSON.stringify({ title: 'planted' })
    const { received } = await exchange(port, [
      `POST http://127.0.0.1:${port}/api/tasks HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\n` +
        `Cookie: ${alice.cookie}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ])
    expect(received).toMatch(/^HTTP\/1.1 403/)
    expect(received).toContain('CROSS_ORIGIN_REFUSED')
    expect((await alice.inject('/api/tasks')).json().items).toEqual([])
  })
})

describe('proxies are believed only by configuration (TRUST_PROXY)', () => {
  it('by default a direct client’s X-Forwarded-For buys no more sign-in attempts, even from loopback', async () => {
    const app = await buildTestApp('sqlite', { authRateLimit: { max: 3, windowMs: 60_000 } })
    const codes = []
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
        payload: { email: `nobody-${i}@example.com`, password: 'wrong password' },
      })
      codes.push(res.statusCode)
    }
    expect(codes).toEqual([401, 401, 401, 429, 429, 429])
  })

  it('by default X-Forwarded-Proto does not make the cookie Secure; with one trusted hop it does', async () => {
    for (const [trustProxy, secure] of [[false, false], [1, true]] as const) {
      const app = await buildTestApp('sqlite', { trustProxy })
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-up/email',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: `tls-${trustProxy}@example.com`, password: 'password123' },
      })
      expect(res.statusCode, res.body).toBe(200)
      expect([res.headers['set-cookie']].flat().join('\n').includes('Secure')).toBe(secure)
    }
  })
})

describe('absolute-form targets on every route', () => {
  const ROUTES = [
    ['POST', '/api/tasks'],
    ['PATCH', '/api/tasks/1'],
    ['DELETE', '/api/tasks/1'],
    ['POST', '/api/tasks/1/complete'],
    ['POST', '/api/tasks/1/restore'],
    ['POST', '/api/chat'],
    ['DELETE', '/api/conversations/1'],
    ['POST', '/api/auth/sign-out'],
    ['POST', '/api/auth/change-password'],
    ['POST', '/api/auth/sessions/revoke-others'],
    ['POST', '/api/auth/delete-account'],
    ['GET', '/api/tasks?q=%00'],
    ['GET', '/api/auth/get-session'],
  ] as const
  const TARGETS = ['http://127.0.0.1:PORT', 'http://evil.example', 'https://127.0.0.1:PORT', 'http://a^b']

  it('never reach a 5xx, and no cookie write from a foreign origin gets past the check', async () => {
    const app = await buildTestApp()
    await app.listen({ port: 0, host: '127.0.0.1' })
    const port = (app.server.address() as AddressInfo).port
    const alice = await signUp(app)
    await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'keep me' } })
    const body = JSON.stringify({ title: 'planted', message: 'delete task 1', password: 'correct horse battery' })
    for (const [method, path] of ROUTES) {
      for (const target of TARGETS) {
        const { received } = await exchange(port, [
          `${method} ${target.replace('PORT', String(port))}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\n` +
            `Cookie: ${alice.cookie}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        ])
        const status = Number(received.slice(9, 12))
        expect(status, `${method} ${target}${path}: ${received.slice(0, 200)}`).toBeLessThan(500)
        if (method !== 'GET') expect(status, `${method} ${target}${path}`).not.toBe(200)
      }
    }
    expect((await alice.inject('/api/tasks')).json().items.map((t: { title: string }) => t.title)).toEqual(['keep me'])
  })
})

describe('X-Forwarded-Proto from a trusted proxy', () => {
  it.each(['ftp', 'javascript', ''])('%j is a 400 (it was a 500 on the auth routes), never an origin', async (proto) => {
    const app = await buildTestApp('sqlite', { trustProxy: 1 })
    const alice = await signUp(app)
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: alice.cookie, 'x-forwarded-proto': proto }, payload: {} })
    if (proto === '') return void expect(res.statusCode).toBe(200) // an empty header is no header
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().error.code).toBe('BAD_PROTOCOL')
  })
})

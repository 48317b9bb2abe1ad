// nginx as the edge: it says itself who the client is (X-Forwarded-*), whatever the client
// sent; it cuts slow clients; and its own errors on /api come in the API's JSON shape.
// A real nginx (the image's template) in front of a real backend process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exchange, parse } from '../../backend/test/raw-http.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools().filter((tool) => tool.includes('nginx'))
const PASSWORD = 'correct horse battery'
let accounts = 0
const email = () => `edge-${process.pid}-${++accounts}@example.com`

describe.skipIf(missing.length > 0)('nginx in front of the API', () => {
  let stack: Stack
  let port: number

  beforeAll(async () => {
    stack = await startStack({ build: false })
    port = Number(new URL(stack.url).port)
  })
  afterAll(async () => stack?.stop())

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url, ...headers },
      body: JSON.stringify(body),
    })

  it('a client’s X-Forwarded-Host does not make another origin look like the app’s own', async () => {
    const account = email()
    expect((await post('/api/auth/sign-up/email', { email: account, password: PASSWORD })).status).toBe(200)
    const res = await post(
      '/api/auth/sign-in/email',
      { email: account, password: PASSWORD },
      { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' },
    )
    expect(res.status).toBe(403)
    expect(((await res.json()) as any).error.code).toEqual(expect.any(String))
  })

  it('a client’s X-Forwarded-Proto does not mark the cookie Secure on plain HTTP', async () => {
    const res = await post('/api/auth/sign-up/email', { email: email(), password: PASSWORD }, { 'x-forwarded-proto': 'https' })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().join('\n')).not.toMatch(/Secure/)
  })

  it('a client’s X-Forwarded-For does not buy more attempts: one address, one budget', async () => {
    // The backend allows 10 sign-ups and sign-ins a minute per client address.
    const codes: number[] = []
    for (let i = 0; i < 12; i++) {
      const res = await post('/api/auth/sign-up/email', { email: email(), password: PASSWORD }, { 'x-forwarded-for': `203.0.113.${i}` })
      codes.push(res.status)
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0)
  })

  it.each([
    ['a malformed request', 'GET /api/tasks HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n', 400, 'BAD_REQUEST'],
    ['headers too large', `GET /api/tasks HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(9000)}\r\nConnection: close\r\n\r\n`, 400, 'BAD_REQUEST'],
    ['a URI too long', `GET /api/tasks?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414, 'URI_TOO_LONG'],
    [
      'a body over the limit',
      `POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${3 * 1024 * 1024}\r\nConnection: close\r\n\r\n`,
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('%s: answered in the API’s JSON shape', async (_name, raw, status, code) => {
    const { received } = await exchange(port, [raw])
    const answer = parse(received.replace(/\r\n\r\n[0-9a-f]+\r\n/, '\r\n\r\n'))
    expect(answer.status).toBe(status)
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } })
    expect(received).toMatch(/content-type: application\/json/i)
  })

  it('cuts a client that stalls while sending its headers or its body', async () => {
    const [headers, body] = await Promise.all([
      exchange(port, ['GET /api/tasks HTTP/1.1\r\nHost: x\r\n'], 0, 30_000),
      exchange(port, ['POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"ti'], 0, 30_000),
    ])
    // client_header_timeout and client_body_timeout are 10 s.
    expect(headers.closedAfterMs).toBeLessThan(15_000)
    expect(body.closedAfterMs).toBeLessThan(15_000)
  })

  it('answers 503 in the API’s shape while the backend is down', async () => {
    await stack.stopBackend()
    const res = await fetch(`${stack.url}/api/tasks`)
    expect(res.status).toBe(503)
    expect(((await res.json()) as any).error.code).toBe('API_UNAVAILABLE')
  })
})

// nginx as the edge: it says itself who the client is (X-Forwarded-*), whatever the client
// sent, unless the peer is an ingress it is told to trust; it bounds slow clients; and its
// own errors come in the API's JSON shape. A real nginx (the image's template and start
// script) in front of a real backend process, or of a loopback server that shows what
// reached it.
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exchange, parse } from '../../backend/test/raw-http.js'
import { missingTools, startStack, writeTrustedProxies, type Stack } from './stack.js'

const missing = missingTools().filter((tool) => tool.includes('nginx'))
const PASSWORD = 'correct horse battery'
let accounts = 0
const email = () => `edge-${process.pid}-${++accounts}@example.com`

/**
 * Headers of a request the API reads the whole body of before answering, for slow bodies:
 * a signed-in task creation from the app's own origin (without a session the API answers
 * 401 as soon as the headers arrive; sign-in reads the body but counts towards the API's
 * 10 attempts a minute per address).
 */
let session = ''
const readsBody = () => `Host: x\r\nOrigin: http://x\r\nCookie: ${session}\r\nContent-Type: application/json\r\n`

/** limit_conn in frontend/nginx/default.conf.template. */
const BODIES_PER_ADDRESS = 10

/** A request whose headers announce a body that never comes: it holds its slot until destroyed. */
function holdBody(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST /api/tasks HTTP/1.1\r\n${readsBody()}Content-Length: 100\r\n\r\n{`)
      // nginx counts the request once it has read the headers.
      setTimeout(() => resolve(socket), 100)
    })
    socket.on('error', reject)
  })
}

describe.skipIf(missing.length > 0)('nginx in front of the API', () => {
  let stack: Stack
  let port: number

  beforeAll(async () => {
    stack = await startStack({ build: false })
    port = Number(new URL(stack.url).port)
    const res = await post('/api/auth/sign-up/email', { email: email(), password: PASSWORD })
    expect(res.status).toBe(200)
    session = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
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
    ['a method the static files do not take', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 405, 'METHOD_NOT_ALLOWED'],
    ['a range past the end of a file', 'GET /index.html HTTP/1.1\r\nHost: x\r\nRange: bytes=100000-\r\nConnection: close\r\n\r\n', 416, 'RANGE_NOT_SATISFIABLE'],
    [
      'a transfer encoding nginx does not implement',
      'POST /api/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n',
      501,
      'NOT_IMPLEMENTED',
    ],
    ['an HTTP version nginx does not speak', 'GET /api/tasks HTTP/2.0\r\nHost: x\r\n\r\n', 505, 'HTTP_VERSION_NOT_SUPPORTED'],
    ['a missing asset', 'GET /assets/missing.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404, 'NOT_FOUND'],
    ['an API request without a Host header (HTTP/1.0)', 'GET /api/tasks HTTP/1.0\r\n\r\n', 400, 'BAD_REQUEST'],
  ])('%s: answered in the API’s JSON shape', async (_name, raw, status, code) => {
    const { received } = await exchange(port, [raw])
    const answer = parse(received.replace(/\r\n\r\n[0-9a-f]+\r\n/, '\r\n\r\n'))
    expect(answer.status).toBe(status)
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } })
    expect(received).toMatch(/content-type: application\/json/i)
  })

  // /metrics is for in-cluster scraping on the backend's port: the public edge never
  // passes it on, however the path is spelled (nginx resolves dot segments first).
  it.each([
    ['/metrics', 'GET /metrics HTTP/1.1'],
    ['/metrics with a query', 'GET /metrics?name[]=x HTTP/1.1'],
    ['/api/../metrics', 'GET /api/../metrics HTTP/1.1'],
    ['/api/%2e%2e/metrics', 'GET /api/%2e%2e/metrics HTTP/1.1'],
    ['/api/tasks/..%2F..%2Fmetrics', 'GET /api/tasks/..%2F..%2Fmetrics HTTP/1.1'],
  ])('%s is 404 through nginx, while the backend itself serves /metrics', async (_name, line) => {
    expect((await fetch(`${stack.backendUrl}/metrics`)).status).toBe(200)
    const { received } = await exchange(port, [`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`])
    const answer = parse(received.replace(/\r\n\r\n[0-9a-f]+\r\n/, '\r\n\r\n'))
    expect(answer.status).toBe(404)
    expect(answer.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
    expect(received).not.toMatch(/# HELP|# TYPE/)
  })

  it('a missing asset is not cached as immutable', async () => {
    const res = await fetch(`${stack.url}/assets/missing.js`)
    expect(res.status).toBe(404)
    expect(res.headers.get('cache-control')).toBe('no-cache')
  })

  it('a body trickled under the read timeout ends at the API’s 30 s whole-request deadline, with its JSON 408', async () => {
    // One byte every 2 s never trips client_body_timeout (10 s between two reads), so
    // nginx alone would wait the whole 80 s this body takes (it did: the connection was
    // still open at 60 s). The body is passed on as it arrives, so the backend's own
    // deadline for a whole request (30 s, backend/src/http/server-options.ts) ends it.
    const body = JSON.stringify({ title: 'a'.repeat(28) })
    const head = `POST /api/tasks HTTP/1.1\r\n${readsBody()}Content-Length: ${body.length}\r\n\r\n`
    const { received, closedAfterMs } = await exchange(port, [head, ...body], 2_000, 60_000)
    console.log(`trickled body: closed after ${closedAfterMs} ms`)
    expect(closedAfterMs).toBeGreaterThan(25_000)
    expect(closedAfterMs).toBeLessThan(40_000)
    const answer = parse(received.replace(/\r\n\r\n[0-9a-f]+\r\n/, '\r\n\r\n'))
    expect(answer.status).toBe(408)
    expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } })
  })

  it(`one address holds at most ${BODIES_PER_ADDRESS} requests with a body at once; the next is refused at once with a JSON 429`, async () => {
    const held = await Promise.all(Array.from({ length: BODIES_PER_ADDRESS }, () => holdBody(port)))
    try {
      const refused = await post('/api/tasks', { title: 'one too many' })
      expect(refused.status).toBe(429)
      expect(await refused.json()).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.any(String) } })
      // Reads are not counted: the app still loads for everyone behind that address.
      expect((await fetch(`${stack.url}/api/tasks`)).status).toBe(401)
    } finally {
      for (const socket of held) socket.destroy()
    }
    await new Promise((r) => setTimeout(r, 200))
    expect((await post('/api/tasks', { title: 'room again' })).status).toBe(401)
  })

  it('cuts a client that stalls while sending its headers or its body', async () => {
    const [headers, body] = await Promise.all([
      exchange(port, ['GET /api/tasks HTTP/1.1\r\nHost: x\r\n'], 0, 30_000),
      exchange(port, [`POST /api/tasks HTTP/1.1\r\n${readsBody()}Content-Length: 20\r\n\r\n{"ti`], 0, 30_000),
    ])
    // client_header_timeout and client_body_timeout are 10 s.
    expect(headers.closedAfterMs).toBeLessThan(15_000)
    expect(body.closedAfterMs).toBeLessThan(15_000)
    // nginx closes a request it timed out without answering: its error_page never sees a
    // real 408 (ngx_http_finalize_request terminates it), whatever error_page 408 says.
    expect(headers.received).toBe('')
    expect(body.received).toBe('')
  })

  it('answers 503 in the API’s shape while the backend is down', async () => {
    await stack.stopBackend()
    const res = await fetch(`${stack.url}/api/tasks`)
    expect(res.status).toBe(503)
    expect(((await res.json()) as any).error.code).toBe('API_UNAVAILABLE')
  })
})

describe.skipIf(missing.length > 0)('nginx behind an ingress it is told to trust (TRUSTED_PROXIES)', () => {
  // A real HTTP server in the backend's place, saying which X-Forwarded-* reached it.
  let upstream: http.Server
  let upstreamUrl = ''
  let seen: http.IncomingHttpHeaders = {}
  const stacks: Stack[] = []

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen = req.headers
      res.setHeader('content-type', 'application/json').end('{}')
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`
  })
  afterAll(async () => {
    for (const stack of stacks) await stack.stop()
    await new Promise((resolve) => upstream?.close(resolve))
  })

  /** The X-Forwarded-* the API gets when a request with `headers` reaches nginx from 127.0.0.1. */
  async function forwarded(trustedProxies: string, headers: Record<string, string>) {
    const stack = await startStack({ build: false, upstreamUrl, trustedProxies })
    stacks.push(stack)
    expect((await fetch(`${stack.url}/api/echo`, { headers })).status).toBe(200)
    return {
      for: seen['x-forwarded-for'],
      proto: seen['x-forwarded-proto'],
      host: seen['x-forwarded-host'],
      own: new URL(stack.url).host,
    }
  }

  const INGRESS = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'todo.example' }

  it('from a trusted peer (127.0.0.1 listed), the ingress’s client address, https and host reach the API', async () => {
    const seenByApi = await forwarded('10.0.0.0/8, 127.0.0.1', INGRESS)
    // The last address the ingress appended: what it saw itself. Anything left of it is
    // what the client claimed, and is not believed.
    expect(seenByApi).toMatchObject({ for: '203.0.113.7', proto: 'https', host: 'todo.example' })
  })

  it('from a peer not in the list, nginx replaces them with what it saw itself', async () => {
    const seenByApi = await forwarded('10.0.0.0/8 192.0.2.1', INGRESS)
    expect(seenByApi.for).toBe('127.0.0.1')
    expect(seenByApi.proto).toBe('http')
    expect(seenByApi.host).toBe(seenByApi.own)
  })

  it('with TRUSTED_PROXIES empty (the default), no peer is trusted', async () => {
    const seenByApi = await forwarded('', INGRESS)
    expect(seenByApi).toMatchObject({ for: '127.0.0.1', proto: 'http', host: seenByApi.own })
  })

  it('from a trusted peer, a scheme or host that is not well formed is replaced', async () => {
    const seenByApi = await forwarded('127.0.0.1', { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example/path' })
    expect(seenByApi.proto).toBe('http')
    expect(seenByApi.host).toBe(seenByApi.own)
  })

  it('an entry that is not an address or CIDR stops the start script, so it never reaches nginx’s configuration', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-trusted-'))
    try {
      await expect(writeTrustedProxies(dir, '10.0.0.0/8; include /etc/passwd')).rejects.toThrow(/not an IP address or CIDR/)
      expect(fs.existsSync(path.join(dir, 'trusted-proxies.conf'))).toBe(false)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

// What a real socket sees: slow or idle clients are cut off in time, requests Node cannot
// parse are answered in the API's error shape, and chat streams outlive the idle timeout.
// These tests listen on 127.0.0.1 (the only way to reach Node's HTTP parser and timers).
import { once } from 'node:events'
import net from 'node:net'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import type { BuildOptions } from '../src/app.js'
import { buildTestApp, signUp } from './helper.js'
import { startOpenAiServer } from './openai-server.js'
import { exchange, parse } from './raw-http.js'

async function listening(options: Partial<BuildOptions> = {}): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildTestApp('sqlite', options)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, port: (app.server.address() as net.AddressInfo).port }
}

describe('slow and idle clients are cut off', () => {
  const timeouts = { headers: 800, request: 1500, idle: 1500, keepAlive: 500 }

  it('a body sent a byte at a time is stopped at the request timeout with 408', async () => {
    const { port } = await listening({ timeouts })
    const body = JSON.stringify({ email: 'slow@example.com', password: 'whatever-it-is' })
    const head = `POST /api/auth/sign-in/email HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const { received, closedAfterMs } = await exchange(port, [head, ...body.split('')], 200)
    expect(closedAfterMs).toBeLessThan(5000)
    expect(parse(received)).toEqual({ status: 408, body: { error: { code: 'REQUEST_TIMEOUT', message: expect.any(String) } } })
  })

  it('headers sent slowly are stopped at the headers timeout', async () => {
    const { port } = await listening({ timeouts })
    const lines = ['GET /health HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 30 }, (_, i) => `X-Slow-${i}: y\r\n`), '\r\n']
    const { received, closedAfterMs } = await exchange(port, lines, 200)
    expect(closedAfterMs).toBeLessThan(4000)
    expect(parse(received).status).toBe(408)
  })

  it('a connection that sends nothing, and an idle kept-alive one, are closed', async () => {
    const { port } = await listening({ timeouts })
    const silent = Array.from({ length: 50 }, () => exchange(port, []))
    const afterOne = exchange(port, ['GET /health HTTP/1.1\r\nHost: x\r\n\r\n'])
    for (const { closedAfterMs } of await Promise.all(silent)) expect(closedAfterMs).toBeLessThan(5000)
    const kept = await afterOne
    expect(parse(kept.received).status).toBe(200)
    expect(kept.closedAfterMs).toBeLessThan(3000)
  })

  it('a chat stream and a plain chat turn outlive the idle timeout while the model is slow', async () => {
    const model = await startOpenAiServer()
    const { app, port } = await listening({
      timeouts: { ...timeouts, idle: 600 },
      openai: { apiKey: 'sk-test', baseUrl: model.baseUrl, maxRetries: 0 },
    })
    const user = await signUp(app)
    // Each reply keeps the model silent well past the idle timeout.
    model.script({ content: 'slow but here', chunkDelayMs: 700 }, { content: 'plain and slow', delayMs: 1000 })
    const url = `http://127.0.0.1:${port}/api/chat`
    const headers = { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }
    const streamed = await fetch(url, { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body: '{"message":"hi"}' })
    const events = await streamed.text()
    expect(events).toContain('event: done')
    expect(events).toContain('slow but here')
    const plain = await fetch(url, { method: 'POST', headers, body: '{"message":"hello"}' })
    expect(plain.status).toBe(200)
    expect(((await plain.json()) as { response: string }).response).toBe('plain and slow')
  })

  it('sends a heartbeat on a chat stream while the model says nothing', async () => {
    const model = await startOpenAiServer()
    const { app, port } = await listening({ openai: { apiKey: 'sk-test', baseUrl: model.baseUrl, maxRetries: 0 }, chatHeartbeatMs: 100 })
    const user = await signUp(app)
    model.script({ content: 'done thinking', chunkDelayMs: 400 })
    const res = await fetch(`http://127.0.0.1:${port}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: '{"message":"hi"}',
    })
    const text = await res.text()
    expect(text).toMatch(/^: heartbeat$/m)
    expect(text).toContain('event: done')
  })
})

describe('requests Node cannot parse are answered in the API’s error shape', () => {
  const cases: [string, string, number, string][] = [
    ['a Content-Length that is not a number', 'POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, 'BAD_REQUEST'],
    ['two different Content-Lengths', 'POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400, 'BAD_REQUEST'],
    [
      'Content-Length with Transfer-Encoding',
      'POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      400,
      'BAD_REQUEST',
    ],
    [
      'a chunk size that is not hex',
      'POST /api/auth/sign-in/email HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      400,
      'BAD_REQUEST',
    ],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'BAD_REQUEST'],
    ['headers over 16 KiB', `GET /api/tasks HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
  ]

  it.each(cases)('%s: %i', async (_name, raw, status, code) => {
    const { port } = await listening()
    const { received } = await exchange(port, [raw])
    const answer = parse(received)
    expect(answer.status).toBe(status)
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } })
    expect(received).toMatch(/content-type: application\/json/i)
  })

  it('keeps serving after all of them', async () => {
    const { port } = await listening()
    for (const [, raw] of cases) await exchange(port, [raw])
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
  })

  it('answers once a request refused from its headers (401) whose body then breaks the parser', async () => {
    const { port } = await listening()
    const socket = net.connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    socket.on('error', () => {})
    socket.write('POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n')
    await once(socket, 'close') // read everything until the server closes the connection
    expect(received.match(/^HTTP\/1\.1 /gm)).toHaveLength(1)
    expect(parse(received).body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } })
  })
})

// The task event stream through the real nginx config: nginx must forward each event as it
// is written (X-Accel-Buffering: no, proxy_buffering off), pass Last-Event-ID through, and
// keep the stream open between changes. A write made through nginx reaches a stream held
// through nginx within a second; the latency is printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { data, openStream } from '../../backend/test/live/sse.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools().filter((tool) => tool.includes('nginx'))

describe.skipIf(missing.length > 0)('the task event stream through nginx', () => {
  let stack: Stack
  let token = ''

  beforeAll(async () => {
    stack = await startStack({ build: false })
    const res = await fetch(`${stack.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url },
      body: JSON.stringify({ email: `events-${process.pid}@example.com`, password: 'correct horse battery' }),
    })
    expect(res.status).toBe(200)
    token = ((await res.json()) as { token: string }).token
  }, 60_000)
  afterAll(() => stack?.stop())

  const create = (title: string) =>
    fetch(`${stack.url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title }),
    })

  it('delivers each change unbuffered (the time is printed), and resumes from Last-Event-ID', async () => {
    const stream = await openStream(`${stack.url}/api/tasks/events`, { authorization: `Bearer ${token}` })
    try {
      expect(stream.status).toBe(200)
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
      await stream.waitFor((e) => e.event === 'ready', 30_000)
      const latencies: number[] = []
      for (let i = 1; i <= 3; i++) {
        const started = performance.now()
        expect((await create(`through nginx ${i}`)).status).toBe(201)
        const event = await stream.waitFor((e) => e.id === String(i), Infinity)
        latencies.push(performance.now() - started)
        expect(data(event).task.title).toBe(`through nginx ${i}`)
      }
      console.log(`through nginx: write → event ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`)
    } finally {
      stream.close()
    }
    const resumed = await openStream(`${stack.url}/api/tasks/events`, { authorization: `Bearer ${token}`, 'last-event-id': '1' })
    try {
      await resumed.waitFor((e) => e.id === '3', 30_000)
      expect(resumed.events.map((e) => e.id)).toEqual(['2', '3'])
    } finally {
      resumed.close()
    }
  })
})

// One account must not fill the volume every account writes to: quotas on what a user
// stores, and a write rate. Small quotas here; the defaults are in limits/quotas.ts.
import { describe, expect, it } from 'vitest'
import { engines, setup, signUp } from './helper.js'

const QUOTAS = { tasks: 3, storedTasks: 5, taskTextBytes: 10_000, messages: 6 }

describe.each(engines)('per-user quotas (%s)', (engine) => {
  it('live tasks: the next create is a 403 in the error shape; another user is not affected', async () => {
    const { app, inject } = await setup(engine, { quotas: QUOTAS })
    for (let i = 1; i <= 3; i++) expect((await inject({ method: 'POST', url: '/api/tasks', payload: { title: `t${i}` } })).statusCode).toBe(201)
    const full = await inject({ method: 'POST', url: '/api/tasks', payload: { title: 't4' } })
    expect(full.statusCode).toBe(403)
    expect(full.json().error).toEqual({ code: 'QUOTA_EXCEEDED', message: expect.stringContaining('at most 3 tasks') })
    const other = await signUp(app)
    expect((await other.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'mine' } })).statusCode).toBe(201)
    // Deleting makes room in the live list, and is never refused.
    expect((await inject({ method: 'DELETE', url: '/api/tasks/1' })).statusCode).toBe(200)
    expect((await inject({ method: 'POST', url: '/api/tasks', payload: { title: 't4' } })).statusCode).toBe(201)
    // Restoring counts against the live quota.
    const restore = await inject({ method: 'POST', url: '/api/tasks/1/restore' })
    expect(restore.statusCode).toBe(403)
  })

  it('the trash counts towards what a user stores; emptying it makes room', async () => {
    const { inject } = await setup(engine, { quotas: QUOTAS })
    for (let i = 1; i <= 5; i++) {
      expect((await inject({ method: 'POST', url: '/api/tasks', payload: { title: `t${i}` } })).statusCode).toBe(201)
      if (i <= 3) expect((await inject({ method: 'DELETE', url: `/api/tasks/${i}` })).statusCode).toBe(200)
    }
    const full = await inject({ method: 'POST', url: '/api/tasks', payload: { title: 't6' } })
    expect(full.statusCode).toBe(403)
    expect(full.json().error.message).toContain('empty the trash')
    expect((await inject({ method: 'DELETE', url: '/api/tasks/4' })).statusCode).toBe(200) // still allowed
  })

  it('bytes of text: a description that would pass the quota is refused; shortening one never is', async () => {
    const { inject } = await setup(engine, { quotas: { ...QUOTAS, tasks: 100, storedTasks: 100, taskTextBytes: 5000 } })
    const long = 'é'.repeat(1000) // 2,000 bytes
    expect((await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'a', description: long } })).statusCode).toBe(201)
    expect((await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'b', description: long } })).statusCode).toBe(201)
    const full = await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'c', description: long } })
    expect(full.statusCode).toBe(403)
    expect(full.json().error.message).toContain('MiB of text')
    const grow = await inject({ method: 'PATCH', url: '/api/tasks/1', payload: { description: long + long } })
    expect(grow.statusCode).toBe(403)
    expect((await inject({ method: 'PATCH', url: '/api/tasks/1', payload: { description: 'short' } })).statusCode).toBe(200)
    expect((await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'c', description: long } })).statusCode).toBe(201)
  })

  it('conversation messages: a turn past the quota is refused before anything is stored', async () => {
    const { inject } = await setup(engine, { quotas: QUOTAS, chatRateLimit: 0 })
    for (let i = 0; i < 3; i++) expect((await inject({ method: 'POST', url: '/api/chat', payload: { message: 'help' } })).statusCode).toBe(200)
    const full = await inject({ method: 'POST', url: '/api/chat', payload: { message: 'add milk' } })
    expect(full.statusCode).toBe(403)
    expect(full.json().error.code).toBe('QUOTA_EXCEEDED')
    expect((await inject('/api/tasks')).json().items).toEqual([])
    expect((await inject('/api/conversations')).json().items).toHaveLength(3)
  })

  it('the assistant hears a full account in the quota’s words', async () => {
    const { inject } = await setup(engine, { quotas: { ...QUOTAS, tasks: 1 }, chatRateLimit: 0 })
    await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'one' } })
    const res = await inject({ method: 'POST', url: '/api/chat', payload: { message: 'add buy milk' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().response).toContain('at most 1 task')
    expect((await inject('/api/tasks')).json().items).toHaveLength(1)
  })
})

describe.each(engines)('the write rate (%s)', (engine) => {
  it('a user gets the burst, then 429 with Retry-After; reads and other users go on', async () => {
    const { app, inject } = await setup(engine, { writeRateLimit: 5 })
    const codes = []
    for (let i = 0; i < 7; i++) codes.push((await inject({ method: 'POST', url: '/api/tasks', payload: { title: `t${i}` } })).statusCode)
    expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429])
    const limited = await inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'x' } })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/try again in \d+ s/) })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await inject('/api/tasks')).statusCode).toBe(200)
    const other = await signUp(app)
    expect((await other.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'mine' } })).statusCode).toBe(201)
  })
})

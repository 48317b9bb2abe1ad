import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helper.js'

describe('health', () => {
  it('/health answers 200 while the process is up', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ url: '/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('/ready answers 200 once migrations ran and the database answers', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ url: '/ready' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ready' })
  })

  it('/ready answers 503 while draining, and /health stays 200', async () => {
    const app = await buildTestApp()
    app.draining = true
    const res = await app.inject({ url: '/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json().error.code).toBe('DRAINING')
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200)
  })

  it('/ready does not touch the database: a database outage is answered by each request, not by leaving the Service', async () => {
    const app = await buildTestApp()
    await app.db.destroy()
    const res = await app.inject({ url: '/ready' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ready' })
  })
})

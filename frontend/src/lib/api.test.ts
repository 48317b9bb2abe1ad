import { afterEach, describe, expect, it, vi } from 'vitest'
import * as api from './api'

afterEach(() => {
  vi.unstubAllGlobals()
})

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal('fetch', async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }))
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('resolved'), (error: api.ApiError) => error)

describe('api errors', () => {
  it('a write refused for its rate carries the server’s message and the Retry-After seconds', async () => {
    answer(429, { error: { code: 'RATE_LIMITED', message: 'Too many changes; try again in 42 s' } }, { 'retry-after': '42' })
    const error = await failure(api.createTask({ title: 'x' }))
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: 'Too many changes; try again in 42 s', retryAfter: 42 })
  })

  it('a 429 without a readable body still says when to try again', async () => {
    answer(429, '<html>slow down</html>', { 'retry-after': '7' })
    const error = await failure(api.createTask({ title: 'x' }))
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many requests; try again in 7 s.', retryAfter: 7 })
  })

  it('a quota refusal carries the server’s message', async () => {
    answer(403, { error: { code: 'QUOTA_EXCEEDED', message: 'You have 5000 tasks, the most an account can hold; delete some first' } })
    const error = await failure(api.createTask({ title: 'x' }))
    expect(error).toMatchObject({ status: 403, code: 'QUOTA_EXCEEDED', message: 'You have 5000 tasks, the most an account can hold; delete some first' })
  })
})

// A page opened for one account, after another tab of the same browser signed a different
// account in: the cookie it now sends is the other account's. Naming the account it was
// opened for (X-Expected-User, or ?expected_user= on the event stream) makes every request
// of that page refused with 412 ACCOUNT_CHANGED instead of reading or writing the other
// account's tasks (numbers are per user: "delete #1" would delete theirs).
import { describe, expect, it } from 'vitest'
import { buildTestApp, signUp } from '../helper.js'

describe('a page names the account it was opened for', () => {
  it('a request carrying another account’s cookie is refused, nothing read or written; with its own, it goes through', async () => {
    const app = await buildTestApp('sqlite', { writeRateLimit: 0 })
    const ada = await signUp(app)
    const bob = await signUp(app)
    expect((await bob.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'bob’s task' } })).statusCode).toBe(201)

    // Ada's page, now sending Bob's credentials.
    const asAda = { 'x-expected-user': ada.userId }
    for (const [method, url] of [
      ['GET', '/api/tasks'],
      ['DELETE', '/api/tasks/1'],
      ['PATCH', '/api/tasks/1'],
      ['GET', `/api/tasks/events?expected_user=${ada.userId}`],
    ] as const) {
      const res = await bob.inject({ method, url, headers: url.includes('events') ? {} : asAda, ...(method === 'PATCH' && { payload: { title: 'x' } }) })
      expect(res.statusCode, `${method} ${url}`).toBe(412)
      expect(res.json().error.code).toBe('ACCOUNT_CHANGED')
    }
    const bobs = (await bob.inject('/api/tasks')).json().items
    expect(bobs.map((t: { title: string; deleted_at: string | null }) => [t.title, t.deleted_at])).toEqual([['bob’s task', null]])

    // The page of the account that is signed in, and a script naming no account: as always.
    expect((await bob.inject({ url: '/api/tasks', headers: { 'x-expected-user': bob.userId } })).statusCode).toBe(200)
    expect((await ada.inject('/api/tasks')).statusCode).toBe(200)
  })
})

// The per-process session cache in front of Better Auth's getSession, with a counting stand-in
// for Better Auth so the number of real lookups is visible.
import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import type { Auth } from '../../src/auth/auth.js'
import { createSessionResolver, type ResolvedSession } from '../../src/auth/session-cache.js'

function countingAuth() {
  const calls: string[] = []
  let release = () => {}
  let gate = Promise.resolve()
  const auth = {
    api: {
      getSession: async ({ headers }: { headers: Headers }): Promise<ResolvedSession | null> => {
        const credential = headers.get('authorization') ?? ''
        calls.push(credential)
        await gate
        if (!credential.startsWith('Bearer ')) return null
        const id = credential.slice('Bearer '.length)
        return {
          user: { id: `user-${id}`, email: `${id}@example.com`, name: id },
          session: { id: `session-${id}`, expiresAt: new Date(Date.now() + 60_000) },
        }
      },
    },
  }
  return {
    auth: auth as unknown as Auth,
    calls,
    /** Holds every getSession call until release() is called. */
    hold() {
      gate = new Promise((resolve) => (release = resolve))
      return () => release()
    },
  }
}

const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as FastifyRequest

describe('session cache', () => {
  it('asks Better Auth once for many concurrent requests with one credential, once per credential', async () => {
    const { auth, calls, hold } = countingAuth()
    const sessions = createSessionResolver(auth)
    const release = hold()
    const pending = [
      ...Array.from({ length: 20 }, () => sessions.lookup(request('a'))),
      ...Array.from({ length: 5 }, () => sessions.lookup(request('b'))),
    ]
    release()
    const results = await Promise.all(pending)
    expect(calls.sort()).toEqual(['Bearer a', 'Bearer b'])
    expect(new Set(results.slice(0, 20).map((r) => r?.user.id))).toEqual(new Set(['user-a']))
    expect(results[20]?.user.id).toBe('user-b')
    await sessions.lookup(request('a')) // cached now
    expect(calls).toHaveLength(2)
  })

  it('asks again once an entry is older than the time to live', async () => {
    const { auth, calls } = countingAuth()
    const sessions = createSessionResolver(auth, 20)
    await sessions.lookup(request('a'))
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 30))
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(2)
  })

  it('does not remember an answer that was in flight when its session was signed out', async () => {
    const { auth, calls, hold } = countingAuth()
    const sessions = createSessionResolver(auth)
    const release = hold()
    const inFlight = sessions.lookup(request('a'))
    sessions.evict('session-a')
    release()
    expect((await inFlight)?.user.id).toBe('user-a') // answered before the sign-out
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(2) // not served from the cache afterwards
  })
})

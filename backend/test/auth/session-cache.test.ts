// The per-process session cache in front of Better Auth's getSession, with a counting stand-in
// for Better Auth so the number of real lookups is visible.
import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import type { Auth } from '../../src/auth/auth.js'
import { createSessionResolver, credentialOf, type ResolvedSession } from '../../src/auth/session-cache.js'

function countingAuth(sessionMs = 60_000) {
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
          session: { id: `session-${id}`, token: id, expiresAt: new Date(Date.now() + sessionMs) },
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

  it('never serves a session past its own expiry, however long the time to live', async () => {
    const { auth, calls } = countingAuth(20)
    const sessions = createSessionResolver(auth, 60_000)
    await sessions.lookup(request('a'))
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 30))
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(2)
  })

  it('keeps no answer when the time to live is 0', async () => {
    const { auth, calls } = countingAuth()
    const sessions = createSessionResolver(auth, 0)
    await sessions.lookup(request('a'))
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(2)
  })

  it('keeps at most 10,000 credentials, dropping the one used longest ago', async () => {
    const { auth, calls } = countingAuth()
    const sessions = createSessionResolver(auth)
    for (let i = 0; i < 10_000; i++) await sessions.lookup(request(`t${i}`))
    await sessions.lookup(request('t0')) // used again: now the most recent
    await sessions.lookup(request('one-more')) // the 10,001st pushes t1 out
    calls.length = 0
    await sessions.lookup(request('t0'))
    await sessions.lookup(request('t2'))
    expect(calls).toEqual([])
    await sessions.lookup(request('t1'))
    expect(calls).toEqual(['Bearer t1'])
  })

  it('does not remember an answer that was in flight when its session was signed out', async () => {
    const { auth, calls, hold } = countingAuth()
    const sessions = createSessionResolver(auth)
    const release = hold()
    const inFlight = sessions.lookup(request('a'))
    sessions.evict('user-a', 'session-a')
    release()
    expect((await inFlight)?.user.id).toBe('user-a') // answered before the sign-out
    await sessions.lookup(request('a'))
    expect(calls).toHaveLength(2) // not served from the cache afterwards
  })

  it('shows Better Auth only the one credential it keys on, and never uses a session of another token', async () => {
    const seen: string[] = []
    // A stand-in that, like Better Auth, falls back to the cookie when the bearer is not usable.
    const auth = {
      api: {
        getSession: async ({ headers }: { headers: Headers }) => {
          seen.push(`${headers.get('authorization') ?? '-'} | ${headers.get('cookie') ?? '-'}`)
          return {
            user: { id: 'alice', email: 'alice@example.com', name: 'alice' },
            session: { id: 'session-alice', token: 'alice-token', expiresAt: new Date(Date.now() + 60_000) },
          }
        },
      },
    } as unknown as Auth
    const sessions = createSessionResolver(auth)
    const cookie = 'better-auth.session_token=alice-token.c2ln'
    const basic = { authorization: 'Basic Zm9vOmJhcg==' }
    // Basic is not a credential: the cookie is, alone.
    expect((await sessions.lookup({ headers: { ...basic, cookie } } as FastifyRequest))?.user.id).toBe('alice')
    expect(seen.at(-1)).toBe(`- | ${cookie}`)
    // The same Basic header with no cookie: no credential, no session, no call.
    expect(await sessions.lookup({ headers: basic } as FastifyRequest)).toBeNull()
    expect(seen).toHaveLength(1)
    // A bearer token whose session is not the one returned is refused, cookie or not.
    expect(await sessions.lookup({ headers: { authorization: 'Bearer bob-token', cookie } } as FastifyRequest)).toBeNull()
    expect(seen.at(-1)).toBe('Bearer bob-token | -')
  })
})

describe('credentialOf', () => {
  it.each([
    ['Bearer abc', { kind: 'bearer', token: 'abc' }],
    ['bearer abc', { kind: 'bearer', token: 'abc' }],
    ['BEARER   abc  ', { kind: 'bearer', token: 'abc' }],
    ['Bearer abc.c2ln', { kind: 'bearer', token: 'abc' }],
    ['Bearer abc.c2ln%3D', { kind: 'bearer', token: 'abc' }],
    // No literal dot: Better Auth signs the value as it is, so it is the token, undecoded.
    ['Bearer abc%2Ec2ln', { kind: 'bearer', token: 'abc%2Ec2ln' }],
    ['Basic Zm9vOmJhcg==', undefined],
    ['Digest username="a"', undefined],
    ['Token abc', undefined],
    ['Bearer', undefined],
    ['Bearer    ', undefined],
    ['Bearerabc', undefined],
  ])('reads Authorization %j as Better Auth’s bearer plugin does', (authorization, expected) => {
    const credential = credentialOf({ headers: { authorization } } as FastifyRequest)
    expect(credential && { kind: credential.kind, token: credential.token }).toEqual(expected)
  })

  it('falls back to the session cookie when the Authorization header is not a bearer token', () => {
    const credential = credentialOf({
      headers: { authorization: 'Basic Zm9v', cookie: 'theme=dark; better-auth.session_token=tok%2Esig; other=1' },
    } as FastifyRequest)
    expect(credential).toEqual({ kind: 'cookie', header: 'better-auth.session_token=tok%2Esig', token: 'tok' })
  })
})

// Better Auth's getSession costs about a millisecond per call (context, hooks, HMAC, two
// queries): most of an API request. Within one process the answer for a credential is
// remembered for a few seconds. Sign-out evicts the session here at once; another replica
// may accept a signed-out session for at most SESSION_CACHE_MS more.
import { fromNodeHeaders } from 'better-auth/node'
import type { FastifyRequest } from 'fastify'
import { HttpError } from '../errors.js'
import type { Auth } from './auth.js'

export const SESSION_CACHE_MS = 5000
const MAX_ENTRIES = 10_000

export interface ResolvedSession {
  user: { id: string; email: string; name: string }
  session: { id: string; expiresAt: Date }
}

interface Entry {
  value: ResolvedSession
  until: number
}

/** The credential a request carries: its bearer token, else its session cookie. */
function credentialOf(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (authorization) return `bearer:${authorization}`
  const cookie = request.headers.cookie
  const match = cookie && /(?:^|;\s*)((?:__Secure-)?better-auth\.session_token)=([^;]+)/.exec(cookie)
  return match ? `cookie:${match[2]}` : undefined
}

export function createSessionResolver(auth: Auth, ttlMs = SESSION_CACHE_MS) {
  const cache = new Map<string, Entry>()
  // One Better Auth call per credential at a time: when an entry expires under load, every
  // request carrying that credential waits for the same call instead of each making its own.
  const inFlight = new Map<string, Promise<ResolvedSession | null>>()
  // A lookup that began before a sign-out must not put the signed-out session back.
  let evictions = 0

  async function resolve(key: string | undefined, request: FastifyRequest): Promise<ResolvedSession | null> {
    const startedAt = evictions
    const result = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) })
    if (!result || !key || startedAt !== evictions) return result
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!)
    cache.set(key, { value: result, until: Date.now() + ttlMs })
    return result
  }

  async function lookup(request: FastifyRequest): Promise<ResolvedSession | null> {
    const key = credentialOf(request)
    if (!key) return resolve(key, request)
    const now = Date.now()
    const hit = cache.get(key)
    if (hit && hit.until > now && hit.value.session.expiresAt.getTime() > now) return hit.value
    if (hit) cache.delete(key)
    let flight = inFlight.get(key)
    if (!flight) {
      flight = resolve(key, request).finally(() => inFlight.delete(key))
      inFlight.set(key, flight)
    }
    return flight
  }

  return {
    /** The signed-in user and session (cookie or bearer token), or null. */
    lookup,
    /** Like lookup, but a 401 in the API's shape when there is no valid session. */
    async require(request: FastifyRequest): Promise<ResolvedSession> {
      const result = await lookup(request)
      if (!result) {
        throw new HttpError(401, 'UNAUTHORIZED', 'Sign in first: send the session cookie or Authorization: Bearer <token>')
      }
      return result
    },
    /** Forgets every credential of a session (sign-out). */
    evict(sessionId: string): void {
      evictions++
      for (const [key, entry] of cache) if (entry.value.session.id === sessionId) cache.delete(key)
    },
  }
}

export type SessionResolver = ReturnType<typeof createSessionResolver>

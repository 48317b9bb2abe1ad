// Better Auth's getSession (context, hooks, HMAC, two queries) is most of an API request
// (docs/testing.md, "Session lookups"). Within one process the answer for a credential is
// remembered for a few seconds: an LRU of at most 10,000 credentials, each kept no longer
// than SESSION_CACHE_MS nor past its session's expiry. Sign-out evicts the session here at
// once; another replica may accept a signed-out session for at most SESSION_CACHE_MS more.
//
// A cached answer must only ever reach the credential it was found for. So a request's one
// credential is parsed here exactly as Better Auth's bearer plugin parses it, Better Auth is
// shown that credential alone (the other header removed), and an answer is used, and cached,
// only when the session Better Auth returns carries that credential's token.
import { fromNodeHeaders } from 'better-auth/node'
import type { FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { HttpError } from '../errors.js'
import { DEFAULT_SESSION_CACHE_MS } from '../defaults.js'
import type { Auth } from './auth.js'

const MAX_ENTRIES = 10_000

export interface ResolvedSession {
  user: { id: string; email: string; name: string }
  session: { id: string; token: string; expiresAt: Date }
}

/** The credential a request authenticates with, and the session token it names. */
export interface Credential {
  kind: 'bearer' | 'cookie'
  /** The header as Better Auth will see it: `Bearer …`, or the one session cookie. */
  header: string
  /** The session token a genuine answer must carry. */
  token: string
}

const SESSION_COOKIE = /^(?:__Secure-)?better-auth\.session_token$/

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * `Authorization: Bearer <token>` as Better Auth's bearer plugin reads it (scheme compared
 * case-insensitively, the rest trimmed; `token.signature` or a bare token), else undefined.
 * Any other Authorization header (Basic, Digest, an empty bearer) is not a credential here.
 */
export function bearerOf(authorization: string | undefined): Credential | undefined {
  if (!authorization || authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined
  const value = authorization.slice(7).trim()
  if (!value) return undefined
  const token = value.includes('.') ? (value.includes('%') ? decode(value) : value).split('.')[0]! : value
  return token ? { kind: 'bearer', header: `Bearer ${value}`, token } : undefined
}

/** The first session cookie (`token.signature`, URL-encoded), else undefined. */
function cookieOf(cookieHeader: string | undefined): Credential | undefined {
  if (!cookieHeader) return undefined
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    const name = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    if (!SESSION_COOKIE.test(name) || !value) continue
    const signed = decode(value.replace(/^"|"$/g, ''))
    const dot = signed.lastIndexOf('.')
    if (dot <= 0) return undefined
    return { kind: 'cookie', header: `${name}=${value}`, token: signed.slice(0, dot) }
  }
  return undefined
}

/** The request's credential: a well-formed bearer token wins; otherwise the session cookie. */
export function credentialOf(request: Pick<FastifyRequest, 'headers'>): Credential | undefined {
  const { authorization, cookie } = request.headers
  return bearerOf(authorization) ?? cookieOf(cookie)
}

/** The request's headers with its one credential only, as Better Auth is shown them. */
export function headersFor(request: FastifyRequest, credential: Credential | undefined): Headers {
  const headers = fromNodeHeaders(request.headers)
  headers.delete('authorization')
  headers.delete('cookie')
  if (credential) headers.set(credential.kind === 'bearer' ? 'authorization' : 'cookie', credential.header)
  return headers
}

/** Told whether each lookup of a credential was answered from the cache (metrics). */
export type LookupObserver = (result: 'hit' | 'miss') => void

/** Told the user whose sessions just ended here (a sign-out, a revoke): long-lived responses check theirs. */
export type EndObserver = (userId: string) => void

function orUnauthorized(session: ResolvedSession | null): ResolvedSession {
  if (!session) throw new HttpError(401, 'UNAUTHORIZED', 'Sign in first: send the session cookie or Authorization: Bearer <token>')
  return session
}

export function createSessionResolver(
  auth: Pick<Auth, 'api'>,
  ttlMs = DEFAULT_SESSION_CACHE_MS,
  onLookup?: LookupObserver,
  onEnded?: EndObserver,
) {
  const cache = new LRUCache<string, ResolvedSession>({ max: MAX_ENTRIES })
  // One Better Auth call per credential at a time: when an entry expires under load, every
  // request carrying that credential waits for the same call instead of each making its own.
  const inFlight = new Map<string, Promise<ResolvedSession | null>>()
  // A lookup that began before a sign-out must not put the signed-out session back.
  let evictions = 0

  async function resolve(key: string, credential: Credential, request: FastifyRequest): Promise<ResolvedSession | null> {
    const startedAt = evictions
    const result = (await auth.api.getSession({ headers: headersFor(request, credential) })) as ResolvedSession | null
    // Better Auth found a session, but not the one this credential names: never use it.
    if (!result || result.session.token !== credential.token) return null
    if (startedAt !== evictions) return result
    // Kept for the time to live, never past the session's own expiry; a ttl of 0 would mean
    // "forever" to lru-cache, so an answer with no time left is not kept at all.
    const ttl = Math.min(ttlMs, result.session.expiresAt.getTime() - Date.now())
    if (ttl > 0) cache.set(key, result, { ttl })
    return result
  }

  /** Drops every entry that matches (keys collected first: no deleting while iterating). */
  function forget(matches: (session: ResolvedSession) => boolean): void {
    const keys: string[] = []
    cache.forEach((session, key) => matches(session) && keys.push(key))
    for (const key of keys) cache.delete(key)
  }

  /** A cached answer at once; otherwise (a miss, a lookup already on its way) a promise. */
  function lookup(request: FastifyRequest): ResolvedSession | null | Promise<ResolvedSession | null> {
    const credential = credentialOf(request)
    if (!credential) return null
    const key = `${credential.kind}:${credential.header}`
    const hit = cache.get(key) // undefined once stale: lru-cache drops an expired entry on read
    onLookup?.(hit ? 'hit' : 'miss')
    if (hit) return hit
    let flight = inFlight.get(key)
    if (!flight) {
      flight = resolve(key, credential, request).finally(() => inFlight.delete(key))
      inFlight.set(key, flight)
    }
    return flight
  }

  return {
    /** The signed-in user and session (bearer token, else cookie), or null. */
    lookup,
    /** Like lookup, but a 401 in the API's shape when there is no valid session. */
    require(request: FastifyRequest): ResolvedSession | Promise<ResolvedSession> {
      const result = lookup(request)
      return result instanceof Promise ? result.then(orUnauthorized) : orUnauthorized(result)
    },
    /** Forgets every credential of these sessions of a user (sign-out, a revoked session). */
    evict(userId: string, ...sessionIds: string[]): void {
      evictions++
      const ids = new Set(sessionIds)
      forget((session) => ids.has(session.session.id))
      if (sessionIds.length > 0) onEnded?.(userId)
    },
    /** Forgets every session of a user (password changed, account deleted). */
    evictUser(userId: string): void {
      evictions++
      forget((session) => session.user.id === userId)
      onEnded?.(userId)
    },
  }
}

export type SessionResolver = ReturnType<typeof createSessionResolver>

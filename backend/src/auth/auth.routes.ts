import rateLimit from '@fastify/rate-limit'
import { databaseStore } from '../limits/database-store.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, HttpError } from '../errors.js'
import type { Auth } from './auth.js'
import { capSessions } from './account.routes.js'
import { authForwarder } from './forward.js'
import type { SessionResolver } from './session-cache.js'
import type { SignInThrottle } from './sign-in-throttle.js'
import { DEMO_EMAIL, DEMO_PASSWORD, seededDemoUser } from './demo.js'
import { normaliseEmail } from './sign-in-throttle.js'
import { AuthResult, DemoAccount, SessionResult, SignInBody, SignOutResult, SignUpBody } from './auth.schema.js'

export interface AuthRoutesOptions {
  auth: Auth
  sessions: SessionResolver
  /** Failed sign-ins per account (see sign-in-throttle.ts). */
  throttle: SignInThrottle
  /** Sign-up and sign-in attempts allowed per client address per window. */
  rateLimit: { max: number; windowMs: number }
}

interface AuthUser {
  id: string
  email: string
  name: string
}

const userOf = (user: AuthUser) => ({ id: user.id, email: user.email, name: user.name })

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { auth, sessions, throttle, rateLimit: limit }) => {
  await app.register(rateLimit, {
    global: false,
    // request.ip is the client's address; behind nginx it is the X-Forwarded-For entry nginx
    // sets, believed only from the proxies TRUST_PROXY names (http/server-options.ts).
    // Sign-ups and sign-ins share one allowance, kept in the database for every replica.
    store: databaseStore(app.db),
    keyGenerator: (request) => `auth-address:${request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`),
  })
  const limited = { rateLimit: { max: limit.max, timeWindow: limit.windowMs } }

  const forward = authForwarder(auth)

  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse }

  app.post(
    '/sign-up/email',
    { config: limited, schema: { body: SignUpBody, response: { 200: AuthResult, ...errors } } },
    async (request, reply) => {
      const { email, password, name } = request.body
      if (normaliseEmail(email) === DEMO_EMAIL) {
        throw new HttpError(403, 'EMAIL_RESERVED', `${DEMO_EMAIL} is reserved for the demo account; sign up with your own email`)
      }
      const data = await forward(request, reply, { email, password, name: name ?? email.split('@')[0] })
      return { user: userOf(data.user), token: data.token }
    },
  )

  app.post(
    '/sign-in/email',
    { config: limited, schema: { body: SignInBody, response: { 200: AuthResult, ...errors } } },
    async (request, reply) => {
      const claim = await throttle.claim(request.body.email, request.ip)
      if (!claim.ok) {
        const seconds = Math.ceil(claim.retryAfterMs / 1000)
        reply.header('retry-after', String(seconds))
        throw new HttpError(
          429,
          'RATE_LIMITED',
          claim.reason === 'pair'
            ? `Too many failed sign-ins for this account from this address; try again in ${seconds} s`
            : `This account is receiving many wrong passwords, so sign-ins to it are slowed; try again in ${seconds} s`,
        )
      }
      let data
      try {
        data = await forward(request, reply, request.body)
      } catch (error) {
        const wrongPassword = error instanceof HttpError && error.code === 'INVALID_CREDENTIALS'
        await claim.settle(wrongPassword ? 'failure' : 'error')
        throw error
      }
      await claim.settle('success')
      sessions.evict(data.user.id, ...(await capSessions(app.db as never, data.user.id)))
      return { user: userOf(data.user), token: data.token }
    },
  )

  app.post('/sign-out', { schema: { response: { 200: SignOutResult, ...errors } } }, async (request, reply) => {
    const current = await sessions.lookup(request)
    await forward(request, reply, {})
    // Forgotten once the session is gone from the database: a lookup made in between would
    // otherwise find it there and remember it again (and lookups begun before are dropped).
    if (current) sessions.evict(current.user.id, current.session.id)
    return { success: true }
  })

  app.get('/get-session', { schema: { response: { 200: SessionResult } } }, async (request) => {
    const result = await sessions.lookup(request)
    if (!result) return { user: null, session: null }
    return { user: userOf(result.user), session: { expires_at: result.session.expiresAt.toISOString() } }
  })

  // The sign-in screen offers the demo account only where `npm run seed` created it.
  app.get('/demo', { schema: { response: { 200: DemoAccount } } }, async () => {
    const demo = await seededDemoUser(app.db)
    return demo ? { available: true as const, email: DEMO_EMAIL, password: DEMO_PASSWORD } : { available: false as const }
  })
}

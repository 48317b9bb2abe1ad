// Accounts as a Fastify plugin: Better Auth on the app's database, the session cache in
// front of it, the per-account sign-in throttle, the cross-origin write check, and the
// /api/auth routes. Other routes call `app.requireUser` to get `request.userId`.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from '../errors.js'
import { createAuth, resolveAuthSecret, type Auth } from './auth.js'
import { accountRoutes } from './account.routes.js'
import { authRoutes } from './auth.routes.js'
import { checkOrigin } from './origin-check.js'
import { callbackHook } from '../http/hooks.js'
import { DEFAULT_AUTH_RATE_LIMIT, DEFAULT_SESSION_CACHE_MS } from '../defaults.js'
import { createSessionResolver, type ResolvedSession } from './session-cache.js'
import { createSignInThrottle, DEFAULT_THROTTLE, type ThrottlePolicy } from './sign-in-throttle.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** For an onRequest hook: 401 without a valid session, else sets request.userId (waits only on a lookup). */
    requireUser: (request: FastifyRequest) => void | Promise<void>
    /**
     * Whether the session a request came with still holds for its user (a long-lived
     * response, such as the task event stream, asks again as it goes: a sign-out, a revoked
     * session or a changed password ends it).
     */
    sessionHolds: (request: FastifyRequest) => Promise<boolean>
    /** Better Auth itself, for server-side account work (`npm run seed`). */
    auth: Auth
  }
  interface FastifyRequest {
    /** The owner every task, conversation and message query is scoped by. */
    userId: string
  }
}

export interface AuthPluginOptions {
  /** Origins besides the app's own whose pages may sign in and write (CORS_ORIGINS). */
  corsOrigins: string[]
  /** AUTH_SECRET; unset, one is generated once and kept in the database. */
  authSecret?: string | undefined
  /** Sign-up and sign-in attempts per client address (default 10 a minute). */
  authRateLimit?: { max: number; windowMs: number }
  /** Failed sign-ins per account (default: sign-in-throttle.ts). */
  signInThrottle?: Partial<ThrottlePolicy>
  /** How long a resolved session is remembered per credential (default 5 s; 0 = never). */
  sessionCacheMs?: number
}

const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, options) => {
  const secret = await resolveAuthSecret(app.db, options.authSecret, app.log)
  const auth = createAuth(app.db, secret, app.log, options.corsOrigins)
  const { sessionCacheLookups } = app.metrics
  const sessions = createSessionResolver(
    auth,
    options.sessionCacheMs ?? DEFAULT_SESSION_CACHE_MS,
    (result) => sessionCacheLookups.inc({ result }),
    // A session ended here: that user's open event streams check theirs at once (other
    // replicas' streams at their next ping).
    (userId) => app.live.recheck(userId),
  )
  const throttle = createSignInThrottle(app.db, { ...DEFAULT_THROTTLE, ...options.signInThrottle })

  app.decorate('auth', auth)
  app.decorateRequest('userId', '')
  // A cached session answers at once; only a lookup through Better Auth makes it wait.
  const signedIn = (request: FastifyRequest, session: ResolvedSession) => {
    request.userId = session.user.id
    // A page names the account it was opened for (X-Expected-User, or ?expected_user= where
    // headers cannot be set): once another tab signed a different account in, the browser's
    // cookie is that account's, and this page's writes (task numbers are per user) must not
    // land on it, nor its lists show under the first account's name.
    const expected = request.headers['x-expected-user'] ?? (request.query as { expected_user?: unknown } | undefined)?.expected_user
    if (expected !== undefined && expected !== request.userId) {
      throw new HttpError(412, 'ACCOUNT_CHANGED', 'Another account is signed in now; reload the page')
    }
  }
  app.decorate('requireUser', (request: FastifyRequest) => {
    const session = sessions.require(request)
    return session instanceof Promise ? session.then((s) => signedIn(request, s)) : signedIn(request, session)
  })
  app.decorate('sessionHolds', async (request: FastifyRequest) => (await sessions.lookup(request))?.user.id === request.userId)
  // Every state-changing /api request made with the session cookie must come from the app's
  // own origin (or CORS_ORIGINS): 403 otherwise. Bearer-token requests are not affected.
  // Keyed on the route Fastify chose, not the raw target: an absolute-form target
  // ("POST http://host/api/tasks") is routed like "/api/tasks" and must be checked like it.
  app.addHook(
    'onRequest',
    callbackHook((request) => {
      if (request.routeOptions.url?.startsWith('/api/')) checkOrigin(request, options.corsOrigins)
    }),
  )
  await app.register(accountRoutes, { prefix: '/api/auth', auth, sessions })
  await app.register(authRoutes, {
    prefix: '/api/auth',
    auth,
    sessions,
    throttle,
    rateLimit: options.authRateLimit ?? DEFAULT_AUTH_RATE_LIMIT,
  })
}

export default fp(authPlugin, { name: 'auth', dependencies: ['database', 'metrics', 'live'] })

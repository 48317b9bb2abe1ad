import cors from '@fastify/cors'
import proxyAddr from '@fastify/proxy-addr'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Kysely } from 'kysely'
import { createAuth, resolveAuthSecret } from './auth/auth.js'
import { authRoutes } from './auth/auth.routes.js'
import { checkOrigin } from './auth/origin-check.js'
import { createSessionResolver, SESSION_CACHE_MS } from './auth/session-cache.js'
import { createSignInThrottle, DEFAULT_THROTTLE, type ThrottlePolicy } from './auth/sign-in-throttle.js'
import type { Brain } from './chat/brain.js'
import { createBuiltinBrain } from './chat/builtin/builtin-brain.js'
import { chatRoutes } from './chat/chat.routes.js'
import type { OpenAiOptions } from './chat/openai-brain.js'
import { DEFAULT_OPENAI_MODEL, type Config } from './config.js'
import { createDatabase } from './db/connect.js'
import type { Database } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { clientErrorHandler, registerErrorHandlers } from './errors.js'
import { healthRoutes } from './health/health.routes.js'
import { tasksRoutes } from './tasks/tasks.routes.js'
import { validatorCompiler } from './validation.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    /** Set on SIGTERM: /ready answers 503 so no new traffic is routed here. */
    draining: boolean
  }
  interface FastifyRequest {
    /** The owner every task, conversation and message query is scoped by. */
    userId: string
  }
}

/** 1 MiB: far above any legitimate task or chat message, small enough to refuse abuse. */
export const BODY_LIMIT = 1024 * 1024

/**
 * How long a client may take (ms). A slow or idle client cannot hold a connection open:
 * - headers: from the connection (or the previous response) to the end of the headers;
 * - request: to the end of the body;
 * - idle: a socket with no traffic either way (a chat turn lifts it; its stream sends
 *   a heartbeat, see chat.routes.ts);
 * - keepAlive: an idle kept-alive connection between two requests.
 * nginx's client_header_timeout and client_body_timeout are set to match (frontend/nginx).
 */
export interface Timeouts {
  headers: number
  request: number
  idle: number
  keepAlive: number
}
export const DEFAULT_TIMEOUTS: Timeouts = { headers: 10_000, request: 30_000, idle: 30_000, keepAlive: 5_000 }

/**
 * The one proxy hop whose X-Forwarded-For, -Host and -Proto are believed: the peer itself,
 * and only when it is on loopback or a private network (nginx in the pod network, Vite's
 * proxy on this machine). nginx sets those headers from what it saw, never passing a
 * client's own (frontend/nginx/default.conf.template), so the client address is the last
 * X-Forwarded-For entry and nothing further left is ever read.
 */
const privatePeer = proxyAddr.compile(['loopback', 'linklocal', 'uniquelocal'])
export const trustOneProxyHop = (address: string, hop: number) => hop === 0 && privatePeer(address, hop)

export type BuildOptions = Pick<Config, 'database' | 'corsOrigins'> & Partial<Pick<Config, 'sessionCacheMs'>> & {
  authSecret?: string | undefined
  logger?: FastifyServerOptions['logger']
  /** Sign-up and sign-in attempts per client address (default 10 a minute). */
  authRateLimit?: { max: number; windowMs: number }
  /** With an API key the OpenAI brain answers chat; without, the built-in one. */
  openai?: Partial<OpenAiOptions> & { apiKey: string | undefined }
  /** Chat turns per user per minute (default 20; 0 = no limit). */
  chatRateLimit?: number
  /** How often an open chat stream sends a heartbeat comment (default 15 s). */
  chatHeartbeatMs?: number
  /** Failed sign-ins per account (default: sign-in-throttle.ts). */
  signInThrottle?: Partial<ThrottlePolicy>
  timeouts?: Partial<Timeouts>
}

/** The OpenAI SDK is loaded only when a key asks for it: the built-in brain starts faster. */
export async function chooseBrain(openai: BuildOptions['openai']): Promise<Brain> {
  if (!openai?.apiKey) return createBuiltinBrain()
  const { createOpenAiBrain } = await import('./chat/openai-brain.js')
  return createOpenAiBrain({ ...openai, apiKey: openai.apiKey, baseUrl: openai.baseUrl, model: openai.model ?? DEFAULT_OPENAI_MODEL })
}

/** Composes the app: database (migrated), error handling, routes. Never listens. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    trustProxy: trustOneProxyHop,
    connectionTimeout: timeouts.idle,
    requestTimeout: timeouts.request,
    keepAliveTimeout: timeouts.keepAlive,
    // Node checks the header and request deadlines on this interval (default 30 s).
    http: { headersTimeout: timeouts.headers, connectionsCheckingInterval: Math.min(1000, timeouts.headers) },
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  // Only JSON is accepted: any other body is answered 415 before a handler runs.
  app.removeContentTypeParser(['text/plain'])

  const db = createDatabase(options.database, (error, message) => app.log.warn({ err: error }, message))
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  app.decorate('db', db)
  app.decorate('draining', false)
  app.decorateRequest('userId', '')
  app.addHook('onClose', async () => db.destroy())
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    // While draining, close each connection after its response instead of letting an idle
    // keep-alive socket hold the shutdown open until its timeout.
    if (app.draining) reply.header('connection', 'close')
  })

  registerErrorHandlers(app)
  if (options.corsOrigins.length > 0) {
    await app.register(cors, { origin: options.corsOrigins.includes('*') ? true : options.corsOrigins })
  }

  const secret = await resolveAuthSecret(db, options.authSecret, app.log)
  const auth = createAuth(db, options.database.kind, secret, app.log, options.corsOrigins)
  const sessions = createSessionResolver(auth, options.sessionCacheMs ?? SESSION_CACHE_MS)
  const throttle = createSignInThrottle(db, { ...DEFAULT_THROTTLE, ...options.signInThrottle })
  const brain = await chooseBrain(options.openai)
  app.log.info({ mode: brain.mode, model: brain.model }, 'chat assistant ready')

  await app.register(healthRoutes)
  // Every state-changing /api request made with the session cookie must come from the app's
  // own origin (or CORS_ORIGINS): 403 otherwise. Bearer-token requests are not affected.
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) checkOrigin(request, options.corsOrigins)
  })
  await app.register(authRoutes, {
    prefix: '/api/auth',
    auth,
    sessions,
    throttle,
    rateLimit: options.authRateLimit ?? { max: 10, windowMs: 60_000 },
  })
  // Everything else under /api belongs to a signed-in user: 401 without a valid session.
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.userId = (await sessions.require(request)).user.id
      })
      await api.register(tasksRoutes, { prefix: '/tasks' })
      await api.register(chatRoutes, {
        brain,
        turnsPerMinute: options.chatRateLimit ?? 20,
        ...(options.chatHeartbeatMs && { heartbeatMs: options.chatHeartbeatMs }),
      })
    },
    { prefix: '/api' },
  )
  return app
}

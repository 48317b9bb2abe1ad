import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Kysely } from 'kysely'
import { createAuth, resolveAuthSecret } from './auth/auth.js'
import { authRoutes } from './auth/auth.routes.js'
import { createSessionResolver } from './auth/session-cache.js'
import type { Brain } from './chat/brain.js'
import { createBuiltinBrain } from './chat/builtin/builtin-brain.js'
import { chatRoutes } from './chat/chat.routes.js'
import type { OpenAiOptions } from './chat/openai-brain.js'
import { DEFAULT_OPENAI_MODEL, type Config } from './config.js'
import { createDatabase } from './db/connect.js'
import type { Database } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { registerErrorHandlers } from './errors.js'
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

export type BuildOptions = Pick<Config, 'database' | 'corsOrigins'> & {
  authSecret?: string | undefined
  logger?: FastifyServerOptions['logger']
  /** Sign-up and sign-in attempts per client address (default 10 a minute). */
  authRateLimit?: { max: number; windowMs: number }
  /** With an API key the OpenAI brain answers chat; without, the built-in one. */
  openai?: Partial<OpenAiOptions> & { apiKey: string | undefined }
  /** Chat turns per user per minute (default 20; 0 = no limit). */
  chatRateLimit?: number
}

/** The OpenAI SDK is loaded only when a key asks for it: the built-in brain starts faster. */
export async function chooseBrain(openai: BuildOptions['openai']): Promise<Brain> {
  if (!openai?.apiKey) return createBuiltinBrain()
  const { createOpenAiBrain } = await import('./chat/openai-brain.js')
  return createOpenAiBrain({ ...openai, apiKey: openai.apiKey, baseUrl: openai.baseUrl, model: openai.model ?? DEFAULT_OPENAI_MODEL })
}

/** Composes the app: database (migrated), error handling, routes. Never listens. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    // Behind nginx (or Vite's proxy) the client address comes from X-Forwarded-For; it is
    // believed only when the hop itself is loopback or a private network address.
    trustProxy: 'loopback,linklocal,uniquelocal',
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
  const auth = createAuth(db, options.database.kind, secret, app.log)
  const sessions = createSessionResolver(auth)
  const brain = await chooseBrain(options.openai)
  app.log.info({ mode: brain.mode, model: brain.model }, 'chat assistant ready')

  await app.register(healthRoutes)
  await app.register(authRoutes, {
    prefix: '/api/auth',
    auth,
    sessions,
    rateLimit: options.authRateLimit ?? { max: 10, windowMs: 60_000 },
  })
  // Everything else under /api belongs to a signed-in user: 401 without a valid session.
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.userId = (await sessions.require(request)).user.id
      })
      await api.register(tasksRoutes, { prefix: '/tasks' })
      await api.register(chatRoutes, { brain, turnsPerMinute: options.chatRateLimit ?? 20 })
    },
    { prefix: '/api' },
  )
  return app
}

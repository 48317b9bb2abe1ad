// The app, composed: server options, error handling, then one plugin per concern. It never
// listens (server.ts does); tests build it and use app.inject.
import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import authPlugin, { type AuthPluginOptions } from './auth/auth.plugin.js'
import brainPlugin, { type BrainPluginOptions } from './chat/brain.plugin.js'
import { chatRoutes, type ChatRoutesOptions } from './chat/chat.routes.js'
import databasePlugin, { type DatabasePluginOptions } from './db/database.plugin.js'
import { answerStarted, registerErrorHandlers } from './errors.js'
import { healthRoutes } from './health/health.routes.js'
import openapiPlugin from './http/openapi.plugin.js'
import type { LogFormat } from './config.js'
import { checkHost } from './http/host-check.js'
import { callbackHook } from './http/hooks.js'
import { serverOptions, type Timeouts, type TrustProxy } from './http/server-options.js'
import { DEFAULT_CHAT_RATE_LIMIT, DEFAULT_QUOTAS, DEFAULT_WRITE_RATE_LIMIT } from './defaults.js'
import type { Quotas } from './limits/quotas.js'
import { limitWrites } from './limits/write-rate.js'
import livePlugin, { type LivePluginOptions } from './live/live.plugin.js'
import { liveRoutes } from './live/live.routes.js'
import metricsPlugin from './metrics/metrics.plugin.js'
import { tasksRoutes } from './tasks/tasks.routes.js'
import trashPlugin, { type TrashPluginOptions } from './tasks/trash.plugin.js'
import { trashRoutes } from './tasks/trash.routes.js'
import { validatorCompiler } from './validation.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Set on SIGTERM: /ready answers 503 so no new traffic is routed here. */
    draining: boolean
    /** The per-user quotas every write that adds is checked against. */
    quotas: Quotas
  }
}

export type BuildOptions = DatabasePluginOptions &
  TrashPluginOptions &
  LivePluginOptions &
  AuthPluginOptions &
  BrainPluginOptions & {
    logger?: FastifyServerOptions['logger']
    /** pretty: one plain line per request (http/request-log.ts) instead of Fastify's two objects. */
    logFormat?: LogFormat
    timeouts?: Partial<Timeouts>
    /** Which proxies' X-Forwarded-* are believed (TRUST_PROXY; default none). */
    trustProxy?: TrustProxy
    /** Chat turns per user per minute (default 20; 0 = no limit). */
    chatRateLimit?: number
    /** How often an open chat stream sends a heartbeat comment (default 15 s). */
    chatHeartbeatMs?: ChatRoutesOptions['heartbeatMs']
    /** Per-user quotas (default: defaults.ts). */
    quotas?: Partial<Quotas>
    /** Task and conversation writes per user per minute (default 300; 0 = no limit). */
    writeRateLimit?: number
  }

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(options.logger, options.timeouts, options.trustProxy, options.logFormat)).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  // Only JSON is accepted: any other body is answered 415 before a handler runs.
  app.removeContentTypeParser(['text/plain'])
  app.decorate('draining', false)
  app.decorate('quotas', { ...DEFAULT_QUOTAS, ...options.quotas })
  // Every request's hooks take Fastify's callback form, without a promise (http/hooks.ts).
  app.addHook('onSend', (request, reply, payload, done) => {
    answerStarted(request.raw)
    reply.header('x-request-id', request.id)
    // While draining, close each connection after its response instead of letting an idle
    // keep-alive socket hold the shutdown open until its timeout.
    if (app.draining) reply.header('connection', 'close')
    done(null, payload)
  })
  registerErrorHandlers(app)
  app.addHook('onRequest', callbackHook(checkHost))
  if (options.corsOrigins.length > 0) {
    await app.register(cors, { origin: options.corsOrigins.includes('*') ? true : options.corsOrigins })
  }

  await app.register(metricsPlugin)
  await app.register(databasePlugin, options)
  await app.register(trashPlugin, options)
  await app.register(livePlugin, options)
  await app.register(openapiPlugin)
  await app.register(authPlugin, options)
  await app.register(brainPlugin, options)

  await app.register(healthRoutes)
  // Everything else under /api belongs to a signed-in user: 401 without a valid session.
  await app.register(
    async (api) => {
      api.addHook('onRequest', callbackHook(app.requireUser))
      await limitWrites(api, options.writeRateLimit ?? DEFAULT_WRITE_RATE_LIMIT)
      await api.register(tasksRoutes, { prefix: '/tasks' })
      await api.register(liveRoutes, { prefix: '/tasks' })
      await api.register(trashRoutes, { prefix: '/trash' })
      await api.register(chatRoutes, {
        turnsPerMinute: options.chatRateLimit ?? DEFAULT_CHAT_RATE_LIMIT,
        ...(options.chatHeartbeatMs && { heartbeatMs: options.chatHeartbeatMs }),
      })
    },
    { prefix: '/api' },
  )
  return app
}

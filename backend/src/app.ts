import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from './config.js'
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

/** Until accounts exist every request acts as this one user; rows still carry it. */
export const LOCAL_USER_ID = 'local'

/** 1 MiB: far above any legitimate task or chat message, small enough to refuse abuse. */
export const BODY_LIMIT = 1024 * 1024

export type BuildOptions = Pick<Config, 'database' | 'corsOrigins'> & {
  logger?: FastifyServerOptions['logger']
}

/** Composes the app: database (migrated), error handling, routes. Never listens. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  // Only JSON is accepted: any other body is answered 415 before a handler runs.
  app.removeContentTypeParser(['text/plain'])

  const db = createDatabase(options.database)
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

  await app.register(healthRoutes)
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.userId = LOCAL_USER_ID
      })
      await api.register(tasksRoutes, { prefix: '/tasks' })
    },
    { prefix: '/api' },
  )
  return app
}

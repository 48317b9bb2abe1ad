import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { ErrorResponse } from '../errors.js'

const Status = Type.Object({ status: Type.String() })

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Liveness: the process is up and its event loop answers. Never touches the database,
  // so a slow database does not get the pod restarted.
  app.get('/health', { schema: { response: { 200: Status } }, logLevel: 'warn' }, async () => ({ status: 'ok' }))

  // Readiness: migrations ran (buildApp awaited them), the database answers, and the process
  // is not draining. Kubernetes stops routing to a pod as soon as this turns 503.
  app.get(
    '/ready',
    { schema: { response: { 200: Status, 503: ErrorResponse } }, logLevel: 'warn' },
    async (request, reply) => {
      if (app.draining) {
        return reply.code(503).send({ error: { code: 'DRAINING', message: 'The server is shutting down' } })
      }
      try {
        await sql`select 1`.execute(app.db)
      } catch (err) {
        request.log.warn({ err }, 'readiness check: database unreachable')
        return reply.code(503).send({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is unreachable' } })
      }
      return { status: 'ready' }
    },
  )
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse } from '../errors.js'

const Status = Type.Object({ status: Type.String() })

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Liveness: the process is up and its event loop answers. Never touches the database,
  // so a slow database does not get the pod restarted.
  app.get('/health', { schema: { response: { 200: Status } }, logLevel: 'warn' }, async () => ({ status: 'ok' }))

  // Readiness: migrations ran (buildApp awaited them, so the database answered at start) and
  // the process is not draining. Kubernetes stops routing to a pod as soon as this turns 503.
  // It does not ask the database again: every replica shares it, so an outage would take
  // them all out of the Service at once, and nginx's API_UNAVAILABLE would replace each
  // request's own DATABASE_UNAVAILABLE (with its Retry-After), while every endpoint flips
  // out and back in.
  app.get('/ready', { schema: { response: { 200: Status, 503: ErrorResponse } }, logLevel: 'warn' }, async (_request, reply) => {
    if (app.draining) {
      return reply.code(503).send({ error: { code: 'DRAINING', message: 'The server is shutting down' } })
    }
    return { status: 'ready' }
  })
}

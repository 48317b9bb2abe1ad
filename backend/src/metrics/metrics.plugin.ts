// GET /metrics in Prometheus's text format, and the request timing that feeds it. Shared as
// `app.metrics` so the database, the session cache and chat record into the same registry.
// /metrics needs no session: it is served on the backend's port for in-cluster scraping and
// never through the public nginx (frontend/nginx/default.conf.template answers it 404).
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { callbackHook } from '../http/hooks.js'
import { Type } from 'typebox'
import { createMetrics, UNMATCHED_ROUTE, type Metrics } from './metrics.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

const metricsPlugin: FastifyPluginAsync = async (app) => {
  const metrics = createMetrics()
  app.decorate('metrics', metrics)

  app.addHook(
    'onResponse',
    callbackHook((request, reply) => {
      metrics.httpRequestDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      )
    }),
  )

  // Scraped every few seconds: logged only at warn and above, like the probes.
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      schema: {
        description: 'Prometheus metrics in the text exposition format (docs/kubernetes.md, "Metrics"). Not reachable through nginx.',
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType)
      return metrics.registry.metrics()
    },
  )
}

export default fp(metricsPlugin, { name: 'metrics' })

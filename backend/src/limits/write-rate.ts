// Writes per user: one client used to create ~990 tasks a second. Every POST, PUT, PATCH
// and DELETE under /api after sign-in takes a share of the user's bucket (limits/
// database-store.ts, shared by replicas): `perMinute` at once, then one every 60 / perMinute
// seconds. A chat turn has its own, lower limit (chat.routes.ts) and is not counted here.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { HttpError } from '../errors.js'
import { databaseStore } from './database-store.js'

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

export async function limitWrites(api: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute <= 0) return
  await api.register(rateLimit, {
    hook: 'preHandler', // after the session hook, so the limit is per user
    max: perMinute,
    timeWindow: 60_000,
    store: databaseStore(api.db),
    keyGenerator: (request) => `writes:${request.userId}`,
    allowList: (request) => READS.has(request.method) || request.routeOptions.url === '/api/chat',
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `Too many changes in a minute; try again in ${Math.ceil(context.ttl / 1000)} s`),
  })
}

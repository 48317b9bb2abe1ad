// Live changes as a Fastify plugin: the hub (live.hub.ts) shared as `app.live`, woken by
// every write this process answers, and closed before the server stops accepting, so open
// streams end at once on shutdown instead of holding the drain to its grace period.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { callbackHook } from '../http/hooks.js'
import type { DatabaseConfig } from '../db/connect.js'
import { LiveHub } from './live.hub.js'

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub
  }
}

export interface LivePluginOptions {
  database: DatabaseConfig
  /** How often SQLite's log is polled while a stream is open (default 250 ms). */
  livePollMs?: number
  /** How often an open stream sends `: ping` (default 15 s). */
  livePingMs?: number
  /** What a stream may hold unsent for a client that stopped reading (default 1 MiB). */
  liveMaxBufferedBytes?: number
  /** How often the PostgreSQL listener checks its connection with `select 1` (default 30 s). */
  liveListenerCheckMs?: number
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const livePlugin: FastifyPluginAsync<LivePluginOptions> = async (app, options) => {
  const hub = new LiveHub(app.db, options.database, app.log, {
    ...(options.livePollMs && { pollMs: options.livePollMs }),
    ...(options.livePingMs && { pingMs: options.livePingMs }),
    ...(options.liveMaxBufferedBytes && { maxBufferedBytes: options.liveMaxBufferedBytes }),
    ...(options.liveListenerCheckMs && { listenerCheckMs: options.liveListenerCheckMs }),
  })
  app.decorate('live', hub)
  // A write answered here wakes its user's streams without waiting for the poll or NOTIFY.
  app.addHook(
    'onResponse',
    callbackHook((request) => {
      if (WRITES.has(request.method) && request.userId) hub.wake(request.userId)
    }),
  )
  app.addHook('preClose', async () => hub.close())
}

export default fp(livePlugin, { name: 'live', dependencies: ['database'] })

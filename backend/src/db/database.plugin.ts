// The database as a Fastify plugin: opened and migrated before any route is registered,
// shared as `app.db`, closed when the app closes.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { createDatabase, searchIndexed, type DatabaseConfig } from './connect.js'
import type { Database } from './database.js'
import { migrateToLatest } from './migrate.js'
import { isUnavailable, unavailableCause } from './unavailable.js'
import { queryKind } from '../metrics/metrics.js'
import { DATABASE_STARTUP_WAIT_MS } from '../defaults.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
  }
}

export interface DatabasePluginOptions {
  database: DatabaseConfig
  /** How long a starting process waits for an unreachable database (ms); default DATABASE_STARTUP_WAIT_MS. */
  startupWaitMs?: number
}

/**
 * Migrates, waiting for a database that cannot be reached yet: a backend starting beside its
 * PostgreSQL (the same rollout, a database pod restarting) tries again every 1 to 5 s for
 * `waitMs` instead of exiting, which would put the pod into CrashLoopBackOff, whose growing
 * delays outlast the database's own start. Any other error (a bad password, a failed
 * migration) stops at once.
 */
async function migrateOnceReachable(db: Kysely<any>, waitMs: number, warn: (message: string) => void) {
  const deadline = Date.now() + waitMs
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateToLatest(db)
    } catch (error) {
      const unreachable = isUnavailable(error) || unavailableCause(error) !== undefined
      if (!unreachable || Date.now() >= deadline) throw error
      const delay = Math.min(1000 * attempt, 5000)
      warn(`the database is not reachable yet (${error instanceof Error ? error.message : String(error)}): trying again in ${delay / 1000} s`)
      await sleep(delay)
    }
  }
}

const databasePlugin: FastifyPluginAsync<DatabasePluginOptions> = async (app, { database, startupWaitMs = DATABASE_STARTUP_WAIT_MS }) => {
  const { dbQueryDuration } = app.metrics
  const db = createDatabase(
    database,
    (error, message) => app.log.warn({ err: error }, message),
    (event) => dbQueryDuration.observe({ kind: queryKind(event.query.query, event.query.sql) }, event.queryDurationMillis / 1000),
  )
  try {
    // Which process applied what: with replicas starting together, each migration shows in
    // exactly one log (the cluster suite counts them).
    const { results = [] } = await migrateOnceReachable(db, startupWaitMs, (message) => app.log.warn(message))
    const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName)
    app.log.info({ applied }, applied.length > 0 ? `applied ${applied.length} database migrations` : 'database schema up to date')
  } catch (error) {
    await db.destroy()
    throw error
  }
  if (!(await searchIndexed(db))) {
    app.log.warn(
      'text search reads every task of a user: pg_trgm is not installed in this database (it ships with PostgreSQL; ' +
        'as its owner run "create extension pg_trgm" and the two indexes of migration 2026-12-02T0100_task_search_trigram_pg)',
    )
  }
  app.decorate('db', db)
  app.addHook('onClose', async () => db.destroy())
}

export default fp(databasePlugin, { name: 'database', dependencies: ['metrics'] })

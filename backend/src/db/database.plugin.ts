// The database as a Fastify plugin: opened and migrated before any route is registered,
// shared as `app.db`, closed when the app closes.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { createDatabase, searchIndexed, type DatabaseConfig } from './connect.js'
import type { Database } from './database.js'
import { migrateToLatest } from './migrate.js'
import { queryKind } from '../metrics/metrics.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
  }
}

export interface DatabasePluginOptions {
  database: DatabaseConfig
}

const databasePlugin: FastifyPluginAsync<DatabasePluginOptions> = async (app, { database }) => {
  const { dbQueryDuration } = app.metrics
  const db = createDatabase(
    database,
    (error, message) => app.log.warn({ err: error }, message),
    (event) => dbQueryDuration.observe({ kind: queryKind(event.query.query, event.query.sql) }, event.queryDurationMillis / 1000),
  )
  try {
    await migrateToLatest(db)
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

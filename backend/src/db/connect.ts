import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely'
import pg from 'pg'
import type { DatabaseConfig } from '../config.js'
import type { Database } from './database.js'

/** How long a SQLite writer waits for another process's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000

/** Compiled statements kept per connection: far more than the distinct queries the app makes. */
export const STATEMENT_CACHE_SIZE = 1000

/**
 * Kysely asks better-sqlite3 to prepare every query it runs, and preparing compiles the SQL
 * again each time: about 10 µs, a tenth of a chat turn's CPU. The app's SQL comes from a
 * few hundred query shapes with the values always bound as parameters, so a compiled
 * statement is kept per SQL text and reused. Reuse is safe: better-sqlite3 runs a statement
 * synchronously to completion, and SQLite recompiles a kept statement itself if a
 * migration changes the schema under it.
 */
export function withStatementCache(sqlite: Pick<SQLite.Database, 'prepare' | 'close'>): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    prepare(sql) {
      let statement = statements.get(sql)
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!)
        statement = sqlite.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
    close: () => sqlite.close(),
  }
}

/** Where the database reports a fault that belongs to no query (see the pool below). */
export type DatabaseFaultLogger = (error: Error, message: string) => void

const defaultFaultLogger: DatabaseFaultLogger = (error, message) => console.warn(`${message}: ${error.message}`)

export function createDatabase(
  config: DatabaseConfig,
  logFault: DatabaseFaultLogger = defaultFaultLogger,
): Kysely<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10 })
    // An idle pooled connection that the server closes (PostgreSQL restarted, a failover, an
    // administrator's pg_terminate_backend, an idle timeout) is reported as an 'error' event
    // on the pool, and an unheard 'error' event ends the process. The pool has already
    // dropped that connection and opens a new one for the next query, so it is logged only.
    pool.on('error', (error) => logFault(error, 'database: the server closed an idle connection'))
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  }
  fs.mkdirSync(path.dirname(config.path), { recursive: true })
  const sqlite = new SQLite(config.path)
  // WAL lets readers and one writer (from any process) work at once; the busy timeout
  // makes a second process wait for the write lock instead of failing at once;
  // synchronous=NORMAL is durable against a killed process in WAL mode and never corrupts.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
}

/** Which engine a Kysely instance talks to. */
export function dialectOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

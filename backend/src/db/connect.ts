import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresAdapter, PostgresDialect, sql, SqliteDialect, type LogEvent } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import { withStatementCache } from './sqlite-statements.js'
import { CONNECT_TIMEOUT_MS, reportingUnavailable } from './unavailable.js'

/** Which database to open (DATABASE_URL, parsed by config.ts). */
export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string }

/** How long a SQLite writer waits for another process's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000

/**
 * The app's PostgreSQL connections. Their planner assumes random reads cost 1.1 sequential
 * ones instead of PostgreSQL's default 4, which dates from spinning disks: on SSDs, and with
 * a working set in memory, 1.1 is the usual setting. With 4, a search for a rare word ANDed
 * the trigram matches with a bitmap of all the user's rows; with 1.1 it reads the matches and
 * filters them, several times faster (docs/testing.md, "random_page_cost"). It is set per
 * connection, so it needs no privilege and changes nothing for other clients.
 *
 * A query waits at most CONNECT_TIMEOUT_MS for a connection, free or new: without a bound,
 * a server that accepts but never answers (or a pool whose connections are all busy) held
 * the request for ever (db/unavailable.ts). TCP keepalive notices a vanished peer on an
 * idle connection.
 */
export function postgresPool(url: string, max = 10): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    options: '-c random_page_cost=1.1',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  })
}

/** Where the database reports a fault that belongs to no query (see the pool below). */
export type DatabaseFaultLogger = (error: Error, message: string) => void

/** Told of every query once it ends, with how long it took (Kysely's `log` option). */
export type QueryObserver = (event: LogEvent) => void

const defaultFaultLogger: DatabaseFaultLogger = (error, message) => console.warn(`${message}: ${error.message}`)

export function createDatabase(
  config: DatabaseConfig,
  logFault: DatabaseFaultLogger = defaultFaultLogger,
  onQuery?: QueryObserver,
): Kysely<Database> {
  const log = onQuery && { log: onQuery }
  if (config.kind === 'postgres') {
    const pool = postgresPool(config.url)
    // An idle pooled connection that the server closes (PostgreSQL restarted, a failover, an
    // administrator's pg_terminate_backend, an idle timeout) is reported as an 'error' event
    // on the pool, and an unheard 'error' event ends the process. The pool has already
    // dropped that connection and opens a new one for the next query, so it is logged only.
    pool.on('error', (error) => logFault(error, 'database: the server closed an idle connection'))
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: reportingUnavailable(pool) }), ...log })
  }
  fs.mkdirSync(path.dirname(config.path), { recursive: true })
  const sqlite = new SQLite(config.path)
  // WAL lets readers and one writer (from any process) work at once; the busy timeout
  // makes a second process wait for the write lock instead of failing at once;
  // synchronous=NORMAL is durable against a killed process in WAL mode and never corrupts.
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
  switchToWal(sqlite)
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), ...log })
}

/**
 * Switching a file to WAL needs its write lock, and SQLite answers SQLITE_BUSY at once
 * instead of calling the busy handler. Two replicas starting on a fresh file meet exactly
 * that: the first is migrating when the second opens the file. So the switch is tried
 * again, blocking, for up to the busy timeout; it happens once per process, at start.
 * A file already in WAL mode is switched without a lock.
 */
function switchToWal(sqlite: SQLite.Database): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL')
      return
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error
      Atomics.wait(pause, 0, 0, 20)
    }
  }
}

/** Which engine a Kysely instance talks to. */
export function dialectOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Whether text search has its index: always on SQLite (FTS5), with pg_trgm on PostgreSQL. */
export async function searchIndexed(db: Kysely<any>): Promise<boolean> {
  if (dialectOf(db) === 'sqlite') return true
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_indexes where tablename = 'tasks' and indexname in ('tasks_title_trgm', 'tasks_description_trgm')`.execute(db)
  return rows[0]?.n === 2
}

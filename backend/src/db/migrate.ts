import { setTimeout as sleep } from 'node:timers/promises'
import { Migrator, SqliteAdapter, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely'
import * as createTasks from './migrations/2026-11-26T0400_create_tasks.js'
import * as createAuthTables from './migrations/2026-11-26T0500_create_auth_tables.js'
import * as createConversations from './migrations/2026-11-26T0600_create_conversations.js'
import * as createSignInThrottle from './migrations/2026-12-01T0100_create_sign_in_throttle.js'
import * as taskNumbersAndTrash from './migrations/2026-12-01T0200_task_numbers_and_trash.js'
import * as taskSearchIndex from './migrations/2026-12-01T0300_task_search_index.js'
import * as taskSearchTrigramPg from './migrations/2026-12-02T0100_task_search_trigram_pg.js'
import * as taskCompletedAt from './migrations/2026-12-05T0100_task_completed_at.js'
import * as sharedLimits from './migrations/2026-12-06T0100_shared_limits.js'
import * as taskChanges from './migrations/2026-12-06T0300_task_changes.js'

// A static list (rather than reading a folder) so the compiled image and tsx agree on it.
// Names sort by timestamp; add new migrations at the end.
const migrations: Record<string, Migration> = {
  '2026-11-26T0400_create_tasks': createTasks,
  '2026-11-26T0500_create_auth_tables': createAuthTables,
  '2026-11-26T0600_create_conversations': createConversations,
  '2026-12-01T0100_create_sign_in_throttle': createSignInThrottle,
  '2026-12-01T0200_task_numbers_and_trash': taskNumbersAndTrash,
  '2026-12-01T0300_task_search_index': taskSearchIndex,
  '2026-12-02T0100_task_search_trigram_pg': taskSearchTrigramPg,
  '2026-12-05T0100_task_completed_at': taskCompletedAt,
  '2026-12-06T0100_shared_limits': sharedLimits,
  '2026-12-06T0300_task_changes': taskChanges,
}

/** Every migration's name, in the order they run. */
export const MIGRATION_NAMES = Object.keys(migrations)

/**
 * The PostgreSQL advisory lock every process takes around migrating ('todo' in ASCII), so
 * replicas starting together run the migrations one after another.
 */
export const MIGRATION_LOCK_KEY = 0x746f646f

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** SQLite reports a write lock held too long by another process with one of these codes. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}

/** A Kysely Migrator over this list (tests use it to stop at an older migration). */
export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

/**
 * Kysely's SQLite adapter takes no lock and runs migrations outside a transaction, so two
 * processes starting on one fresh file would both create the tables. Here the whole run
 * (bookkeeping tables included) happens inside BEGIN IMMEDIATE: the second process waits for
 * the first one's write lock (busy_timeout), then finds every migration applied. SQLite's
 * DDL is transactional, so a failed migration leaves nothing half-done.
 */
async function migrateSqlite(db: Kysely<any>): Promise<MigrationResultSet> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn)
    let result: MigrationResultSet
    try {
      result = await migrator(conn).migrateToLatest()
    } catch (error) {
      result = { error }
    }
    await sql.raw(result.error === undefined ? 'commit' : 'rollback').execute(conn)
    return result
  })
}

/**
 * On PostgreSQL the whole run, the creation of Kysely's bookkeeping tables included, happens
 * on one connection holding a session advisory lock with a fixed key: replicas starting
 * together queue on it, and each one after the first finds every migration applied. (Kysely
 * takes a lock of its own too, but only after creating those tables, and its key and kind are
 * its internals; this one is ours to rely on.) The lock ends with the session, so a process
 * that dies mid-run never leaves it held; a waiting one waits as long as its startup probe
 * allows.
 */
async function migratePostgres(db: Kysely<any>): Promise<MigrationResultSet> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn)
    try {
      return await migrator(conn).migrateToLatest()
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn)
    }
  })
}

/** Brings the schema to the latest migration, one process at a time (see the two above). */
export async function migrateToLatest(db: Kysely<any>, attempts = 10): Promise<MigrationResultSet> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  for (let attempt = 1; ; attempt++) {
    let result: MigrationResultSet
    try {
      result = sqlite ? await migrateSqlite(db) : await migratePostgres(db)
    } catch (error) {
      result = { error }
    }
    if (result.error === undefined) return result
    // Another process held the write lock past the busy timeout (a long migration): wait more.
    if (!isBusy(result.error) || attempt >= attempts) {
      const failed = result.results?.find((r) => r.status === 'Error')?.migrationName
      const reason = result.error instanceof Error ? result.error.message : String(result.error)
      throw new MigrationError(`database migration${failed ? ` ${failed}` : ''} failed: ${reason}`, {
        cause: result.error,
      })
    }
    await sleep(100 * attempt)
  }
}

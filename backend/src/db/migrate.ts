import { setTimeout as sleep } from 'node:timers/promises'
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely'
import * as createTasks from './migrations/2026-11-26T0400_create_tasks.js'

// A static list (rather than reading a folder) so the compiled image and tsx agree on it.
// Names sort by timestamp; add new migrations at the end.
const migrations: Record<string, Migration> = {
  '2026-11-26T0400_create_tasks': createTasks,
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** SQLite reports a lost race for its write lock with one of these codes. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}

/**
 * Brings the schema to the latest migration. PostgreSQL serialises concurrent migrators
 * with an advisory lock; SQLite has no such lock in Kysely, so when two processes start on
 * one fresh file the loser of the write-lock race retries and finds the work already done.
 */
export async function migrateToLatest(db: Kysely<any>, attempts = 20): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  for (let attempt = 1; ; attempt++) {
    let result: MigrationResultSet
    try {
      result = await migrator.migrateToLatest()
    } catch (error) {
      result = { error }
    }
    if (result.error === undefined) return result
    if (!isBusy(result.error) || attempt >= attempts) {
      const failed = result.results?.find((r) => r.status === 'Error')?.migrationName
      throw new MigrationError(
        `database migration ${failed ?? ''} failed: ${String((result.error as Error).message ?? result.error)}`,
        { cause: result.error },
      )
    }
    await sleep(25 * attempt)
  }
}

import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import pg from 'pg'
import { onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import { MIGRATION_LOCK_KEY, MIGRATION_NAMES, migrateToLatest, migrator } from '../../src/db/migrate.js'
import { createTask } from '../../src/tasks/tasks.repository.js'
import { engines, freshDatabase, postgresDatabase } from '../helper.js'
import { startServer } from '../server-process.js'

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrate-worker.ts')

describe.each(engines)('migrations on %s', (engine) => {
  it('six processes migrating one fresh database at the same instant all succeed, and apply each migration once', async () => {
    const config = await freshDatabase(engine)
    const url = config.kind === 'sqlite' ? config.path : config.url
    const startAt = Date.now() + 1500 // after every process has loaded
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', worker, url, String(startAt)]),
      ),
    )
    const applied = runs.flatMap((run) => JSON.parse(run.stdout).applied as string[])
    expect(applied.sort()).toEqual([...MIGRATION_NAMES].sort())
    expect(MIGRATION_NAMES).toContain('2026-11-26T0400_create_tasks')
  })

  it('numbers the tasks that existed before per-user numbers, per user in the order they were made', async () => {
    const db = createDatabase(await freshDatabase(engine))
    onTestFinished(() => db.destroy())
    const { error } = await migrator(db).migrateTo('2026-12-01T0100_create_sign_in_throttle')
    expect(error).toBeUndefined()
    const now = new Date().toISOString()
    for (const [user, title] of [['alice', 'a1'], ['bob', 'b1'], ['alice', 'a2'], ['bob', 'b2'], ['alice', 'a3']]) {
      await sql`insert into tasks (user_id, title, priority, completed, created_at, updated_at) values (${user}, ${title}, 'medium', 0, ${now}, ${now})`.execute(db)
    }
    expect((await migrateToLatest(db)).error).toBeUndefined()
    const rows = await sql<{ user_id: string; title: string; number: number }>`select user_id, title, number from tasks order by title`.execute(db)
    expect(rows.rows.map((r) => [r.title, Number(r.number)])).toEqual([['a1', 1], ['a2', 2], ['a3', 3], ['b1', 1], ['b2', 2]])
    // New tasks continue after the migrated ones.
    expect((await createTask(db as never, 'alice', { title: 'a4' })).number).toBe(4)
    expect((await createTask(db as never, 'bob', { title: 'b3' })).number).toBe(3)
    expect((await createTask(db as never, 'carol', { title: 'c1' })).number).toBe(1)
  })
})

/** What a migrated PostgreSQL schema consists of: columns with their types, indexes, triggers. */
async function pgSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const columns = await client.query(
      `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable as d from information_schema.columns where table_schema = 'public'`,
    )
    const indexes = await client.query(`select indexdef as d from pg_indexes where schemaname = 'public'`)
    const triggers = await client.query(`select tgname || ' on ' || tgrelid::regclass as d from pg_trigger where not tgisinternal`)
    return [...columns.rows, ...indexes.rows, ...triggers.rows].map((r) => r.d as string).sort()
  } finally {
    await client.end()
  }
}

describe.skipIf(!engines.includes('postgres'))('migrations on PostgreSQL with many replicas', () => {
  it('3 backend processes started at once on one empty database all become ready, each migration applied once, the schema whole', async () => {
    const url = await postgresDatabase()
    const servers = await Promise.all([startServer({ DATABASE_URL: url }), startServer({ DATABASE_URL: url }), startServer({ DATABASE_URL: url })])
    for (const server of servers) expect((await fetch(`${server.url}/ready`)).status).toBe(200)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    onTestFinished(() => client.end())
    const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name')
    expect(rows.map((r) => r.name)).toEqual(MIGRATION_NAMES)
    // The same schema as one migrator alone makes.
    const reference = await postgresDatabase()
    const db = createDatabase({ kind: 'postgres', url: reference })
    try {
      expect((await migrateToLatest(db)).error).toBeUndefined()
    } finally {
      await db.destroy()
    }
    expect(await pgSchema(url)).toEqual(await pgSchema(reference))
  })

  it('waits while another session holds the migration lock, bookkeeping tables included, then migrates', async () => {
    const url = await postgresDatabase()
    const holder = new pg.Client({ connectionString: url })
    await holder.connect()
    onTestFinished(() => holder.end())
    await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    const db = createDatabase({ kind: 'postgres', url })
    onTestFinished(() => db.destroy())
    let done = false
    const migrating = migrateToLatest(db).finally(() => (done = true))
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(done).toBe(false)
    const tables = await holder.query(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`)
    expect(tables.rows[0].n).toBe(0)
    await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    const result = await migrating
    expect(result.results?.map((r) => r.migrationName)).toEqual(MIGRATION_NAMES)
  })
})

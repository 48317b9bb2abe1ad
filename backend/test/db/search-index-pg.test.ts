// Text search on PostgreSQL: the trigram indexes (migration 2026-12-02T0100) serve the
// repository's own search query for a user with many tasks, and a database where pg_trgm
// cannot be installed still migrates, searches and says so. (Same results on both engines:
// tasks.repository.test.ts.)
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { postgresPool, searchIndexed } from '../../src/db/connect.js'
import type { Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import * as repo from '../../src/tasks/tasks.repository.js'
import { engines, postgresDatabase } from '../helper.js'
import { startServer } from '../server-process.js'

function open(url: string, queries: CompiledQuery[] = []): Kysely<Database> {
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: postgresPool(url, 2) }), // the app's connection settings
    log: (event) => {
      if (event.level === 'query') queries.push(event.query)
    },
  })
  onTestFinished(() => db.destroy())
  return db
}

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  onTestFinished(() => c.end())
  return c
}

async function fill(db: Kysely<Database>, user: string, count: number): Promise<void> {
  await sql`
    insert into tasks (user_id, number, title, description, completed, priority, created_at, updated_at)
    select ${user}, i, case when i % 5000 = 7 then 'Needle ' || i else 'task ' || i end,
           case when i = 12345 then 'a needle in the notes' when i % 3 = 0 then 'some notes' end,
           i % 2, 'medium', 'x', 'x'
    from generate_series(1, ${count}::int) i`.execute(db)
  await sql`analyze tasks`.execute(db)
}

describe.skipIf(!engines.includes('postgres'))('text search on PostgreSQL', () => {
  it("finds a rare word among a user's 20,000 tasks (of 220,000) through the trigram indexes, never by reading them all", async () => {
    const url = await postgresDatabase()
    const queries: CompiledQuery[] = []
    const db = open(url, queries)
    await migrateToLatest(db)
    expect(await searchIndexed(db)).toBe(true)
    // No pending list for searches to read through (see the migration).
    const { rows: options } = await sql<{ reloptions: string[] }>`
      select reloptions from pg_class where relname in ('tasks_title_trgm', 'tasks_description_trgm')`.execute(db)
    expect(options.map((o) => o.reloptions)).toEqual([['fastupdate=off'], ['fastupdate=off']])
    // As on a real server, the user's tasks are a small part of the table.
    for (let u = 0; u < 10; u++) await fill(db, `other-${u}`, 20_000)
    await fill(db, 'big', 20_000)

    queries.length = 0
    const page = await repo.listTasks(db, 'big', { q: 'needle' })
    expect(page.items.map((t) => t.number).sort((a, b) => a - b)).toEqual([7, 5007, 10007, 12345, 15007])
    const explain = await client(url)
    // The count that decides the plan, then the page: both read the trigram matches alone.
    const reads = queries.filter((q) => /\bfrom "?tasks"?\s/.test(q.sql))
    expect(reads.length).toBe(2)
    for (const query of reads) {
      const { rows } = await explain.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, [...query.parameters])
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
      expect(plan, plan).toMatch(/Bitmap Index Scan on tasks_title_trgm/)
      expect(plan, plan).toMatch(/Bitmap Index Scan on tasks_description_trgm/)
      expect(plan, plan).not.toMatch(/BitmapAnd|tasks_user_number|tasks_live_created/)
    }
  })

  it('migrates, searches and warns where the role may not install pg_trgm', async () => {
    const url = await postgresDatabase()
    // A role that may create tables in the schema but not extensions in the database.
    const role = `todo_limited_${Math.random().toString(36).slice(2, 8)}`
    const admin = await client(url)
    await admin.query(`create role ${role} login`)
    await admin.query(`grant usage, create on schema public to ${role}`)
    onTestFinished(async () => {
      await admin.query(`drop owned by ${role}`)
      await admin.query(`drop role ${role}`)
    })
    const limited = new URL(url)
    limited.username = role
    const db = open(limited.toString())
    await migrateToLatest(db)
    expect(await searchIndexed(db)).toBe(false)
    await fill(db, 'u1', 10)
    expect((await repo.listTasks(db, 'u1', { q: 'needle' })).items.map((t) => t.number)).toEqual([7])
    // The server starts on it and says why search is slower there.
    const server = await startServer({ DATABASE_URL: limited.toString() })
    expect(server.output()).toContain('pg_trgm is not installed')
    expect((await fetch(`${server.url}/ready`)).status).toBe(200)
  })
})

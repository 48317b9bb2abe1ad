import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import { MIGRATION_NAMES, migrateToLatest, migrator } from '../../src/db/migrate.js'
import { createTask } from '../../src/tasks/tasks.repository.js'
import { engines, freshDatabase } from '../helper.js'

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

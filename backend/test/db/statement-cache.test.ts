// SQLite statements are compiled once per SQL text and reused (db/connect.ts). A kept
// statement must follow a schema change and survive a failed run or a rolled-back
// transaction, and the cache must not grow past its bound.
import { sql } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createDatabase, STATEMENT_CACHE_SIZE, withStatementCache } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import * as repo from '../../src/tasks/tasks.repository.js'
import { sqliteFile } from '../helper.js'

async function openDb() {
  const db = createDatabase({ kind: 'sqlite', path: sqliteFile() })
  onTestFinished(() => db.destroy())
  await migrateToLatest(db)
  return db
}

describe('SQLite statement reuse', () => {
  it('a kept statement sees a column added after it was compiled', async () => {
    const db = await openDb()
    const everything = () => db.selectFrom('tasks').selectAll().execute()
    await repo.createTask(db, 'u1', { title: 'before' })
    expect(Object.keys((await everything())[0]!)).not.toContain('note')
    await sql`alter table tasks add column note text default 'added'`.execute(db)
    expect((await everything())[0]).toMatchObject({ title: 'before', note: 'added' })
  })

  it('a statement that failed runs again with good values, and a rolled-back transaction leaves nothing', async () => {
    const db = await openDb()
    const insert = (title: string | null) =>
      db
        .insertInto('tasks')
        .values({ user_id: 'u1', number: 1, title: title as string, priority: 'medium', completed: 0, created_at: 'x', updated_at: 'x' })
        .execute()
    await expect(insert(null)).rejects.toThrow(/NOT NULL/)
    await insert('after the failure')
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('tasks').values({ user_id: 'u1', number: 2, title: 'rolled back', priority: 'low', completed: 0, created_at: 'x', updated_at: 'x' }).execute()
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect((await repo.listTasks(db, 'u1')).items.map((t) => t.title)).toEqual(['after the failure'])
  })

  it('compiles each SQL text once, and past the bound forgets the one used longest ago', () => {
    const prepared: string[] = []
    const fake = {
      prepare: (text: string) => {
        prepared.push(text)
        return { reader: true, text } as never
      },
    }
    const db = withStatementCache(fake as unknown as Parameters<typeof withStatementCache>[0])
    expect(db.prepare('select 1')).toBe(db.prepare('select 1'))
    expect(prepared).toEqual(['select 1'])
    for (let i = 0; i < STATEMENT_CACHE_SIZE; i++) db.prepare(`select ${i + 2}`)
    expect(prepared).toHaveLength(STATEMENT_CACHE_SIZE + 1)
    db.prepare(`select ${STATEMENT_CACHE_SIZE + 1}`) // still kept
    db.prepare('select 1') // used longest ago: evicted, compiled again
    expect(prepared).toHaveLength(STATEMENT_CACHE_SIZE + 2)
  })
})

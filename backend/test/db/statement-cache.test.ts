// SQLite statements are compiled once per SQL text and reused, and their rows are read as
// arrays and named in JS (db/sqlite-statements.ts). A kept statement must follow a schema
// change, made here or by another process, and survive a failed run or a rolled-back
// transaction; its rows must be exactly better-sqlite3's own; the cache must not grow past
// its bound.
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { namedRows, STATEMENT_CACHE_SIZE, withStatementCache } from '../../src/db/sqlite-statements.js'
import * as repo from '../../src/tasks/tasks.repository.js'
import { sqliteFile } from '../helper.js'

async function openDb() {
  const db = createDatabase({ kind: 'sqlite', path: sqliteFile() })
  onTestFinished(() => db.destroy())
  await migrateToLatest(db)
  return db
}

/** Two connections to one new file, as two processes would have, with a one-row table. */
function twoProcesses() {
  const file = sqliteFile()
  const ours = new SQLite(file)
  const theirs = new SQLite(file)
  onTestFinished(() => {
    ours.close()
    theirs.close()
  })
  ours.exec(`create table t (a integer, b text); insert into t values (1, 'one')`)
  return { ours, theirs }
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
        return { reader: false, text } as never
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

  it('names rows exactly as better-sqlite3 does: every type, a repeated name, RETURNING, no rows, iterate', () => {
    const file = sqliteFile()
    const sqlite = new SQLite(file)
    onTestFinished(() => {
      sqlite.close()
    })
    sqlite.exec(`create table t (i integer, r real, s text, b blob, n text);
      insert into t values (1, 1.5, 'é ✓ "quoted"', x'00ff', null), (9007199254740991, -0.0, '', x'', 'x')`)
    const kept = withStatementCache(sqlite)
    const own = (text: string, ...parameters: unknown[]) => sqlite.prepare(text).all(...parameters)
    const cases: [string, unknown[]][] = [
      ['select * from t order by i', []],
      ['select i as a, s as a, n from t where i > ?', [0]],
      ['select count(*), max(r) + 1 as "odd name", ? as bound from t', ['p']],
      ['select * from t where i = ?', [-1]],
    ]
    for (const [text, parameters] of cases) {
      expect(kept.prepare(text).all(parameters)).toEqual(own(text, ...parameters))
      expect(kept.prepare(text).all(parameters)).toEqual(own(text, ...parameters)) // the kept statement, again
      expect([...kept.prepare(text).iterate(parameters)]).toEqual(own(text, ...parameters))
    }
    const inserted = kept.prepare('insert into t (i, s) values (?, ?) returning i, s, rowid').all([7, 'new'])
    expect(inserted).toEqual([{ i: 7, s: 'new', rowid: 3 }])
    expect(kept.prepare('update t set n = ? where i = ?').run(['y', 7])).toMatchObject({ changes: 1 })
  })

  it("a kept statement follows another process's schema change: a column added, a column renamed", () => {
    const { ours, theirs } = twoProcesses()
    const kept = withStatementCache(ours)
    const everything = () => kept.prepare('select * from t').all([])
    expect(everything()).toEqual([{ a: 1, b: 'one' }])
    theirs.exec(`alter table t add column c text default 'added'`)
    expect(everything()).toEqual([{ a: 1, b: 'one', c: 'added' }])
    theirs.exec('alter table t rename column b to label')
    expect(everything()).toEqual([{ a: 1, label: 'one', c: 'added' }])
    expect(everything()).toEqual(ours.prepare('select * from t').all())
  })

  it('names the rows right when a migration lands between a run and the version read after it', () => {
    const { ours, theirs } = twoProcesses()
    const version = ours.prepare<[], number>('pragma schema_version').pluck()
    let reads = 0
    const currentSchema = () => {
      // The 4th read is the second run's read after its rows: the other process migrates first.
      if (++reads === 4) theirs.exec('alter table t rename column b to label')
      return version.get()!
    }
    const kept = namedRows(ours.prepare('select * from t'), currentSchema)
    expect(kept.all([])).toEqual([{ a: 1, b: 'one' }])
    expect(kept.all([])).toEqual([{ a: 1, b: 'one' }]) // read before the migration
    expect(kept.all([])).toEqual([{ a: 1, label: 'one' }])
  })
})

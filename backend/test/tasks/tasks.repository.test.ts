import type { Kysely } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import type { Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { InvalidCursorError } from '../../src/tasks/tasks.cursor.js'
import * as repo from '../../src/tasks/tasks.repository.js'
import { engines, freshDatabase, type Engine } from '../helper.js'

async function openDb(engine: Engine): Promise<Kysely<Database>> {
  const db = createDatabase(await freshDatabase(engine))
  onTestFinished(() => db.destroy())
  await migrateToLatest(db)
  return db
}

describe.each(engines)('tasks repository on %s', (engine) => {
  it('creates, reads, updates, completes and deletes to the trash', async () => {
    const db = await openDb(engine)
    const task = await repo.createTask(db, 'u1', { title: 'buy milk', priority: 'high', due_date: '2026-12-01' })
    expect(task).toMatchObject({ number: 1, title: 'buy milk', completed: false, priority: 'high', due_date: '2026-12-01', deleted_at: null })
    expect(await repo.getTask(db, 'u1', task.number)).toEqual(task)

    const updated = await repo.updateTask(db, 'u1', task.number, { title: 'buy oat milk', description: 'the big one' })
    expect(updated).toMatchObject({ title: 'buy oat milk', description: 'the big one', priority: 'high' })
    expect((await repo.completeTask(db, 'u1', task.number))?.completed).toBe(true)

    const deleted = await repo.deleteTask(db, 'u1', task.number)
    expect(deleted?.title).toBe('buy oat milk')
    expect(deleted?.deleted_at).not.toBeNull()
    expect(await repo.getTask(db, 'u1', task.number)).toBeUndefined()
    expect(await repo.deleteTask(db, 'u1', task.number)).toBeUndefined()
    expect(await repo.updateTask(db, 'u1', task.number, { title: 'edited in the trash' })).toBeUndefined()
    expect((await repo.listTasks(db, 'u1')).items).toEqual([])
    expect((await repo.listTasks(db, 'u1', { status: 'deleted' })).items.map((t) => t.title)).toEqual(['buy oat milk'])

    const [restored] = await repo.restoreTasks(db, 'u1', [task.number])
    expect(restored).toMatchObject({ number: 1, title: 'buy oat milk', completed: true, deleted_at: null })
    expect((await repo.listTasks(db, 'u1')).items).toHaveLength(1)
  })

  it('numbers each user’s tasks 1, 2, 3… and never reuses a number', async () => {
    const db = await openDb(engine)
    expect((await repo.createTask(db, 'alice', { title: 'a1' })).number).toBe(1)
    expect((await repo.createTask(db, 'bob', { title: 'b1' })).number).toBe(1)
    const a2 = await repo.createTask(db, 'alice', { title: 'a2' })
    expect(a2.number).toBe(2)
    await repo.deleteTask(db, 'alice', 2)
    expect(await repo.purgeDeleted(db, new Date(Date.now() + 1000))).toBe(1)
    expect((await repo.createTask(db, 'alice', { title: 'a3' })).number).toBe(3)
    // Twenty at once still get twenty different numbers.
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => repo.createTask(db, 'carol', { title: `c${i}` })))
    expect(new Set(many.map((t) => t.number)).size).toBe(20)
  })

  it('never returns, changes, deletes or restores another user’s task', async () => {
    const db = await openDb(engine)
    const mine = await repo.createTask(db, 'alice', { title: 'alice only' })
    await repo.createTask(db, 'bob', { title: 'bob’s first' })
    expect((await repo.getTask(db, 'bob', mine.number))?.title).toBe('bob’s first')
    expect((await repo.updateTask(db, 'bob', mine.number, { title: 'bob edits his own' }))?.title).toBe('bob edits his own')
    expect(await repo.getTask(db, 'alice', mine.number)).toEqual(mine)
    expect(await repo.getTask(db, 'eve', mine.number)).toBeUndefined()
    expect(await repo.updateTask(db, 'eve', mine.number, { title: 'hacked' })).toBeUndefined()
    expect(await repo.completeTask(db, 'eve', mine.number)).toBeUndefined()
    expect(await repo.deleteTask(db, 'eve', mine.number)).toBeUndefined()
    await repo.deleteTask(db, 'alice', mine.number)
    expect(await repo.restoreTasks(db, 'eve', [mine.number])).toEqual([])
    expect(await repo.restoreTasks(db, 'bob', [mine.number])).toHaveLength(1) // his own #1, live already
    expect((await repo.listTasks(db, 'alice', { status: 'deleted' })).items).toHaveLength(1)
    expect((await repo.listTasks(db, 'eve')).items).toEqual([])
    expect(await repo.clearCompleted(db, 'eve')).toEqual([])
  })

  it('filters by status, searches case-insensitively, counts, and pages stably in every order', async () => {
    const db = await openDb(engine)
    const priorities = ['low', 'medium', 'high'] as const
    for (let i = 0; i < 25; i++) {
      const t = await repo.createTask(db, 'u1', {
        title: i % 5 === 0 ? `Milk run ${i}` : `chore ${i}`,
        priority: priorities[i % 3]!,
        ...(i % 4 !== 0 && { due_date: `2026-12-${String((i % 9) + 1).padStart(2, '0')}` }),
      })
      if (i % 2 === 0) await repo.completeTask(db, 'u1', t.number)
    }
    await repo.createTask(db, 'u2', { title: 'milk for u2' })

    const pending = await repo.listTasks(db, 'u1', { status: 'pending', limit: 100 })
    expect(pending.items).toHaveLength(12)
    expect(pending.items.every((t) => !t.completed)).toBe(true)
    const completed = await repo.listTasks(db, 'u1', { status: 'completed', limit: 100 })
    expect(completed.items).toHaveLength(13)
    expect(await repo.countTasks(db, 'u1')).toEqual({ all: 25, pending: 12, completed: 13, deleted: 0 })
    expect(await repo.countTasks(db, 'u1', 'milk')).toEqual({ all: 5, pending: 2, completed: 3, deleted: 0 })

    // Open first, then completed; each group newest first.
    const search = await repo.listTasks(db, 'u1', { q: 'MILK' })
    expect(search.items.map((t) => t.title)).toEqual(['Milk run 15', 'Milk run 5', 'Milk run 20', 'Milk run 10', 'Milk run 0'])

    const all = (await repo.listTasks(db, 'u1', { limit: 100 })).items
    const rank = { high: 0, medium: 1, low: 2 }
    const expected = {
      created: [...all],
      due: [...all].sort((a, b) => Number(a.completed) - Number(b.completed) || (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') || b.number - a.number),
      priority: [...all].sort((a, b) => Number(a.completed) - Number(b.completed) || rank[a.priority] - rank[b.priority] || b.number - a.number),
    }
    for (const sort of ['created', 'due', 'priority'] as const) {
      // Pages by cursor see every row once, in order, even with writes between pages.
      const seen: number[] = []
      let cursor: string | undefined
      for (;;) {
        const page = await repo.listTasks(db, 'u1', { sort, limit: 4, ...(cursor && { cursor }) })
        seen.push(...page.items.map((t) => t.number))
        if (seen.length === 4) await repo.createTask(db, 'u9', { title: 'written between pages' })
        if (!page.next_cursor) break
        cursor = page.next_cursor
      }
      expect(seen, sort).toEqual(expected[sort].map((t) => t.number))
    }
  })

  it('answers a forged cursor with InvalidCursorError (a 400 at the route), not a crash', async () => {
    const db = await openDb(engine)
    for (const cursor of ['nope', Buffer.from('{"c":3,"n":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      await expect(repo.listTasks(db, 'u1', { cursor })).rejects.toBeInstanceOf(InvalidCursorError)
    }
  })

  it('clears completed tasks to the trash and purges only what is older than the retention', async () => {
    const db = await openDb(engine)
    for (const title of ['a', 'b', 'c']) await repo.createTask(db, 'u1', { title })
    await repo.completeTask(db, 'u1', 1)
    await repo.completeTask(db, 'u1', 3)
    expect((await repo.clearCompleted(db, 'u1')).map((t) => t.number)).toEqual([1, 3])
    expect((await repo.listTasks(db, 'u1')).items.map((t) => t.number)).toEqual([2])
    expect(await repo.purgeDeleted(db, new Date(Date.now() - 60_000))).toBe(0)
    expect(await repo.countTasks(db, 'u1')).toMatchObject({ all: 1, deleted: 2 })
    expect(await repo.purgeDeleted(db, new Date(Date.now() + 60_000))).toBe(2)
    expect(await repo.countTasks(db, 'u1')).toMatchObject({ all: 1, deleted: 0 })
  })

  it('searches the same through the full-text index as without it, kept in step on every change', async () => {
    const db = await openDb(engine)
    // Many rows hold "common" (more than the index narrows to), few hold the rest.
    for (let i = 0; i < repo.FTS_CANDIDATES + 5; i++) await db.insertInto('tasks').values({ user_id: i % 2 ? 'u1' : 'other', number: i + 10, title: `common chore ${i}`, priority: 'medium', completed: 0, created_at: 'x', updated_at: 'x' }).execute()
    await repo.createTask(db, 'u1', { title: 'Rare Needle in the haystack' })
    await repo.createTask(db, 'u1', { title: 'plain', description: 'a needle in the notes' })
    await repo.createTask(db, 'u1', { title: 'say "hi" to the NEEDLEwork club' })
    await repo.createTask(db, 'other', { title: 'another user’s needle' })
    const titles = async (q: string) => (await repo.listTasks(db, 'u1', { q, limit: 100 })).items.map((t) => t.title).sort()
    expect(await titles('needle')).toEqual(['Rare Needle in the haystack', 'plain', 'say "hi" to the NEEDLEwork club'])
    expect(await titles('"hi"')).toEqual(['say "hi" to the NEEDLEwork club'])
    expect(await titles('ne')).toEqual(['Rare Needle in the haystack', 'plain', 'say "hi" to the NEEDLEwork club'])
    expect((await repo.listTasks(db, 'u1', { q: 'common', limit: 100 })).items).toHaveLength(100)
    expect((await repo.countTasks(db, 'u1', 'common')).all).toBe(Math.floor((repo.FTS_CANDIDATES + 5) / 2))
    expect((await repo.countTasks(db, 'u1', 'needle')).all).toBe(3)
    // Edits, deletes to the trash, restores and purges are seen at once.
    const rare = (await repo.listTasks(db, 'u1', { q: 'haystack' })).items[0]!
    await repo.updateTask(db, 'u1', rare.number, { title: 'Rare pin in the haystack' })
    expect(await titles('needle')).toEqual(['plain', 'say "hi" to the NEEDLEwork club'])
    expect(await titles('pin in')).toEqual(['Rare pin in the haystack'])
    await repo.updateTask(db, 'u1', rare.number, { description: 'needle again' })
    expect(await titles('needle')).toEqual(['Rare pin in the haystack', 'plain', 'say "hi" to the NEEDLEwork club'])
    await repo.deleteTask(db, 'u1', rare.number)
    expect(await titles('needle')).toEqual(['plain', 'say "hi" to the NEEDLEwork club'])
    expect((await repo.countTasks(db, 'u1', 'needle')).deleted).toBe(1)
    await repo.purgeDeleted(db, new Date(Date.now() + 1000))
    expect((await repo.countTasks(db, 'u1', 'needle')).deleted).toBe(0)
  })

  it('stores unicode and quotes verbatim', async () => {
    const db = await openDb(engine)
    const title = `Ünïcødé 🥛 "quoted" 'single' \\ back; drop table tasks; --`
    const task = await repo.createTask(db, 'u1', { title })
    expect((await repo.getTask(db, 'u1', task.number))?.title).toBe(title)
  })

  it('migrates an already-migrated database without changes', async () => {
    const db = await openDb(engine)
    const again = await migrateToLatest(db)
    expect(again.results).toEqual([])
  })
})

import type { Kysely } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import type { Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import * as repo from '../../src/tasks/tasks.repository.js'
import { engines, freshDatabase, type Engine } from '../helper.js'

async function openDb(engine: Engine): Promise<Kysely<Database>> {
  const db = createDatabase(await freshDatabase(engine))
  onTestFinished(() => db.destroy())
  await migrateToLatest(db)
  return db
}

describe.each(engines)('tasks repository on %s', (engine) => {
  it('creates, reads, updates, completes and deletes', async () => {
    const db = await openDb(engine)
    const task = await repo.createTask(db, 'u1', { title: 'buy milk', priority: 'high', due_date: '2026-12-01' })
    expect(task).toMatchObject({ title: 'buy milk', completed: false, priority: 'high', due_date: '2026-12-01' })
    expect(await repo.getTask(db, 'u1', task.id)).toEqual(task)

    const updated = await repo.updateTask(db, 'u1', task.id, { title: 'buy oat milk', description: 'the big one' })
    expect(updated).toMatchObject({ title: 'buy oat milk', description: 'the big one', priority: 'high' })
    expect((await repo.completeTask(db, 'u1', task.id))?.completed).toBe(true)

    const deleted = await repo.deleteTask(db, 'u1', task.id)
    expect(deleted?.title).toBe('buy oat milk')
    expect(await repo.getTask(db, 'u1', task.id)).toBeUndefined()
    expect(await repo.deleteTask(db, 'u1', task.id)).toBeUndefined()
  })

  it('never returns, changes or deletes another user’s task', async () => {
    const db = await openDb(engine)
    const mine = await repo.createTask(db, 'alice', { title: 'alice only' })
    expect(await repo.getTask(db, 'bob', mine.id)).toBeUndefined()
    expect(await repo.updateTask(db, 'bob', mine.id, { title: 'hacked' })).toBeUndefined()
    expect(await repo.completeTask(db, 'bob', mine.id)).toBeUndefined()
    expect(await repo.deleteTask(db, 'bob', mine.id)).toBeUndefined()
    expect((await repo.listTasks(db, 'bob')).items).toEqual([])
    expect(await repo.getTask(db, 'alice', mine.id)).toEqual(mine)
  })

  it('filters by status, searches case-insensitively, and pages stably', async () => {
    const db = await openDb(engine)
    const ids: number[] = []
    for (let i = 0; i < 25; i++) {
      const t = await repo.createTask(db, 'u1', { title: i % 5 === 0 ? `Milk run ${i}` : `chore ${i}` })
      ids.push(t.id)
      if (i % 2 === 0) await repo.completeTask(db, 'u1', t.id)
    }
    await repo.createTask(db, 'u2', { title: 'milk for u2' })

    const pending = await repo.listTasks(db, 'u1', { status: 'pending', limit: 100 })
    expect(pending.items).toHaveLength(12)
    expect(pending.items.every((t) => !t.completed)).toBe(true)
    const completed = await repo.listTasks(db, 'u1', { status: 'completed', limit: 100 })
    expect(completed.items).toHaveLength(13)

    const search = await repo.listTasks(db, 'u1', { q: 'MILK' })
    expect(search.items.map((t) => t.title)).toEqual(['Milk run 20', 'Milk run 15', 'Milk run 10', 'Milk run 5', 'Milk run 0'])

    // Pages by cursor see every row once, newest first, even with writes between pages.
    const seen: number[] = []
    let cursor: string | undefined
    for (;;) {
      const page = await repo.listTasks(db, 'u1', { limit: 10, ...(cursor && { cursor }) })
      seen.push(...page.items.map((t) => t.id))
      if (seen.length === 10) await repo.createTask(db, 'u1', { title: 'written between pages' })
      if (!page.next_cursor) break
      cursor = page.next_cursor
    }
    expect(seen).toEqual([...ids].reverse())
  })

  it('never reuses the id of a deleted task', async () => {
    const db = await openDb(engine)
    const a = await repo.createTask(db, 'u1', { title: 'a' })
    await repo.deleteTask(db, 'u1', a.id)
    const b = await repo.createTask(db, 'u1', { title: 'b' })
    expect(b.id).toBeGreaterThan(a.id)
  })

  it('stores unicode and quotes verbatim', async () => {
    const db = await openDb(engine)
    const title = `Ünïcødé 🥛 "quoted" 'single' \\ back; drop table tasks; --`
    const task = await repo.createTask(db, 'u1', { title })
    expect((await repo.getTask(db, 'u1', task.id))?.title).toBe(title)
  })

  it('migrates an already-migrated database without changes', async () => {
    const db = await openDb(engine)
    const again = await migrateToLatest(db)
    expect(again.results).toEqual([])
  })
})

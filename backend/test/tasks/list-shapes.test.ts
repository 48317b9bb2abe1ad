// The task lists' queries are compiled once per shape and bind each call's values
// (db/compiled-per-shape.ts). Two users page through every view, order, search and filter
// in turns, two tasks a page, so every compiled shape is reused across users; each must get
// exactly their own tasks, in the order a plain sort in JS gives.
import type { Kysely } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import type { Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import * as repo from '../../src/tasks/tasks.repository.js'
import { TASK_COLUMNS, toTask } from '../../src/tasks/tasks.rows.js'
import type { Task, TaskListQuery, TaskSort } from '../../src/tasks/tasks.schema.js'
import { engines, freshDatabase } from '../helper.js'

const USERS = ['ana', 'ben'] as const
const RANK = { high: 0, medium: 1, low: 2 }

/** Each user's tasks: some done, some in the trash, with and without dates and the word. */
async function seed(db: Kysely<Database>, user: string): Promise<void> {
  const specs = [
    { title: `${user} needle one`, priority: 'high', due_date: '2026-12-10' },
    { title: `${user} two`, description: 'a NEEDLE inside', priority: 'low' },
    { title: `${user} three`, priority: 'medium', due_date: '2026-12-01' },
    { title: `${user} four needle`, priority: 'high' },
    { title: `${user} five`, priority: 'low', due_date: '2026-12-10' },
    { title: `${user} six`, priority: 'medium', due_date: '2026-11-20' },
    { title: `${user} seven needle`, priority: 'medium', due_date: '2027-01-05' },
  ] as const
  for (const spec of specs) await repo.createTask(db, user, spec)
  for (const number of [2, 5]) await repo.completeTask(db, user, number)
  for (const number of [3, 7]) await repo.deleteTask(db, user, number)
}

/** The same view computed in JS from everything the user has. */
function expected(all: Task[], query: TaskListQuery, filters: repo.TaskFilters): string[] {
  const text = query.q?.toLowerCase()
  const rows = all.filter(
    (t) =>
      (query.status === 'deleted' ? t.deleted_at !== null : t.deleted_at === null) &&
      (query.status !== 'pending' || !t.completed) &&
      (query.status !== 'completed' || t.completed) &&
      (!text || t.title.toLowerCase().includes(text) || (t.description ?? '').toLowerCase().includes(text)) &&
      (!filters.priority || t.priority === filters.priority) &&
      (!filters.dueFrom || (t.due_date !== null && t.due_date >= filters.dueFrom)) &&
      (!filters.dueTo || (t.due_date !== null && t.due_date <= filters.dueTo)) &&
      (!filters.noDate || t.due_date === null),
  )
  const sort: TaskSort = query.sort ?? 'created'
  const key = (t: Task) => (sort === 'due' ? (t.due_date ?? '9999-12-31') : sort === 'priority' ? RANK[t.priority] : 0)
  rows.sort((a, b) => {
    if (query.status === 'deleted') return b.deleted_at!.localeCompare(a.deleted_at!) || b.number - a.number
    const group = Number(a.completed) - Number(b.completed)
    const ka = key(a)
    const kb = key(b)
    return group || (ka < kb ? -1 : ka > kb ? 1 : 0) || b.number - a.number
  })
  return rows.map((t) => t.title)
}

describe.each(engines)('task list shapes on %s', (engine) => {
  it('two users paging in turns through every view, order, search and filter get only their own tasks, in order', async () => {
    const db = createDatabase(await freshDatabase(engine))
    onTestFinished(() => db.destroy())
    await migrateToLatest(db)
    for (const user of USERS) await seed(db, user)
    // Read with a plain query of its own, not through the lists under test.
    const everything = { ana: [] as Task[], ben: [] as Task[] }
    for (const user of USERS) {
      everything[user] = (await db.selectFrom('tasks').select(TASK_COLUMNS).where('user_id', '=', user).execute()).map(toTask)
      expect(everything[user].map((t) => t.title.split(' ')[0])).toEqual(Array(7).fill(user))
    }

    const views: [TaskListQuery, repo.TaskFilters][] = []
    for (const status of [undefined, 'pending', 'completed'] as const) {
      for (const sort of ['created', 'due', 'priority'] as const) {
        for (const q of [undefined, 'needle', 'ne']) views.push([{ status, sort, q }, {}])
      }
    }
    for (const q of [undefined, 'needle', 'ne']) views.push([{ status: 'deleted', q }, {}])
    views.push([{}, { priority: 'high' }], [{ sort: 'due' }, { dueFrom: '2026-12-01', dueTo: '2026-12-10' }], [{ sort: 'priority' }, { noDate: true }])

    for (const [query, filters] of views) {
      const seen = { ana: [] as string[], ben: [] as string[] }
      const cursors: Record<string, string | null | undefined> = { ana: undefined, ben: undefined }
      // In turns: ana's page 1, ben's page 1, ana's page 2… (at most 10 pages each)
      for (let turn = 0; turn < 10 && USERS.some((user) => cursors[user] !== null); turn++) {
        for (const user of USERS) {
          if (cursors[user] === null) continue
          const page = await repo.listTasks(db, user, { ...query, limit: 2, ...(cursors[user] && { cursor: cursors[user] }) }, filters)
          seen[user].push(...page.items.map((t) => t.title))
          cursors[user] = page.next_cursor
        }
      }
      for (const user of USERS) {
        expect(seen[user], `${user}: ${JSON.stringify(query)} ${JSON.stringify(filters)}`).toEqual(expected(everything[user], query, filters))
      }
    }
  })
})

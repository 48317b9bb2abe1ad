import { sql, type Kysely } from 'kysely'
import { DEFAULT_QUOTAS } from '../defaults.js'
import { ensureTaskRoom, taskTextBytes } from '../limits/quotas.js'
import type { Database } from '../db/database.js'
import { TASK_COLUMNS, tasksOf, toTask } from './tasks.rows.js'
import type { Task, TaskCreate, TaskPatch } from './tasks.schema.js'
import { FTS_CANDIDATES, likePattern } from './tasks.search.js'

// Every function takes the owner's id and scopes its query by it: another user's row is
// indistinguishable from a missing one (undefined, which routes turn into 404). A task is
// called by its per-user number. Deleted tasks wait in the trash (deleted_at) until
// purgeDeleted removes them; nothing but the trash view and restore sees them. The lists
// and counts are in tasks.lists.ts, the rows they share in tasks.rows.ts.

export { countTasks, listTasks, type TaskFilters } from './tasks.lists.js'

/** A live task by its number. */
export async function getTask(db: Kysely<Database>, userId: string, number: number, where: 'live' | 'trash' = 'live'): Promise<Task | undefined> {
  const row = await tasksOf(db, userId, where).select(TASK_COLUMNS).where('number', '=', number).executeTakeFirst()
  return row && toTask(row)
}

/** Live tasks by number, in the order asked; numbers that name none are left out. */
export async function getTasks(db: Kysely<Database>, userId: string, numbers: number[]): Promise<Task[]> {
  if (numbers.length === 0) return []
  const rows = await tasksOf(db, userId).select(TASK_COLUMNS).where('number', 'in', numbers).execute()
  const byNumber = new Map(rows.map((r) => [r.number, toTask(r)]))
  return numbers.flatMap((n) => byNumber.get(n) ?? [])
}

/** The next number of a user's tasks: one atomic upsert, so concurrent creates never share one. */
async function nextNumber(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .insertInto('task_numbers')
    .values({ user_id: userId, last_number: 1 })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_number: sql`task_numbers.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return row.last_number
}

export async function createTask(db: Kysely<Database>, userId: string, input: TaskCreate, quotas = DEFAULT_QUOTAS): Promise<Task> {
  await ensureTaskRoom(db, userId, quotas, { live: 1, stored: 1, textBytes: taskTextBytes(input) })
  const now = new Date().toISOString()
  const row = await db
    .insertInto('tasks')
    .values({
      user_id: userId,
      number: await nextNumber(db, userId),
      title: input.title,
      description: input.description || null,
      completed: input.completed ? 1 : 0,
      priority: input.priority ?? 'medium',
      due_date: input.due_date ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning(TASK_COLUMNS)
    .executeTakeFirstOrThrow()
  return toTask(row)
}

export async function updateTask(
  db: Kysely<Database>,
  userId: string,
  number: number,
  patch: TaskPatch,
  quotas = DEFAULT_QUOTAS,
  ifVersion?: number,
): Promise<Task | undefined> {
  if (patch.title !== undefined || patch.description !== undefined) {
    const before = await getTask(db, userId, number)
    if (!before) return undefined
    const after = { title: patch.title ?? before.title, description: patch.description === undefined ? before.description : patch.description }
    const growth = taskTextBytes(after) - taskTextBytes(before)
    if (growth > 0) await ensureTaskRoom(db, userId, quotas, { live: 0, stored: 0, textBytes: growth })
  }
  const row = await db
    .updateTable('tasks')
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.description !== undefined && { description: patch.description || null }),
      ...(patch.priority !== undefined && { priority: patch.priority }),
      ...(patch.due_date !== undefined && { due_date: patch.due_date }),
      ...(patch.completed !== undefined && {
        completed: patch.completed ? 1 : 0,
        // Completing keeps the first completion time; reopening clears it.
        completed_at: patch.completed ? sql<string>`coalesce(completed_at, ${new Date().toISOString()})` : null,
      }),
      updated_at: new Date().toISOString(),
      version: sql<number>`version + 1`,
    })
    .where('user_id', '=', userId)
    .where('number', '=', number)
    .where('deleted_at', 'is', null)
    .$if(ifVersion !== undefined, (q) => q.where('version', '=', ifVersion!))
    .returning(TASK_COLUMNS)
    .executeTakeFirst()
  return row && toTask(row)
}

export function completeTask(db: Kysely<Database>, userId: string, number: number): Promise<Task | undefined> {
  return updateTask(db, userId, number, { completed: true })
}

/** Moves a live task to the trash and returns it as it now is (deleted_at set). */
export async function deleteTask(db: Kysely<Database>, userId: string, number: number): Promise<Task | undefined> {
  const row = await db
    .updateTable('tasks')
    .set({ deleted_at: new Date().toISOString(), version: sql<number>`version + 1` })
    .where('user_id', '=', userId)
    .where('number', '=', number)
    .where('deleted_at', 'is', null)
    .returning(TASK_COLUMNS)
    .executeTakeFirst()
  return row && toTask(row)
}

/** Moves every completed live task to the trash; returns them. */
export async function clearCompleted(db: Kysely<Database>, userId: string): Promise<Task[]> {
  const rows = await db
    .updateTable('tasks')
    .set({ deleted_at: new Date().toISOString(), version: sql<number>`version + 1` })
    .where('user_id', '=', userId)
    .where('completed', '=', 1)
    .where('deleted_at', 'is', null)
    .returning(TASK_COLUMNS)
    .execute()
  return rows.map(toTask).sort((a, b) => a.number - b.number)
}

/**
 * Brings tasks back from the trash. Returns every task named that is now live (restored,
 * or live already: restoring twice is not an error); numbers that name none are left out.
 */
export async function restoreTasks(db: Kysely<Database>, userId: string, numbers: number[], quotas = DEFAULT_QUOTAS): Promise<Task[]> {
  if (numbers.length === 0) return []
  await ensureTaskRoom(db, userId, quotas, { live: numbers.length, stored: 0, textBytes: 0 })
  await db
    .updateTable('tasks')
    .set({ deleted_at: null, updated_at: new Date().toISOString(), version: sql<number>`version + 1` })
    .where('user_id', '=', userId)
    .where('number', 'in', numbers)
    .where('deleted_at', 'is not', null)
    .execute()
  return getTasks(db, userId, numbers)
}

/** Removes one task in the user's trash for good; false when the trash holds no such task. */
export async function deleteForever(db: Kysely<Database>, userId: string, number: number): Promise<boolean> {
  const result = await db
    .deleteFrom('tasks')
    .where('user_id', '=', userId)
    .where('number', '=', number)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * Removes the user's trashed tasks for good (only those trashed at or before `upTo`, when
 * given); returns how many.
 */
export async function emptyTrash(db: Kysely<Database>, userId: string, upTo?: Date): Promise<number> {
  let query = db.deleteFrom('tasks').where('user_id', '=', userId).where('deleted_at', 'is not', null)
  // deleted_at is written by toISOString, so text order is time order.
  if (upTo) query = query.where('deleted_at', '<=', upTo.toISOString())
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Removes for good every user's tasks that have been in the trash since before `before`. */
export async function purgeDeleted(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('tasks')
    .where('deleted_at', 'is not', null)
    .where('deleted_at', '<', before.toISOString())
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Live tasks whose title contains any of these fragments (lower case), at most `limit`:
 * the candidates a fuzzy title match is scored on, out of all of the user's tasks.
 */
export { FTS_CANDIDATES }

export async function tasksWithTitleFragments(
  db: Kysely<Database>,
  userId: string,
  fragments: string[],
  where: 'live' | 'trash' = 'live',
  limit = 500,
): Promise<Task[]> {
  if (fragments.length === 0) return []
  const rows = await tasksOf(db, userId, where)
    .select(TASK_COLUMNS)
    .where((eb) => eb.or(fragments.map((f) => eb(sql`lower(title)`, 'like', sql`${likePattern(f)} escape '\\'`))))
    .orderBy('completed')
    .orderBy('number', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toTask)
}

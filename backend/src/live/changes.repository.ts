// Reads of the change log (task_changes, written by triggers on tasks: see migration
// 2026-12-06T0300_task_changes) and its pruning. A user's changes are numbered by `seq`,
// 1, 2, 3… with no gap, so "every change after n" is whole exactly when the log still holds
// head - n rows after n.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { TASK_COLUMNS, toTask } from '../tasks/tasks.rows.js'
import type { Task } from '../tasks/tasks.schema.js'

/** 24 h: a client away longer reloads its lists instead of replaying. */
export const CHANGE_RETENTION_MS = 24 * 60 * 60 * 1000

/** The user's latest seq; 0 before their first change. */
export async function headSeq(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('task_numbers').select('last_seq').where('user_id', '=', userId).executeTakeFirst()
  return row ? Number(row.last_seq) : 0
}

/** Whether the log still holds every change after `seq` up to `head`. */
export async function holdsChangesAfter(db: Kysely<Database>, userId: string, seq: number, head: number): Promise<boolean> {
  if (seq > head) return false
  if (seq === head) return true
  const row = await db
    .selectFrom('task_changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('seq', '>', seq)
    .where('seq', '<=', head)
    .executeTakeFirstOrThrow()
  return Number(row.n) === head - seq
}

/** A change as a stream sends it: the task as it is now, or its number when it is gone. */
export type Change = { seq: number; task: Task } | { seq: number; removed: number }

/**
 * The user's changes after `seq` (at most `limit` log rows), one per task: several changes
 * to one task collapse into its latest, carrying the task as stored now (trash included).
 * `last` is the highest seq read, where the next read starts.
 */
export async function changesAfter(
  db: Kysely<Database>,
  userId: string,
  seq: number,
  limit = 500,
): Promise<{ changes: Change[]; last: number; more: boolean }> {
  const rows = await db
    .selectFrom('task_changes')
    .select(['seq', 'number'])
    .where('user_id', '=', userId)
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute()
  if (rows.length === 0) return { changes: [], last: seq, more: false }
  const latest = new Map<number, number>()
  for (const row of rows) latest.set(row.number, Number(row.seq))
  const tasks = await db
    .selectFrom('tasks')
    .select(TASK_COLUMNS)
    .where('user_id', '=', userId)
    .where('number', 'in', [...latest.keys()])
    .execute()
  const byNumber = new Map(tasks.map((t) => [t.number, toTask(t)]))
  const changes = [...latest]
    .sort((a, b) => a[1] - b[1])
    .map(([number, at]): Change => {
      const task = byNumber.get(number)
      return task ? { seq: at, task } : { seq: at, removed: number }
    })
  return { changes, last: Number(rows.at(-1)!.seq), more: rows.length === limit }
}

/** The highest change id in the log (every user), 0 when empty: where a poll starts. */
export async function latestChangeId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('task_changes')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
}

/** Which users changed something since change `id`, and the new highest id. */
export async function usersChangedSince(db: Kysely<Database>, id: number): Promise<{ users: string[]; last: number }> {
  const rows = await db
    .selectFrom('task_changes')
    .select(['user_id', (eb) => eb.fn.max('id').as('id')])
    .where('id', '>', id)
    .groupBy('user_id')
    .execute()
  return { users: rows.map((r) => r.user_id), last: rows.reduce((max, r) => Math.max(max, Number(r.id)), id) }
}

/** Removes changes logged before `before`, for every user (the hourly job). */
export async function pruneChanges(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('task_changes').where('created_at', '<', before.toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}

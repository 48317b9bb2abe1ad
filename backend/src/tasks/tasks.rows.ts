// A task row as the queries read it: the columns answered, the one mapping to the API's
// JSON, and the selection every query starts from (one user's live tasks or trash).
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../db/connect.js'
import type { Database, TaskRow } from '../db/database.js'
import type { Task } from './tasks.schema.js'

/** The columns a task is answered with: all but id and user_id, which no client needs. */
export const TASK_COLUMNS = [
  'number',
  'title',
  'description',
  'completed',
  'priority',
  'due_date',
  'created_at',
  'updated_at',
  'deleted_at',
  'version',
] as const

export type TaskColumns = Pick<TaskRow, (typeof TASK_COLUMNS)[number]>

/** The one place a row becomes the API's JSON. */
export function toTask(row: TaskColumns): Task {
  return {
    number: row.number,
    title: row.title,
    description: row.description,
    completed: row.completed === 1,
    priority: row.priority,
    due_date: row.due_date,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    version: row.version,
  }
}

/**
 * A user's live tasks, or the user's trash. When a search is narrowed to a few rows by its
 * index, the user is matched by an expression no index covers (`+user_id` on SQLite,
 * `user_id || ''` on PostgreSQL, the same value), so neither engine reads the user's whole
 * index range as well: with it, PostgreSQL ANDed the trigram matches with a bitmap of all the
 * user's rows, most of the search's time (docs/testing.md, "Narrowed searches").
 */
export function tasksOf(db: Kysely<Database>, userId: string, where: 'live' | 'trash' = 'live', narrowed = false) {
  const select = narrowed
    ? db.selectFrom('tasks').where(dialectOf(db) === 'sqlite' ? sql<string>`+user_id` : sql<string>`user_id || ''`, '=', userId)
    : db.selectFrom('tasks').where('user_id', '=', userId)
  return where === 'live' ? select.where('deleted_at', 'is', null) : select.where('deleted_at', 'is not', null)
}

export type TaskQuery = ReturnType<typeof tasksOf>

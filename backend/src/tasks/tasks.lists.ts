// The task lists: one page of a view (live tasks in an order, or the trash), narrowed by the
// assistant's filters, and the counts of each view. Scoped by user like every query.
import { sql, type Expression, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { decodeCursor, encodeCursor, validLive, validTrash, type LiveCursor, type TrashCursor } from './tasks.cursor.js'
import { TASK_COLUMNS, tasksOf, toTask, type TaskColumns, type TaskQuery } from './tasks.rows.js'
import type { Task, TaskCounts, TaskListQuery, TaskPage, TaskSort } from './tasks.schema.js'
import { planSearch, search } from './tasks.search.js'

const DEFAULT_PAGE_SIZE = 50

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const
const NO_DATE = '9999-12-31'

/**
 * Each order's key, written exactly as the migration's indexes write it (a bound parameter
 * would not match the index expression), and how to read it back from a row.
 */
const SORT_KEYS: Record<Exclude<TaskSort, 'created'>, { sql: Expression<any>; of: (row: TaskColumns) => string | number }> = {
  due: { sql: sql`coalesce(due_date, '9999-12-31')`, of: (row) => row.due_date ?? NO_DATE },
  priority: {
    sql: sql`case priority when 'high' then 0 when 'medium' then 1 else 2 end`,
    of: (row) => PRIORITY_RANK[row.priority],
  },
}

/** Narrower selections than the API's views, for the assistant's questions. */
export interface TaskFilters {
  priority?: Task['priority']
  /** Due on or after this date (YYYY-MM-DD). */
  dueFrom?: string
  /** Due on or before this date. */
  dueTo?: string
  /** Only tasks without a due date. */
  noDate?: boolean
  /** Completed at or after this instant (ISO-8601). */
  completedFrom?: string
  /** Completed before this instant. */
  completedBefore?: string
}

function filter(select: TaskQuery, filters: TaskFilters): TaskQuery {
  if (filters.priority) select = select.where('priority', '=', filters.priority)
  if (filters.dueFrom) select = select.where('due_date', '>=', filters.dueFrom)
  if (filters.dueTo) select = select.where('due_date', '<=', filters.dueTo)
  if (filters.noDate) select = select.where('due_date', 'is', null)
  if (filters.completedFrom) select = select.where('completed_at', '>=', filters.completedFrom)
  if (filters.completedBefore) select = select.where('completed_at', '<', filters.completedBefore)
  return select
}

/**
 * One page of a view. Live tasks: open ones first, then completed, each group in the
 * chosen order (newest first, due soonest with undated last, or priority high first),
 * ties newest first. Each group is read with its own index range, from the cursor on (a
 * first page reads both groups in one).
 */
export async function listTasks(
  db: Kysely<Database>,
  userId: string,
  query: TaskListQuery = {},
  filters: TaskFilters = {},
): Promise<TaskPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE
  if (query.status === 'deleted') return listTrash(db, userId, query, limit)
  const sort = query.sort ?? 'created'
  const key = sort === 'created' ? undefined : SORT_KEYS[sort]
  const groups: (0 | 1)[] = query.status === 'pending' ? [0] : query.status === 'completed' ? [1] : [0, 1]
  let cursor = decodeCursor<LiveCursor>(query.cursor, validLive(sort))
  const plan = await planSearch(db, query.q)
  const rows: TaskColumns[] = []
  // Without a cursor, both groups together are one range of the sort's index, already in
  // the page's order (completed, the sort key, number): one query reads the whole page.
  const passes: (0 | 1 | 'both')[] = !cursor && groups.length === 2 ? ['both'] : groups
  for (const group of passes) {
    if (cursor && group !== 'both' && group < cursor.c) continue
    let select = filter(search(tasksOf(db, userId, 'live', plan?.narrow), plan), filters)
    select = group === 'both' ? select.orderBy('completed') : select.where('completed', '=', group)
    if (cursor && group === cursor.c) {
      const { k, n } = cursor
      select = select.where((eb) =>
        key && k !== undefined
          ? eb.and([eb(key.sql, '>=', k), eb.or([eb(key.sql, '>', k), eb('number', '<', n)])])
          : eb('number', '<', n),
      )
    }
    if (key) select = select.orderBy(key.sql)
    rows.push(...(await select.select(TASK_COLUMNS).orderBy('number', 'desc').limit(limit + 1 - rows.length).execute()))
    cursor = undefined
    if (rows.length > limit) break
  }
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(toTask),
    next_cursor:
      rows.length > limit && last
        ? encodeCursor({ c: last.completed === 1 ? 1 : 0, n: last.number, ...(key && { k: key.of(last) }) })
        : null,
  }
}

/** The trash: most recently deleted first. */
async function listTrash(db: Kysely<Database>, userId: string, query: TaskListQuery, limit: number): Promise<TaskPage> {
  const cursor = decodeCursor<TrashCursor>(query.cursor, validTrash)
  const plan = await planSearch(db, query.q)
  let select = search(tasksOf(db, userId, 'trash', plan?.narrow), plan)
  if (cursor) {
    select = select.where((eb) =>
      eb.or([eb('deleted_at', '<', cursor.d), eb.and([eb('deleted_at', '=', cursor.d), eb('number', '<', cursor.n)])]),
    )
  }
  const rows = await select.select(TASK_COLUMNS).orderBy('deleted_at', 'desc').orderBy('number', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(toTask),
    next_cursor: rows.length > limit && last ? encodeCursor({ d: last.deleted_at!, n: last.number }) : null,
  }
}

/** How many tasks each view holds, with the search applied when given. */
export async function countTasks(
  db: Kysely<Database>,
  userId: string,
  q?: string,
  filters: TaskFilters = {},
): Promise<TaskCounts> {
  const plan = await planSearch(db, q)
  const groups = await filter(search(tasksOf(db, userId, 'live', plan?.narrow), plan), filters)
    .select(['completed', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .groupBy('completed')
    .execute()
  const deleted = await filter(search(tasksOf(db, userId, 'trash', plan?.narrow), plan), filters)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow()
  const pending = Number(groups.find((g) => g.completed === 0)?.n ?? 0)
  const completed = Number(groups.find((g) => g.completed === 1)?.n ?? 0)
  return { all: pending + completed, pending, completed, deleted: Number(deleted.n) }
}

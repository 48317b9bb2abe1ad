// The task lists: one page of a view (live tasks in an order, or the trash), narrowed by the
// assistant's filters, and the counts of each view. Scoped by user like every query.
import { sql, type Expression, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { decodeCursor, encodeCursor, validLive, validTrash, type LiveCursor, type TrashCursor } from './tasks.cursor.js'
import { TASK_COLUMNS, tasksOf, toTask, type TaskColumns, type TaskQuery } from './tasks.rows.js'
import type { Task, TaskCounts, TaskListQuery, TaskPage, TaskSort } from './tasks.schema.js'
import { compiledPerShape } from '../db/compiled-per-shape.js'
import { narrowed, planSearch, searched, searchShape, searchValues, type SearchShape, type SearchValues } from './tasks.search.js'

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

/** Which filters a query applies (their values are bound). */
type FilterShape = { [K in keyof TaskFilters]-?: boolean }

const filterShape = (filters: TaskFilters): FilterShape => ({
  priority: Boolean(filters.priority),
  dueFrom: Boolean(filters.dueFrom),
  dueTo: Boolean(filters.dueTo),
  noDate: Boolean(filters.noDate),
  completedFrom: Boolean(filters.completedFrom),
  completedBefore: Boolean(filters.completedBefore),
})

function filter(select: TaskQuery, shape: FilterShape, values: TaskFilters): TaskQuery {
  if (shape.priority) select = select.where('priority', '=', values.priority!)
  if (shape.dueFrom) select = select.where('due_date', '>=', values.dueFrom!)
  if (shape.dueTo) select = select.where('due_date', '<=', values.dueTo!)
  if (shape.noDate) select = select.where('due_date', 'is', null)
  if (shape.completedFrom) select = select.where('completed_at', '>=', values.completedFrom!)
  if (shape.completedBefore) select = select.where('completed_at', '<', values.completedBefore!)
  return select
}

/** A page query's values: the user, the rows wanted, the cursor's, the search's and the filters'. */
type PageValues = TaskFilters & SearchValues & { user: string; limit: number; k?: string | number; n?: number; d?: string }

/**
 * One pass of a live page: a group of tasks (open, completed, or both on a first page), in
 * the sort's order, after the cursor when it points into this group.
 */
const livePass = compiledPerShape(
  (db: Kysely<Database>, shape: { sort: TaskSort; group: 0 | 1 | 'both'; after: boolean; search: SearchShape; filters: FilterShape }, v: PageValues) => {
    const key = shape.sort === 'created' ? undefined : SORT_KEYS[shape.sort].sql
    let select = filter(searched(tasksOf(db, v.user, 'live', narrowed(shape.search)), shape.search, v), shape.filters, v)
    select = shape.group === 'both' ? select.orderBy('completed') : select.where('completed', '=', shape.group)
    if (shape.after) {
      select = select.where((eb) =>
        key ? eb.and([eb(key, '>=', v.k!), eb.or([eb(key, '>', v.k!), eb('number', '<', v.n!)])]) : eb('number', '<', v.n!),
      )
    }
    if (key) select = select.orderBy(key)
    return select.select(TASK_COLUMNS).orderBy('number', 'desc').limit(v.limit)
  },
)

/** A page of the trash, after the cursor when there is one. */
const trashPage = compiledPerShape((db: Kysely<Database>, shape: { after: boolean; search: SearchShape }, v: PageValues) => {
  let select = searched(tasksOf(db, v.user, 'trash', narrowed(shape.search)), shape.search, v)
  if (shape.after) {
    select = select.where((eb) => eb.or([eb('deleted_at', '<', v.d!), eb.and([eb('deleted_at', '=', v.d!), eb('number', '<', v.n!)])]))
  }
  return select.select(TASK_COLUMNS).orderBy('deleted_at', 'desc').orderBy('number', 'desc').limit(v.limit)
})

/**
 * One page of a view. Live tasks: open ones first, then completed, each group in the
 * chosen order (newest first, due soonest with undated last, or priority high first),
 * ties newest first. Each group is read with its own index range, from the cursor on (a
 * first page reads both groups in one). Each pass's query is compiled once per shape.
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
  const search = searchShape(plan)
  const shapeOfFilters = filterShape(filters)
  const values: PageValues = { ...filters, ...searchValues(plan), user: userId, limit: 0 }
  const rows: TaskColumns[] = []
  // Without a cursor, both groups together are one range of the sort's index, already in
  // the page's order (completed, the sort key, number): one query reads the whole page.
  const passes: (0 | 1 | 'both')[] = !cursor && groups.length === 2 ? ['both'] : groups
  for (const group of passes) {
    if (cursor && group !== 'both' && group < cursor.c) continue
    const after = cursor !== undefined && group === cursor.c
    const page = livePass<TaskColumns>(
      db,
      { sort, group, after, search, filters: shapeOfFilters },
      { ...values, limit: limit + 1 - rows.length, ...(after && { k: cursor!.k, n: cursor!.n }) },
    )
    rows.push(...(await db.executeQuery(page)).rows)
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
  const page = trashPage<TaskColumns>(
    db,
    { after: cursor !== undefined, search: searchShape(plan) },
    { ...searchValues(plan), user: userId, limit: limit + 1, ...(cursor && { d: cursor.d, n: cursor.n }) },
  )
  const { rows } = await db.executeQuery(page)
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items: items.map(toTask),
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
  const search = searchShape(plan)
  const values = searchValues(plan)
  const shapeOfFilters = filterShape(filters)
  const matching = (where: 'live' | 'trash') => filter(searched(tasksOf(db, userId, where, narrowed(search)), search, values), shapeOfFilters, filters)
  const groups = await matching('live')
    .select(['completed', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .groupBy('completed')
    .execute()
  const deleted = await matching('trash')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow()
  const pending = Number(groups.find((g) => g.completed === 0)?.n ?? 0)
  const completed = Number(groups.find((g) => g.completed === 1)?.n ?? 0)
  return { all: pending + completed, pending, completed, deleted: Number(deleted.n) }
}

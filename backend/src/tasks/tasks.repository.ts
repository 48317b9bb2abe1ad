import { sql, type Expression, type Kysely } from 'kysely'
import { dialectOf, searchIndexed } from '../db/connect.js'
import type { Database, TaskRow } from '../db/database.js'
import { HttpError } from '../errors.js'
import type { Task, TaskCounts, TaskCreate, TaskListQuery, TaskPage, TaskPatch, TaskSort } from './tasks.schema.js'

// Every function takes the owner's id and scopes its query by it: another user's row is
// indistinguishable from a missing one (undefined, which routes turn into 404). A task is
// called by its per-user number. Deleted tasks wait in the trash (deleted_at) until
// purgeDeleted removes them; nothing but the trash view and restore sees them.

export const DEFAULT_PAGE_SIZE = 50

/** The columns a task is answered with: all but id and user_id, which no client needs. */
const TASK_COLUMNS = [
  'number',
  'title',
  'description',
  'completed',
  'priority',
  'due_date',
  'created_at',
  'updated_at',
  'deleted_at',
] as const

type TaskColumns = Pick<TaskRow, (typeof TASK_COLUMNS)[number]>

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
  }
}

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

/** Escapes LIKE's wildcards so a search for "100%" finds that text, not everything. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * A user's live tasks, or the user's trash. When a search is narrowed to a few rows by its
 * index, the user is matched by an expression no index covers (`+user_id` on SQLite,
 * `user_id || ''` on PostgreSQL, the same value), so neither engine reads the user's whole
 * index range as well: with it, PostgreSQL ANDed the 1,099 trigram matches with a bitmap of a
 * 100,000-task user's rows (3.8 of 4.7 ms).
 */
function tasksOf(db: Kysely<Database>, userId: string, where: 'live' | 'trash' = 'live', narrowed = false) {
  const select = narrowed
    ? db.selectFrom('tasks').where(dialectOf(db) === 'sqlite' ? sql<string>`+user_id` : sql<string>`user_id || ''`, '=', userId)
    : db.selectFrom('tasks').where('user_id', '=', userId)
  return where === 'live' ? select.where('deleted_at', 'is', null) : select.where('deleted_at', 'is not', null)
}

type TaskQuery = ReturnType<typeof tasksOf>

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

/** Past this many rows holding the text (all users), the index order finds a page sooner. */
export const FTS_CANDIDATES = 2000

/**
 * How a search is run: the LIKE below; for rare text (`narrow`) read from the index's rows
 * only, on SQLite through tasks_fts (`fts`), on PostgreSQL through the LIKE's own indexes.
 */
type SearchPlan = { text: string; narrow: boolean; fts: boolean } | undefined

const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`

/** Whether a PostgreSQL database has the trigram indexes, asked once per connection pool. */
const trigramIndexed = new WeakMap<Kysely<Database>, Promise<boolean>>()

/**
 * Text of 3+ characters is first counted in the search index, up to FTS_CANDIDATES + 1 rows
 * of all users: tasks_fts (FTS5, trigram) on SQLite, the trigram GIN indexes on PostgreSQL
 * (whose planner answers this one-table count well either way: the index for rare text, a
 * scan that stops early for common text). When few rows anywhere hold it, the page is read
 * from those rows only (a rare word in a 100,000-task list would otherwise be a scan of all
 * of them); when many do, the list's own index order meets a page of matches soon. Either
 * way the LIKE decides, so results are the same on both engines and with or without an index.
 */
async function planSearch(db: Kysely<Database>, q: string | undefined): Promise<SearchPlan> {
  const text = q?.trim()
  if (!text) return undefined
  if ([...text].length < 3) return { text, narrow: false, fts: false }
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from (select rowid from tasks_fts where tasks_fts match ${ftsPhrase(text)} limit ${FTS_CANDIDATES + 1})`.execute(db)
    const narrow = Number(rows[0]?.n ?? 0) <= FTS_CANDIDATES
    return { text, narrow, fts: narrow }
  }
  let indexed = trigramIndexed.get(db)
  if (!indexed) trigramIndexed.set(db, (indexed = searchIndexed(db)))
  if (!(await indexed)) return { text, narrow: false, fts: false }
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from tasks where ${matches(likePattern(text))} limit ${FTS_CANDIDATES + 1}) c`.execute(db)
  return { text, narrow: Number(rows[0]?.n ?? 0) <= FTS_CANDIDATES, fts: false }
}

/** The text condition itself, on exactly the expressions the PostgreSQL trigram indexes cover. */
const matches = (pattern: string) =>
  sql<boolean>`(lower(title) like ${pattern} escape '\\' or lower(coalesce(description, '')) like ${pattern} escape '\\')`

function search(select: TaskQuery, plan: SearchPlan): TaskQuery {
  if (!plan) return select
  if (plan.fts) {
    select = select.where(sql<boolean>`id in (select rowid from tasks_fts where tasks_fts match ${ftsPhrase(plan.text)})`)
  }
  return select.where(matches(likePattern(plan.text)))
}

// Cursors are opaque to clients: base64url JSON of the last row's position in its order.
type LiveCursor = { c: 0 | 1; k?: string | number; n: number }
type TrashCursor = { d: string; n: number }

const encodeCursor = (cursor: LiveCursor | TrashCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')

function decodeCursor<T extends LiveCursor | TrashCursor>(text: string | undefined, valid: (value: any) => boolean): T | undefined {
  if (text === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  if (typeof value !== 'object' || value === null || !valid(value)) {
    throw new HttpError(400, 'INVALID_CURSOR', 'cursor is not one this list gave out; start again without it')
  }
  return value as T
}

const isNumber = (n: unknown) => Number.isInteger(n) && (n as number) > 0
const validLive = (sort: TaskSort) => (v: any) =>
  (v.c === 0 || v.c === 1) && isNumber(v.n) && (sort === 'created' || typeof v.k === (sort === 'due' ? 'string' : 'number'))
const validTrash = (v: any) => typeof v.d === 'string' && isNumber(v.n)

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

export async function createTask(db: Kysely<Database>, userId: string, input: TaskCreate): Promise<Task> {
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
): Promise<Task | undefined> {
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
    })
    .where('user_id', '=', userId)
    .where('number', '=', number)
    .where('deleted_at', 'is', null)
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
    .set({ deleted_at: new Date().toISOString() })
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
    .set({ deleted_at: new Date().toISOString() })
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
export async function restoreTasks(db: Kysely<Database>, userId: string, numbers: number[]): Promise<Task[]> {
  if (numbers.length === 0) return []
  await db
    .updateTable('tasks')
    .set({ deleted_at: null, updated_at: new Date().toISOString() })
    .where('user_id', '=', userId)
    .where('number', 'in', numbers)
    .where('deleted_at', 'is not', null)
    .execute()
  return getTasks(db, userId, numbers)
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

// Text search over a user's tasks, shared by the list, the counts and the trash: how a
// search is planned on each engine (tasks_fts on SQLite, trigram indexes on PostgreSQL) and
// the condition it adds to a query.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { dialectOf, searchIndexed } from '../db/connect.js'
import type { Database } from '../db/database.js'

/** Escapes LIKE's wildcards so a search for "100%" finds that text, not everything. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
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
export async function planSearch(db: Kysely<Database>, q: string | undefined): Promise<SearchPlan> {
  // Control characters (a NUL breaks FTS5's query syntax, and PostgreSQL refuses one in
  // any text) cannot be in a title or description, so in a search they separate words.
  const text = q?.replace(/\p{Cc}+/gu, ' ').trim()
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

/**
 * What a search adds to a query's SQL (db/compiled-per-shape.ts): nothing; the LIKE over the
 * user's rows; the LIKE over the rows the index narrowed to (`narrow`, PostgreSQL), or those
 * of tasks_fts (`fts`, SQLite).
 */
export type SearchShape = 'none' | 'scan' | 'narrow' | 'fts'

export const searchShape = (plan: SearchPlan): SearchShape => (!plan ? 'none' : plan.fts ? 'fts' : plan.narrow ? 'narrow' : 'scan')

/** The values a search binds: the LIKE's pattern and the FTS5 phrase. */
export interface SearchValues {
  pattern?: string
  phrase?: string
}

export const searchValues = (plan: SearchPlan): SearchValues => (plan ? { pattern: likePattern(plan.text), phrase: ftsPhrase(plan.text) } : {})

/** Whether a shape reads a narrowed set of rows, which tasksOf must then not match by index. */
export const narrowed = (shape: SearchShape) => shape === 'narrow' || shape === 'fts'

export function searched<Q extends SelectQueryBuilder<Database, 'tasks', any>>(select: Q, shape: SearchShape, values: SearchValues): Q {
  if (shape === 'none') return select
  if (shape === 'fts') select = select.where(sql<boolean>`id in (select rowid from tasks_fts where tasks_fts match ${values.phrase})`) as Q
  return select.where(matches(values.pattern!)) as Q
}

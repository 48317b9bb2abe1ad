// How Kysely's SQLite driver reaches better-sqlite3: each SQL text compiled once, and rows
// read as arrays and named here. Both are measured in docs/testing.md ("Compiled
// statements", "Rows as arrays"); the answers are the ones better-sqlite3 gives itself.
import type SQLite from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'
import { LRUCache } from 'lru-cache'

/** Compiled statements kept per connection: far more than the distinct queries the app makes. */
export const STATEMENT_CACHE_SIZE = 1000

/**
 * Kysely asks better-sqlite3 to prepare every query it runs, and preparing compiles the SQL
 * again each time. The app's SQL comes from a few hundred query shapes with the values
 * always bound as parameters, so a compiled statement is kept per SQL text and reused.
 * Reuse is safe: better-sqlite3 runs a statement synchronously to completion, and SQLite
 * recompiles a kept statement itself if a migration changes the schema under it. Past the
 * size, the statement used longest ago goes.
 */
export function withStatementCache(sqlite: Pick<SQLite.Database, 'prepare' | 'close'>): SqliteDatabase {
  const statements = new LRUCache<string, SqliteStatement>({ max: STATEMENT_CACHE_SIZE })
  // Read only when a reader's statement ran, to learn whether its columns may have changed.
  let schemaVersion: SQLite.Statement<[], number> | undefined
  const currentSchema = () => (schemaVersion ??= sqlite.prepare<[], number>('pragma schema_version').pluck()).get()!
  return {
    prepare(sql) {
      let statement = statements.get(sql)
      if (!statement) {
        const compiled = sqlite.prepare(sql)
        statement = compiled.reader ? namedRows(compiled, currentSchema) : compiled
        statements.set(sql, statement)
      }
      return statement
    },
    close: () => sqlite.close(),
  }
}

/**
 * better-sqlite3 builds each row object in C++, looking every column's name up again for
 * every row; reading the rows as arrays and naming their values here is cheaper, most of
 * all on a page of tasks (docs/testing.md, "Rows as arrays"). The names are the
 * statement's columns, kept with the schema version they were read at. Another process's
 * migration moves that version, and SQLite recompiles the statement, whose columns may then
 * differ. So the version is read before and after each run: only when both equal the kept
 * one are the kept names used; otherwise the columns are read again after the run (still
 * those of the run, since a statement is recompiled only when it next runs) and kept only
 * if nothing moved during it. A name that appears twice keeps its last value, as
 * better-sqlite3's own objects do.
 */
export function namedRows(statement: SQLite.Statement, currentSchema: () => number): SqliteStatement {
  const arrays = statement.raw(true)
  let names: string[] = []
  let namedAt = Number.NaN
  const columns = () => arrays.columns().map((column) => column.name)
  const named = (row: unknown[], labels: string[]): Record<string, unknown> => {
    const object: Record<string, unknown> = {}
    for (let i = 0; i < labels.length; i++) object[labels[i]!] = row[i]
    return object
  }
  return {
    reader: true,
    all(parameters) {
      const before = currentSchema()
      const rows = arrays.all(parameters) as unknown[][]
      const after = currentSchema()
      if (before !== namedAt || after !== namedAt) {
        names = columns()
        namedAt = before === after ? before : Number.NaN
      }
      const objects = new Array<Record<string, unknown>>(rows.length)
      for (let i = 0; i < rows.length; i++) objects[i] = named(rows[i]!, names)
      return objects
    },
    run: (parameters) => arrays.run(parameters),
    // Rare (Kysely's stream()): the columns are read once the statement has run, each time.
    *iterate(parameters) {
      let labels: string[] | undefined
      for (const row of arrays.iterate(parameters) as IterableIterator<unknown[]>) {
        labels ??= columns()
        yield named(row, labels)
      }
    },
  }
}

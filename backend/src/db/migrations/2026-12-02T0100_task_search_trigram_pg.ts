import { PostgresAdapter, sql, type Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// PostgreSQL's counterpart of tasks_fts (2026-12-01T0300): trigram GIN indexes (pg_trgm) on
// exactly the expressions the search's LIKE reads, lower(title) and
// lower(coalesce(description, '')), so the planner can find a rare word among a user's
// 100,000 tasks without reading them all. The LIKE itself is unchanged, so results stay
// the same on both engines.
//
// fastupdate = off: a GIN index otherwise collects new entries in a pending list (up to 4 MB)
// that every search reads in full until vacuum merges it. Measured on 1,000,000 rows, a
// search for a rare word took 8.4 ms with that list and 0.5 ms without; tasks are written
// one at a time, so the slower insert does not matter.
//
// pg_trgm ships with PostgreSQL (contrib) and is a trusted extension (13+), so a role that
// may create objects in the database may install it. Where it is missing, or the role may
// not install it, the migration adds nothing rather than stop the app: search still works,
// by reading the user's tasks, and the server warns at every start (database.plugin.ts).
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return
  const { rows } = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_extension where extname = 'pg_trgm')
        or exists (select 1 from pg_available_extension_versions v join pg_roles r on r.rolname = current_user
                   where v.name = 'pg_trgm'
                     and (r.rolsuper or (v.trusted and has_database_privilege(current_database(), 'CREATE')))) as ok`.execute(db)
  if (!rows[0]?.ok) return
  await sql`create extension if not exists pg_trgm`.execute(db)
  await sql`create index tasks_title_trgm on tasks using gin (lower(title) gin_trgm_ops) with (fastupdate = off)`.execute(db)
  await sql`create index tasks_description_trgm on tasks using gin (lower(coalesce(description, '')) gin_trgm_ops) with (fastupdate = off)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return
  await sql`drop index if exists tasks_description_trgm`.execute(db)
  await sql`drop index if exists tasks_title_trgm`.execute(db)
}

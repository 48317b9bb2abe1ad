import { sql, SqliteAdapter, type Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// Live changes (docs/api.md, "Live changes"):
// - tasks.version: 1 at insert, one more at every write to the row (the repository adds it),
//   so a client can send If-Match and apply changes idempotently.
// - task_changes: one row per insert, update or delete of a task, written by triggers, so
//   every write path (routes, the assistant's tools, the purge, code yet to come) is logged
//   without remembering to. `seq` counts 1, 2, 3… per user from task_numbers.last_seq; on
//   PostgreSQL the counter row's lock, held to commit, keeps one user's seqs in commit
//   order, and SQLite has one writer at a time. `id` is global: SQLite's replicas poll it.
//   The counter row exists already for every task numbered by the repository; where a row
//   was inserted otherwise, the trigger creates it with last_number 0 and leaves numbering
//   to the repository as before.
//   On PostgreSQL the trigger also notifies channel task_changes with the user's id.
// - idempotency_keys: a POST /api/tasks Idempotency-Key and the answer it got, per user.
// Both logs are kept 24 h (tasks/trash.plugin.ts prunes them).
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema.alterTable('tasks').addColumn('version', 'integer', (col) => col.notNull().defaultTo(1)).execute()
  await db.schema.alterTable('task_numbers').addColumn('last_seq', 'integer', (col) => col.notNull().defaultTo(0)).execute()
  await db.schema
    .createTable('task_changes')
    .addColumn('id', sqlite ? 'integer' : 'bigserial', (col) => (sqlite ? col.primaryKey().autoIncrement() : col.primaryKey()))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await sql`create unique index task_changes_user_seq on task_changes (user_id, seq)`.execute(db)
  await sql`create index task_changes_created on task_changes (created_at)`.execute(db)
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('response', 'text')
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .execute()
  await sql`create index idempotency_keys_created on idempotency_keys (created_at)`.execute(db)

  if (sqlite) {
    for (const [event, row] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(
          `create trigger tasks_log_${event} after ${event} on tasks begin
            insert into task_numbers (user_id, last_number, last_seq) values (${row}.user_id, 0, 1)
              on conflict (user_id) do update set last_seq = last_seq + 1;
            insert into task_changes (user_id, seq, number, created_at)
              values (${row}.user_id, (select last_seq from task_numbers where user_id = ${row}.user_id), ${row}.number,
                      strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
          end`,
        )
        .execute(db)
    }
    return
  }
  // One trigger per statement, not per row: a statement that writes many rows (the purge, a
  // bulk load) bumps each user's counter once. Per row, a 220,000-row insert updated one
  // counter row 220,000 times in one transaction, each update walking the versions the
  // earlier ones left, and took minutes.
  await sql`
    create function tasks_log_change() returns trigger language plpgsql as $$
    begin
      with counts as (
        select user_id, count(*)::integer as n from changed group by user_id
      ), bumped as (
        insert into task_numbers (user_id, last_number, last_seq)
          select user_id, 0, n from counts order by user_id
        on conflict (user_id) do update set last_seq = task_numbers.last_seq + excluded.last_seq
        returning user_id, last_seq
      )
      insert into task_changes (user_id, seq, number, created_at)
        select c.user_id, b.last_seq - n.n + row_number() over (partition by c.user_id order by c.number), c.number,
               to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        from changed c join bumped b on b.user_id = c.user_id join counts n on n.user_id = c.user_id;
      perform pg_notify('task_changes', u.user_id) from (select distinct user_id from changed) u;
      return null;
    end $$`.execute(db)
  for (const [event, rows] of [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ] as const) {
    await sql
      .raw(
        `create trigger tasks_log_${event} after ${event} on tasks referencing ${rows} table as changed
         for each statement execute function tasks_log_change()`,
      )
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger tasks_log_${event}${sqlite ? '' : ' on tasks'}`).execute(db)
  if (!sqlite) await sql`drop function tasks_log_change()`.execute(db)
  await db.schema.dropTable('idempotency_keys').execute()
  await db.schema.dropTable('task_changes').execute()
  await db.schema.alterTable('task_numbers').dropColumn('last_seq').execute()
  await db.schema.alterTable('tasks').dropColumn('version').execute()
}

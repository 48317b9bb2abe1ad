import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// Tasks are numbered per user (1, 2, 3, … for each person, never reused: the counter in
// task_numbers only grows), and a deleted task goes to the trash (deleted_at) before it is
// purged, so a delete can be undone from any device. Existing rows are numbered in the
// order they were created. A conversation keeps what the assistant needs for its next turn
// (context, JSON text: the tasks it listed last, a question it asked), so any replica can
// answer the follow-up. The same SQL runs on SQLite (3.33+: UPDATE … FROM, partial and
// expression indexes) and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('number', 'integer').execute()
  await db.schema.alterTable('tasks').addColumn('deleted_at', 'text').execute()
  await db.schema.alterTable('conversations').addColumn('context', 'text').execute()
  await sql`
    update tasks set number = numbered.n
    from (select id, row_number() over (partition by user_id order by id) as n from tasks) as numbered
    where tasks.id = numbered.id`.execute(db)

  await db.schema
    .createTable('task_numbers')
    .addColumn('user_id', 'text', (col) => col.primaryKey())
    .addColumn('last_number', 'integer', (col) => col.notNull())
    .execute()
  await sql`insert into task_numbers (user_id, last_number) select user_id, max(number) from tasks group by user_id`.execute(db)

  // Lists read a user's live tasks, open ones first, in one of three orders (newest, due
  // date, priority) with a keyset cursor; each order has an index that yields it directly.
  await sql`create unique index tasks_user_number on tasks (user_id, number)`.execute(db)
  await sql`drop index tasks_user_id_id`.execute(db)
  await sql`drop index tasks_user_id_completed_id`.execute(db)
  await sql`create index tasks_live_created on tasks (user_id, completed, number desc) where deleted_at is null`.execute(db)
  await sql`
    create index tasks_live_due on tasks (user_id, completed, (coalesce(due_date, '9999-12-31')), number desc)
    where deleted_at is null`.execute(db)
  await sql`
    create index tasks_live_priority on tasks
      (user_id, completed, (case priority when 'high' then 0 when 'medium' then 1 else 2 end), number desc)
    where deleted_at is null`.execute(db)
  await sql`create index tasks_trash on tasks (user_id, deleted_at) where deleted_at is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['tasks_trash', 'tasks_live_priority', 'tasks_live_due', 'tasks_live_created', 'tasks_user_number']) {
    await sql.raw(`drop index ${index}`).execute(db)
  }
  await sql`create index tasks_user_id_id on tasks (user_id, id)`.execute(db)
  await sql`create index tasks_user_id_completed_id on tasks (user_id, completed, id)`.execute(db)
  await db.schema.dropTable('task_numbers').execute()
  await db.schema.alterTable('conversations').dropColumn('context').execute()
  await db.schema.alterTable('tasks').dropColumn('deleted_at').execute()
  await db.schema.alterTable('tasks').dropColumn('number').execute()
}

import { PostgresAdapter, type Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
export async function up(db: Kysely<any>): Promise<void> {
  // Ids are never reused after a delete (serial / AUTOINCREMENT): the assistant and the
  // UI refer to tasks by number, so a number must keep meaning one task.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  await db.schema
    .createTable('tasks')
    .addColumn('id', postgres ? 'serial' : 'integer', (col) =>
      postgres ? col.primaryKey() : col.primaryKey().autoIncrement(),
    )
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('completed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('priority', 'text', (col) => col.notNull().defaultTo('medium'))
    .addColumn('due_date', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()

  // Lists are always scoped by user and read newest first (id desc) with a cursor on id,
  // optionally filtered by completion: these two indexes serve every list query.
  await db.schema.createIndex('tasks_user_id_id').on('tasks').columns(['user_id', 'id']).execute()
  await db.schema
    .createIndex('tasks_user_id_completed_id')
    .on('tasks')
    .columns(['user_id', 'completed', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute()
}

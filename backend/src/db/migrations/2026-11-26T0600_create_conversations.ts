import { PostgresAdapter, type Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  const id = postgres ? 'serial' : 'integer'

  await db.schema
    .createTable('conversations')
    .addColumn('id', id, (col) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()
  // The conversation list is read per user, most recently active first.
  await db.schema
    .createIndex('conversations_user_id_updated_at')
    .on('conversations')
    .columns(['user_id', 'updated_at'])
    .execute()

  await db.schema
    .createTable('messages')
    .addColumn('id', id, (col) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('conversation_id', 'integer', (col) =>
      col.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('tool_calls', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  // History is read per conversation in id order (the last N for the model).
  await db.schema.createIndex('messages_conversation_id_id').on('messages').columns(['conversation_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute()
  await db.schema.dropTable('conversations').execute()
}

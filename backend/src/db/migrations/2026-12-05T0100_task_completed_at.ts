import type { Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// When a task was completed (ISO-8601; null while open), so "what did I finish today?" is
// answered by completion time. Tasks completed before this migration keep null: their
// completion time was never recorded, and updated_at is not it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('completed_at', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('completed_at').execute()
}

import type { Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// Failed sign-ins per account (normalised email), shared by every replica so that no
// replica, address or header buys an attacker more guesses. See auth/sign-in-throttle.ts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('email', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_failure_at', 'text')
    .addColumn('locked_until', 'text')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_throttle').execute()
}

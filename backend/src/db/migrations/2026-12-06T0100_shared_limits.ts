import type { Kysely } from 'kysely'

// Frozen: never edit a migration once it has landed; add a new one instead.
//
// - rate_limits: every rate limit (sign-ins per address, chat turns and writes per user),
//   kept in the database so replicas share one allowance. A generic cell rate algorithm:
//   `tat` is the theoretical arrival time (epoch ms) of the next request; `allowed` says
//   whether the last request was let through. See limits/database-store.ts.
// - sign_in_failures replaces sign_in_throttle: failed sign-ins are counted per (account,
//   client address) and per account, so a stranger's guesses no longer lock the owner out.
//   Keys are "pair:<email> <address>" and "account:<email>"; `known` marks an address the
//   account has signed in from. The old rows are dropped: they only held lock timers.
// - messages_user_id: the per-user message quota counts a user's messages (limits/quotas.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('tat', 'double precision', (col) => col.notNull())
    .addColumn('allowed', 'integer', (col) => col.notNull())
    .execute()
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_failure_at', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('known_until', 'text')
    .execute()
  await db.schema.dropTable('sign_in_throttle').execute()
  await db.schema.createIndex('messages_user_id').on('messages').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_user_id').execute()
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('email', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_failure_at', 'text')
    .addColumn('locked_until', 'text')
    .execute()
  await db.schema.dropTable('sign_in_failures').execute()
  await db.schema.dropTable('rate_limits').execute()
}

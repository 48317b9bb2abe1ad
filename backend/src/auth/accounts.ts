// What an account owns outside Better Auth's tables, and removing all of it.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/**
 * Deletes the user's tasks (trash included), task numbers, change log, create keys,
 * conversations and messages. The log goes after the tasks, whose deletes it records.
 */
export async function deleteUserData(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('messages').where('user_id', '=', userId).execute()
  await db.deleteFrom('conversations').where('user_id', '=', userId).execute()
  await db.deleteFrom('tasks').where('user_id', '=', userId).execute()
  await db.deleteFrom('task_numbers').where('user_id', '=', userId).execute()
  await db.deleteFrom('task_changes').where('user_id', '=', userId).execute()
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).execute()
}

/** Deletes an account and everything it owns, in one transaction (sessions go with the user). */
export async function deleteAccount(db: Kysely<Database>, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteUserData(trx, userId)
    await (trx as unknown as Kysely<any>).deleteFrom('user').where('id', '=', userId).execute()
  })
}

// Idempotent creates: POST /api/tasks with an Idempotency-Key creates one task however often
// it is sent (a retry after a lost answer, a double submit). The key is claimed in the same
// transaction that creates the task, under the (user_id, key) primary key, so of two
// requests racing with one key the second waits for the first's commit, then finds the key
// taken and answers what the first stored. A key is per user and lasts IDEMPOTENCY_TTL_MS.
import type { Kysely } from 'kysely'
import { DEFAULT_QUOTAS } from '../defaults.js'
import type { Database } from '../db/database.js'
import { createTask, getTask } from './tasks.repository.js'
import type { Task, TaskCreate } from './tasks.schema.js'

/** 24 h: a client retrying later than that is sending a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

/** The same key's first create is still running (it did not commit yet): try again. */
export class IdempotencyKeyBusyError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_IN_USE'
  constructor() {
    super('A create with this Idempotency-Key is still running; send it again in a moment')
    this.name = 'IdempotencyKeyBusyError'
  }
}

/**
 * Creates the task, or answers the task the key's first create made (`created: false`), as
 * it is now: live, or in the trash with its deleted_at; as first created if purged since.
 * A key older than the TTL that no prune removed yet counts as unused.
 */
export async function createTaskOnce(
  db: Kysely<Database>,
  userId: string,
  key: string,
  input: TaskCreate,
  quotas = DEFAULT_QUOTAS,
): Promise<{ task: Task; created: boolean }> {
  const now = new Date()
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()
  const created = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ user_id: userId, key, created_at: now.toISOString(), response: null })
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'key'])
          .doUpdateSet({ created_at: now.toISOString(), response: null })
          .where('idempotency_keys.created_at', '<', expired),
      )
      .returning('key')
      .executeTakeFirst()
    if (!claimed) return undefined
    const task = await createTask(trx, userId, input, quotas)
    await trx
      .updateTable('idempotency_keys')
      .set({ response: JSON.stringify(task) })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .execute()
    return task
  })
  if (created) return { task: created, created: true }
  const row = await db
    .selectFrom('idempotency_keys')
    .select('response')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst()
  if (!row?.response) throw new IdempotencyKeyBusyError()
  // The task as it is now (edited or in the trash since), so a late retry never undoes what
  // the client saw after; the stored copy only once the task is gone for good.
  const stored = JSON.parse(row.response) as Task
  const current =
    (await getTask(db, userId, stored.number)) ?? (await getTask(db, userId, stored.number, 'trash'))
  return { task: current ?? stored, created: false }
}

/** Removes keys older than `before`, for every user (the hourly job). */
export async function pruneIdempotencyKeys(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before.toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}

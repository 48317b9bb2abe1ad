// Per-user quotas, so one account cannot fill the volume every other account writes to
// (docs/testing.md, "Quota checks", says how fast one client could). Checked before
// each write that adds; a burst of parallel writes can pass a quota by at most its size,
// and the write rate limit (limits/write-rate.ts) bounds that burst. Deleting, completing and editing
// down are never refused.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../db/connect.js'
import type { Database } from '../db/database.js'

export interface Quotas {
  /** Live tasks (not in the trash). */
  tasks: number
  /** Live tasks plus the trash: what a user stores. */
  storedTasks: number
  /** UTF-8 bytes of the titles and descriptions of the stored tasks. */
  taskTextBytes: number
  /** Chat messages over every conversation (each user message is at most 4,000 characters). */
  messages: number
}

/** The largest a task's text can be: 200 + 2,000 characters of up to 4 UTF-8 bytes. */
const MAX_TASK_TEXT_BYTES = (200 + 2000) * 4

export class QuotaExceededError extends Error {
  override name = 'QuotaExceededError'
  readonly code = 'QUOTA_EXCEEDED'
}

const bytes = (text: string | null | undefined) => (text ? Buffer.byteLength(text) : 0)

/** The UTF-8 size of a task's title and description. */
export const taskTextBytes = (task: { title?: string | undefined; description?: string | null | undefined }) =>
  bytes(task.title) + bytes(task.description)

/**
 * Throws QuotaExceededError unless the user can take `live` more live tasks, `stored` more
 * stored ones and `textBytes` more bytes of task text. The text is summed only when the
 * stored tasks could hold more than the quota at their largest, so most users pay for the
 * two counts alone (what a check costs: docs/testing.md, "Quota checks"); writes are
 * rate-limited, reads never pay it.
 */
export async function ensureTaskRoom(
  db: Kysely<Database>,
  userId: string,
  quotas: Quotas,
  adding: { live: number; stored: number; textBytes: number },
): Promise<void> {
  const counts = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('stored'),
      eb.fn.sum<number | string | null>(sql`case when deleted_at is null then 1 else 0 end`).as('live'),
    ])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  const live = Number(counts.live ?? 0)
  const stored = Number(counts.stored)
  if (adding.live > 0 && live + adding.live > quotas.tasks) {
    throw new QuotaExceededError(
      `An account can have at most ${quotas.tasks.toLocaleString('en')} tasks; complete and delete some, or empty the trash, to add more`,
    )
  }
  if (adding.stored > 0 && stored + adding.stored > quotas.storedTasks) {
    throw new QuotaExceededError(
      `An account can keep at most ${quotas.storedTasks.toLocaleString('en')} tasks, the trash included; empty the trash to make room`,
    )
  }
  if (adding.textBytes <= 0 || (stored + adding.stored) * MAX_TASK_TEXT_BYTES <= quotas.taskTextBytes) return
  const size =
    dialectOf(db) === 'postgres'
      ? sql<number | string>`coalesce(sum(octet_length(title) + coalesce(octet_length(description), 0)), 0)`
      : sql<number | string>`coalesce(sum(length(cast(title as blob)) + coalesce(length(cast(description as blob)), 0)), 0)`
  const row = await db.selectFrom('tasks').select(size.as('bytes')).where('user_id', '=', userId).executeTakeFirstOrThrow()
  if (Number(row.bytes) + adding.textBytes > quotas.taskTextBytes) {
    const mib = Math.round(quotas.taskTextBytes / 1024 / 1024)
    throw new QuotaExceededError(
      `An account's tasks can hold at most ${mib} MiB of text, the trash included; shorten or delete some descriptions, or empty the trash`,
    )
  }
}

/** Throws QuotaExceededError when the user's conversations hold `quotas.messages` messages. */
export async function ensureMessageRoom(db: Kysely<Database>, userId: string, quotas: Quotas, adding = 2): Promise<void> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  if (Number(row.n) + adding > quotas.messages) {
    throw new QuotaExceededError(
      `Your conversations hold ${Number(row.n).toLocaleString('en')} messages, the most an account can keep; delete old conversations to go on`,
    )
  }
}

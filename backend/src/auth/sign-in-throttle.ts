// Password guessing is throttled per account (the normalised email), in the database, so
// every replica shares the count and no address, X-Forwarded-For value or header a client
// sends buys more guesses. The per-address limit in auth.routes.ts comes on top of this.
//
// The policy (README, "Security"): the first FREE_FAILURES wrong passwords cost nothing;
// each further one locks the account for a time that doubles (30 s, 1 min, 2 min, … at most
// 15 min). While locked, every sign-in to the account is answered 429 without checking the
// password, the right one included, so a lock cannot be used to test guesses. A successful
// sign-in forgets the failures; so does an hour without one.
//
// One attempt per account at a time: an attempt first claims the account (a short lock),
// so guesses sent in parallel are answered 429 rather than checked side by side.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

export interface ThrottlePolicy {
  freeFailures: number
  baseLockMs: number
  maxLockMs: number
  /** Failures are forgotten this long after the last one. */
  forgetAfterMs: number
  /** How long one attempt holds the account (longer than a password check ever takes). */
  claimMs: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  claimMs: 10_000,
}

export type Claim =
  | { ok: true; settle: (outcome: 'success' | 'failure' | 'error') => Promise<void> }
  | { ok: false; retryAfterMs: number }

/** The key an account is counted under: trimmed and lower-cased, as accounts are stored. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase()

/** How long the nth failure locks the account (0 while failures are still free). */
export function lockMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.freeFailures))
}

export function createSignInThrottle(
  db: Kysely<Database>,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  now: () => number = Date.now,
) {
  const iso = (ms: number) => new Date(ms).toISOString()
  let lastPurge = 0

  /** Drops the rows of accounts whose failures are forgotten and that are not locked. */
  async function purge(at: number): Promise<void> {
    if (at - lastPurge < 60_000) return
    lastPurge = at
    await db
      .deleteFrom('sign_in_throttle')
      .where('last_failure_at', '<', iso(at - policy.forgetAfterMs))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso(at))]))
      .execute()
  }

  return {
    /**
     * Claims one sign-in attempt for the account, or says how long until one is allowed.
     * The caller must settle a claim with the attempt's outcome.
     */
    async claim(email: string): Promise<Claim> {
      const key = normaliseEmail(email)
      const at = now()
      const claimUntil = iso(at + policy.claimMs)
      await db.insertInto('sign_in_throttle').values({ email: key, failures: 0 }).onConflict((oc) => oc.column('email').doNothing()).execute()
      const claimed = await db
        .updateTable('sign_in_throttle')
        .set({ locked_until: claimUntil })
        .where('email', '=', key)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', iso(at))]))
        .executeTakeFirst()
      if (claimed.numUpdatedRows === 0n) {
        const row = await db.selectFrom('sign_in_throttle').select('locked_until').where('email', '=', key).executeTakeFirst()
        const until = row?.locked_until ? Date.parse(row.locked_until) : at + 1000
        return { ok: false, retryAfterMs: Math.max(1000, until - at) }
      }
      return {
        ok: true,
        settle: async (outcome) => {
          const done = now()
          if (outcome === 'success') {
            await db.deleteFrom('sign_in_throttle').where('email', '=', key).execute()
            return
          }
          if (outcome === 'error') {
            // Not the account's fault (the server failed): give the claim back.
            await db
              .updateTable('sign_in_throttle')
              .set({ locked_until: null })
              .where('email', '=', key)
              .where('locked_until', '=', claimUntil)
              .execute()
            return
          }
          const row = await db.selectFrom('sign_in_throttle').selectAll().where('email', '=', key).executeTakeFirst()
          const forgotten = !row?.last_failure_at || Date.parse(row.last_failure_at) < done - policy.forgetAfterMs
          const failures = (forgotten ? 0 : row.failures) + 1
          const lock = lockMs(failures, policy)
          await db
            .updateTable('sign_in_throttle')
            .set({ failures, last_failure_at: iso(done), locked_until: lock > 0 ? iso(done + lock) : null })
            .where('email', '=', key)
            .execute()
          await purge(done)
        },
      }
    },
  }
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>

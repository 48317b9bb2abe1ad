// Password guessing, throttled without locking the owner out (OWASP's authentication cheat
// sheet: lock what the attacker controls, slow what they do not). Counts live in the
// database, so every replica shares them.
//
// - Per (account, client address): the first FREE_FAILURES wrong passwords cost nothing;
//   each further one locks that pair for a time that doubles (30 s, 1 min, … at most
//   15 min). While a pair is locked its sign-ins are answered 429 without checking the
//   password, so the lock cannot be used to test guesses. The same account from another
//   address is not affected: the owner gets in while a stranger keeps guessing.
// - Per account, over every address: past ACCOUNT_SLOW_AFTER failures within the hour
//   (only many addresses get there), password checks for the account from addresses it has
//   never signed in from are slowed to a few a minute; addresses it signed in from in the
//   last 30 days are not slowed. Slowed, never locked.
// - Per address, over every account: the rate limit on the sign-in route (auth.routes.ts).
// A successful sign-in forgets the pair's failures; an hour without one forgets them too.
// One attempt per pair at a time: an attempt claims the pair (a short lock) first, so
// guesses sent in parallel are answered 429 rather than checked side by side.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { take } from '../limits/database-store.js'

export interface ThrottlePolicy {
  /** Wrong passwords per (account, address) that cost nothing. */
  freeFailures: number
  baseLockMs: number
  maxLockMs: number
  /** Failures are forgotten this long after the last one. */
  forgetAfterMs: number
  /** How long one attempt holds the pair (longer than a password check ever takes). */
  claimMs: number
  /** Failures of one account, over all addresses, past which unknown addresses are slowed. */
  accountSlowAfter: number
  /** Password checks a minute for a slowed account, from addresses it never signed in from. */
  accountSlowPerMinute: number
  /** How long an address the account signed in from stays known. */
  knownForMs: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  claimMs: 10_000,
  accountSlowAfter: 50,
  accountSlowPerMinute: 6,
  knownForMs: 30 * 24 * 60 * 60_000,
}

export type Claim =
  | { ok: true; settle: (outcome: 'success' | 'failure' | 'error') => Promise<void> }
  | { ok: false; retryAfterMs: number; reason: 'pair' | 'account' }

/** The key an account is counted under: trimmed and lower-cased, as accounts are stored. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase()

/** How long the nth failure of a pair locks it (0 while failures are still free). */
export function lockMs(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.freeFailures - 1))
}

export function createSignInThrottle(
  db: Kysely<Database>,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  now: () => number = Date.now,
) {
  const iso = (ms: number) => new Date(ms).toISOString()
  let lastPurge = 0

  /** Drops rows whose failures are forgotten, that are not locked and not a known address. */
  async function purge(at: number): Promise<void> {
    if (at - lastPurge < 60_000) return
    lastPurge = at
    await db
      .deleteFrom('sign_in_failures')
      .where((eb) =>
        eb.and([
          eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', iso(at - policy.forgetAfterMs))]),
          eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso(at))]),
          eb.or([eb('known_until', 'is', null), eb('known_until', '<', iso(at))]),
        ]),
      )
      .execute()
  }

  const row = (key: string) => db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst()
  const recent = (failures: number, last: string | null, at: number) =>
    last !== null && Date.parse(last) >= at - policy.forgetAfterMs ? failures : 0

  /** Adds one failure to a row's count (forgotten ones reset it), returning the new count. */
  async function countFailure(key: string, at: number, lockFor?: (failures: number) => number): Promise<number> {
    await db.insertInto('sign_in_failures').values({ key }).onConflict((oc) => oc.column('key').doNothing()).execute()
    const current = await row(key)
    const failures = recent(current?.failures ?? 0, current?.last_failure_at ?? null, at) + 1
    const lock = lockFor?.(failures) ?? 0
    await db
      .updateTable('sign_in_failures')
      .set({ failures, last_failure_at: iso(at), ...(lockFor && { locked_until: lock > 0 ? iso(at + lock) : null }) })
      .where('key', '=', key)
      .execute()
    return failures
  }

  return {
    /**
     * Claims one sign-in attempt for the account from this address, or says how long until
     * one is allowed. The caller must settle a claim with the attempt's outcome.
     */
    async claim(email: string, address: string): Promise<Claim> {
      const account = normaliseEmail(email)
      const pairKey = `pair:${account} ${address}`
      const at = now()
      const claimUntil = iso(at + policy.claimMs)
      await db.insertInto('sign_in_failures').values({ key: pairKey }).onConflict((oc) => oc.column('key').doNothing()).execute()
      const claimed = await db
        .updateTable('sign_in_failures')
        .set({ locked_until: claimUntil })
        .where('key', '=', pairKey)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', iso(at))]))
        .returning('known_until')
        .executeTakeFirst()
      if (!claimed) {
        const pair = await row(pairKey)
        const until = pair?.locked_until ? Date.parse(pair.locked_until) : at + 1000
        return { ok: false, retryAfterMs: Math.max(1000, until - at), reason: 'pair' }
      }
      const release = () =>
        db.updateTable('sign_in_failures').set({ locked_until: null }).where('key', '=', pairKey).where('locked_until', '=', claimUntil).execute()

      const known = claimed.known_until ? Date.parse(claimed.known_until) > at : false
      if (!known) {
        const accountRow = await row(`account:${account}`)
        const failures = recent(accountRow?.failures ?? 0, accountRow?.last_failure_at ?? null, at)
        if (failures >= policy.accountSlowAfter) {
          const slot = await take(db, `sign-in-slow:${account}`, 60_000, policy.accountSlowPerMinute, at)
          if (!slot.allowed) {
            await release()
            return { ok: false, retryAfterMs: Math.max(1000, slot.ttlMs), reason: 'account' }
          }
        }
      }
      return {
        ok: true,
        settle: async (outcome) => {
          const done = now()
          if (outcome === 'error') return void (await release()) // the server failed, not the client
          if (outcome === 'success') {
            await db
              .updateTable('sign_in_failures')
              .set({ failures: 0, last_failure_at: null, locked_until: null, known_until: iso(done + policy.knownForMs) })
              .where('key', '=', pairKey)
              .execute()
            return
          }
          await countFailure(pairKey, done, (failures) => lockMs(failures, policy))
          await countFailure(`account:${account}`, done)
          await purge(done)
        },
      }
    },
  }
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>

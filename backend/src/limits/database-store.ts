// A store for @fastify/rate-limit that keeps its counts in the app's database, so every
// replica shares one allowance (the library's own store is per process: with three
// replicas a client had three times the limit). Each key is a generic cell rate
// algorithm bucket, a token bucket in one number: `tat` is when the bucket would be empty
// again. A request is let through when, after adding its share (window / max), the bucket
// holds at most one window's worth; a refused request changes nothing. So `max` requests
// may come at once, then one per window / max, never 2 × max across a window's edge.
// One statement per request, an upsert that reads and writes the row atomically.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../db/connect.js'
import type { Database } from '../db/database.js'

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

/** Rows idle this long are deleted (every bucket is full again long before). */
const FORGET_AFTER_MS = 60 * 60_000

export interface LimitResult {
  allowed: boolean
  /** How many shares the bucket holds now (max + 1 when refused). */
  current: number
  /** Refused: ms until a request would be let through. Allowed: ms until the bucket is full again. */
  ttlMs: number
}

/** Takes one request's share from `key`'s bucket of `max` per `windowMs`. */
export async function take(db: Kysely<Database>, key: string, windowMs: number, max: number, now = Date.now()): Promise<LimitResult> {
  const interval = windowMs / max
  const num = (value: number) => sql<number>`cast(${value} as double precision)`
  const later = dialectOf(db) === 'postgres' ? sql<number>`greatest(rate_limits.tat, ${num(now)})` : sql<number>`max(rate_limits.tat, ${num(now)})`
  const fits = sql<boolean>`${later} + ${num(interval)} - ${num(now)} <= ${num(windowMs)}`
  const row = await db
    .insertInto('rate_limits')
    .values({ key, tat: now + interval, allowed: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        allowed: sql<number>`case when ${fits} then 1 else 0 end`,
        tat: sql<number>`case when ${fits} then ${later} + ${num(interval)} else rate_limits.tat end`,
      }),
    )
    .returning(['tat', 'allowed'])
    .executeTakeFirstOrThrow()
  const tat = Number(row.tat)
  if (Number(row.allowed) === 1) {
    return { allowed: true, current: Math.max(1, Math.ceil((tat - now) / interval - 1e-9)), ttlMs: Math.max(0, Math.ceil(tat - now)) }
  }
  return { allowed: false, current: max + 1, ttlMs: Math.max(1, Math.ceil(tat + interval - windowMs - now)) }
}

/** Deletes buckets untouched for an hour (all full again); called now and then. */
export async function forgetIdle(db: Kysely<Database>, now = Date.now()): Promise<void> {
  await db.deleteFrom('rate_limits').where('tat', '<', now - FORGET_AFTER_MS).execute()
}

/** The store class @fastify/rate-limit instantiates (its `store` option). */
export function databaseStore(db: Kysely<Database>) {
  let lastForget = 0
  return class DatabaseStore {
    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      const now = Date.now()
      take(db, key, timeWindow, max, now).then(
        (result) => callback(null, { current: result.current, ttl: result.ttlMs }),
        (error: Error) => callback(error),
      )
      if (now - lastForget > 10 * 60_000) {
        lastForget = now
        forgetIdle(db, now).catch(() => {}) // a missed clean-up is retried in ten minutes
      }
    }

    child(): DatabaseStore {
      return this
    }
  }
}

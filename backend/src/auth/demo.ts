// The demo account `npm run seed` creates for local development. The sign-in screen offers
// it with its password, so only an account that seeding made, and marked in app_settings,
// is ever offered; signing up with its email is refused, so nobody can plant one and read
// what visitors type into it.
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

export const DEMO_EMAIL = 'demo@example.com'
/** A known password is the point of a demo account; it exists only where someone seeds it. */
export const DEMO_PASSWORD = 'demo-password'
const MARKER = 'demo_user_id'

/** The seeded demo account's user id, if seeding made one and it still exists. */
export async function seededDemoUser(db: Kysely<Database>): Promise<string | undefined> {
  const row = await (db as unknown as Kysely<any>)
    .selectFrom('app_settings')
    .innerJoin('user', 'user.id', 'app_settings.value')
    .select('user.id as id')
    .where('app_settings.key', '=', MARKER)
    .where('user.email', '=', DEMO_EMAIL)
    .executeTakeFirst()
  return row?.id as string | undefined
}

/** Records that `userId` is the demo account seeding made. */
export async function markDemoUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key: MARKER, value: userId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: userId }))
    .execute()
}

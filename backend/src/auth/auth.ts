import { randomBytes } from 'node:crypto'
import { betterAuth } from 'better-auth'
import { bearer } from 'better-auth/plugins/bearer'
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { dialectOf } from '../db/connect.js'
import type { Database } from '../db/database.js'
import { deleteUserData } from './accounts.js'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth.schema.js'

export const SESSION_TTL_SECONDS = 60 * 60 * 24 * 7

/** The header Better Auth reads the client's address from; set only by forward.ts. */
export const CLIENT_ADDRESS_HEADER = 'x-todo-client-address'

/**
 * AUTH_SECRET when set; otherwise one generated on first start and kept in app_settings,
 * so restarts and every replica sign and verify sessions with the same secret. The insert
 * is a no-op when another process won the race, and everyone reads the winner's value.
 */
export async function resolveAuthSecret(
  db: Kysely<Database>,
  configured: string | undefined,
  log: FastifyBaseLogger,
): Promise<string> {
  if (configured) return configured
  await db
    .insertInto('app_settings')
    .values({ key: 'auth_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', 'auth_secret')
    .executeTakeFirstOrThrow()
  log.warn(
    'AUTH_SECRET is not set: sessions are signed with a secret generated once and stored in the database ' +
      '(shared by every replica and kept across restarts). Set AUTH_SECRET to manage it yourself.',
  )
  return row.value
}

export function createAuth(
  db: Kysely<Database>,
  secret: string,
  log: FastifyBaseLogger,
  /** CORS_ORIGINS: other origins whose pages may sign in (Better Auth checks Origin itself). */
  trustedOrigins: string[] = [],
) {
  return betterAuth({
    appName: 'Todo Chatbot',
    database: { db, type: dialectOf(db) },
    secret,
    // No baseURL: the origin is taken from each request (we serve on localhost, a NodePort,
    // behind any ingress), and Better Auth's CSRF check compares the browser's Origin with
    // that request's own origin. Email + password has no redirects for a host to matter to.
    basePath: '/api/auth',
    trustedOrigins: trustedOrigins.filter((origin) => origin !== '*'),
    logger: {
      log: (level, message, ...args) => {
        // Expected here (see baseURL above), so not worth a warning on every start.
        if (message.includes('Base URL is not set')) return
        // A failed sign-in is routine ("User not found", "Invalid password"): info, not warn.
        log[level === 'warn' ? 'info' : level]({ args }, `auth: ${message}`)
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
    },
    session: { expiresIn: SESSION_TTL_SECONDS, updateAge: 60 * 60 * 24 },
    // POST /api/auth/delete-account (account.routes.ts) goes through Better Auth's own
    // delete-user, which checks the password; the account's tasks and conversations go first.
    user: { deleteUser: { enabled: true, beforeDelete: async (user) => deleteUserData(db, user.id) } },
    // Rate limits are applied per client address by @fastify/rate-limit in auth.routes.ts,
    // which sees the real address behind nginx (trustProxy) and answers in our error shape.
    rateLimit: { enabled: false },
    advanced: {
      // Secure is added per request when it arrived over HTTPS (see auth.routes.ts), so the
      // same build works on http://localhost, a NodePort, and behind a TLS ingress.
      useSecureCookies: false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // The address sessions record: the one the app believes (TRUST_PROXY), set by
      // forward.ts, never an X-Forwarded-For a client wrote.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    telemetry: { enabled: false },
    plugins: [bearer()],
  })
}

export type Auth = ReturnType<typeof createAuth>

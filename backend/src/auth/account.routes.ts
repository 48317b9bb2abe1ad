// Account security for a signed-in user: change the password (every other session is
// signed out), list the sessions, sign one or all others out, delete the account with all
// its data. Each goes through Better Auth's own endpoint; the session list is read here so
// that no session token is ever sent to a client. The shared demo account may do none of it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { ErrorResponse, HttpError } from '../errors.js'
import type { Auth } from './auth.js'
import {
  AccountSessions,
  ChangePasswordBody,
  ChangePasswordResult,
  DeleteAccountBody,
  RevokedSessions,
  SessionIdParams,
  SignOutResult,
} from './auth.schema.js'
import { seededDemoUser } from './demo.js'
import { authForwarder } from './forward.js'
import type { ResolvedSession, SessionResolver } from './session-cache.js'

export interface AccountRoutesOptions {
  auth: Auth
  sessions: SessionResolver
}

/** At most this many sessions per account: signing in past it ends the least recently used. */
export const MAX_SESSIONS = 20

interface SessionRow {
  id: string
  token: string
  createdAt: string | Date
  updatedAt: string | Date
  expiresAt: string | Date
  ipAddress: string | null
  userAgent: string | null
}

const iso = (value: string | Date) => new Date(value).toISOString()

/** The user's live sessions, most recently used first. */
export async function liveSessions(db: Kysely<any>, userId: string): Promise<SessionRow[]> {
  const rows = (await db.selectFrom('session').selectAll().where('userId', '=', userId).execute()) as SessionRow[]
  const now = Date.now()
  return rows
    .filter((row) => new Date(row.expiresAt).getTime() > now)
    .sort((a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime() || (a.id < b.id ? -1 : 1))
}

/** Ends the least recently used sessions beyond MAX_SESSIONS; returns their ids. */
export async function capSessions(db: Kysely<any>, userId: string, keep = MAX_SESSIONS): Promise<string[]> {
  const extra = (await liveSessions(db, userId)).slice(keep).map((row) => row.id)
  if (extra.length > 0) await db.deleteFrom('session').where('id', 'in', extra).execute()
  return extra
}

/** Expires the session cookie in this browser. */
function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === 'https' ? '; Secure' : ''
  reply.header('set-cookie', `better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure}`)
}

export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (app, { auth, sessions }) => {
  const forward = authForwarder(auth)
  const db = app.db as unknown as Kysely<any>
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }

  /** The caller's session; 403 for the shared demo account, whose visitors are strangers. */
  async function owner(request: FastifyRequest): Promise<ResolvedSession> {
    const current = await sessions.require(request)
    if ((await seededDemoUser(app.db)) === current.user.id) {
      throw new HttpError(403, 'DEMO_ACCOUNT', 'The demo account is shared, so its password, sessions and deletion are not yours to change; sign up for your own account')
    }
    return current
  }

  app.post(
    '/change-password',
    { schema: { body: ChangePasswordBody, response: { 200: ChangePasswordResult, ...errors } } },
    async (request, reply) => {
      const current = await owner(request)
      const others = (await liveSessions(db, current.user.id)).filter((row) => row.id !== current.session.id).length
      const { current_password: currentPassword, new_password: newPassword } = request.body
      const data = await forward(request, reply, { currentPassword, newPassword, revokeOtherSessions: true })
      sessions.evictUser(current.user.id)
      return { success: true, revoked_sessions: others, token: data.token as string }
    },
  )

  app.get('/sessions', { schema: { response: { 200: AccountSessions, ...errors } } }, async (request) => {
    const current = await owner(request)
    const rows = await liveSessions(db, current.user.id)
    const items = rows.map((row) => ({
      id: row.id,
      current: row.id === current.session.id,
      created_at: iso(row.createdAt),
      updated_at: iso(row.updatedAt),
      expires_at: iso(row.expiresAt),
      ip_address: row.ipAddress,
      user_agent: row.userAgent,
    }))
    return { items: [...items.filter((s) => s.current), ...items.filter((s) => !s.current)] }
  })

  app.delete(
    '/sessions/:id',
    { schema: { params: SessionIdParams, response: { 200: SignOutResult, ...errors } } },
    async (request, reply) => {
      const current = await owner(request)
      const row = (await liveSessions(db, current.user.id)).find((s) => s.id === request.params.id)
      if (!row) throw new HttpError(404, 'SESSION_NOT_FOUND', 'No such session of this account (it may have ended already)')
      await forward(request, reply, { token: row.token }, '/api/auth/revoke-session')
      sessions.evict(current.user.id, row.id)
      if (row.id === current.session.id) clearSessionCookie(request, reply)
      return { success: true }
    },
  )

  app.post(
    '/sessions/revoke-others',
    { schema: { response: { 200: RevokedSessions, ...errors } } },
    async (request, reply) => {
      const current = await owner(request)
      const others = (await liveSessions(db, current.user.id)).filter((row) => row.id !== current.session.id)
      await forward(request, reply, {}, '/api/auth/revoke-other-sessions')
      sessions.evict(current.user.id, ...others.map((row) => row.id))
      return { revoked: others.length }
    },
  )

  app.post(
    '/delete-account',
    { schema: { body: DeleteAccountBody, response: { 200: SignOutResult, ...errors } } },
    async (request, reply) => {
      const current = await owner(request)
      await forward(request, reply, { password: request.body.password }, '/api/auth/delete-user')
      sessions.evictUser(current.user.id)
      clearSessionCookie(request, reply)
      return { success: true }
    },
  )
}

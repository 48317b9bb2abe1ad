import { Type, type Static } from 'typebox'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../limits.schema.js'
import { PlainString } from '../text.schema.js'

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH }

const Email = Type.String({ format: 'email', maxLength: 254 })
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })

export const SignUpBody = Type.Object(
  { email: Email, password: Password, name: Type.Optional(PlainString({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
)

export const SignInBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
)

export const User = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() })
export type User = Static<typeof User>

/** `token` works as `Authorization: Bearer <token>`; browsers use the cookie instead. */
export const AuthResult = Type.Object({ user: User, token: Type.String() })
export type AuthResult = Static<typeof AuthResult>

/** A query, not a check: signed out is an answer (nulls), not an error. */
export const SessionResult = Type.Object({
  user: Type.Union([User, Type.Null()]),
  session: Type.Union([Type.Object({ expires_at: Type.String() }), Type.Null()]),
})
export type SessionResult = Static<typeof SessionResult>

export const SignOutResult = Type.Object({ success: Type.Boolean() })

export const DemoAccount = Type.Union([
  Type.Object({ available: Type.Literal(true), email: Type.String(), password: Type.String() }),
  Type.Object({ available: Type.Literal(false) }),
])
export type DemoAccount = Static<typeof DemoAccount>

const CurrentPassword = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH })

export const ChangePasswordBody = Type.Object(
  { current_password: CurrentPassword, new_password: Password },
  { additionalProperties: false },
)

/** Every other session of the account is signed out; `token` is this client's new one. */
export const ChangePasswordResult = Type.Object({ success: Type.Boolean(), revoked_sessions: Type.Integer(), token: Type.String() })
export type ChangePasswordResult = Static<typeof ChangePasswordResult>

export const AccountSession = Type.Object({
  id: Type.String(),
  /** The session this request was made with. */
  current: Type.Boolean(),
  created_at: Type.String(),
  /** When it was last used (extended), to the day: sessions are extended once a day. */
  updated_at: Type.String(),
  expires_at: Type.String(),
  ip_address: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
})
export type AccountSession = Static<typeof AccountSession>

export const AccountSessions = Type.Object({ items: Type.Array(AccountSession) })
export type AccountSessions = Static<typeof AccountSessions>

export const SessionIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })

export const RevokedSessions = Type.Object({ revoked: Type.Integer() })

export const DeleteAccountBody = Type.Object({ password: CurrentPassword }, { additionalProperties: false })

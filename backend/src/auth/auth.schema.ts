import { Type, type Static } from 'typebox'
import { PlainString } from '../text.schema.js'

export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 128

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

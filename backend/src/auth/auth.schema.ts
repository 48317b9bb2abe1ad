import { Type } from 'typebox'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth.js'

const Email = Type.String({ format: 'email', maxLength: 254 })
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })

export const SignUpBody = Type.Object(
  { email: Email, password: Password, name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
)

export const SignInBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
)

export const User = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() })

/** `token` works as `Authorization: Bearer <token>`; browsers use the cookie instead. */
export const AuthResult = Type.Object({ user: User, token: Type.String() })

export const SessionResult = Type.Object({
  user: User,
  session: Type.Object({ expires_at: Type.String() }),
})

export const SignOutResult = Type.Object({ success: Type.Boolean() })

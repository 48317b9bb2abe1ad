import { Type, type Static } from 'typebox'

/** The one error body the API ever sends: `{ error: { code, message } }` (+ `field` for 400s). */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  }),
})
export type ErrorBody = Static<typeof ErrorResponse>

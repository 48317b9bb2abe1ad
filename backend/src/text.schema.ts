// Text a person types: anything but control characters other than tab, line feed and
// carriage return. A NUL is refused by PostgreSQL inside any text value, and none of
// them can be typed on a keyboard or shown on the board, so a 400 says so instead of the
// database failing (or a title silently losing a character).
import { Type, type TStringOptions } from 'typebox'

export const PLAIN_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$'

export const PlainString = (options: TStringOptions = {}) => Type.String({ ...options, pattern: PLAIN_TEXT_PATTERN })

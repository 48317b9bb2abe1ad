// What a failed request says to the person using the app: one table from the API's error
// codes (docs/api.md) and HTTP statuses to plain words. The server's messages also serve
// scripts and developers (field paths, headers, settings), so they pass through only for the
// codes whose message is written for people. lib/api.ts loads this module on the first
// failure.
import { DESCRIPTION_MAX_LENGTH, MAX_PASSWORD_LENGTH, MESSAGE_MAX_LENGTH, MIN_PASSWORD_LENGTH, TITLE_MAX_LENGTH } from '@contract/limits'
import { UNREACHABLE } from './unreachable'

export { UNREACHABLE }
const OUR_SIDE = 'Something went wrong on our side. Try again in a moment.'
const ASSISTANT = 'The assistant is not available right now. Your tasks are fine; try again later.'

/** Codes whose server message already speaks to the user. */
const OWN_WORDS = new Set(['EMAIL_TAKEN', 'EMAIL_RESERVED', 'INVALID_CREDENTIALS', 'WRONG_PASSWORD', 'DEMO_ACCOUNT', 'QUOTA_EXCEEDED', 'SESSION_NOT_FOUND'])

const WORDS: Record<string, string> = {
  UNAUTHORIZED: 'You are signed out. Sign in again to go on.',
  NOT_FOUND: 'That is not here any more; it may have been deleted elsewhere.',
  INVALID_CURSOR: 'The list changed meanwhile. Reload the page to see it.',
  STORAGE_FULL: 'The server is out of space, so this was not saved. Try again later.',
  DATABASE_BUSY: 'The server is busy, so this was not saved. Try again.',
  PAYLOAD_TOO_LARGE: 'That is too long to send in one go.',
  CROSS_ORIGIN_REFUSED: 'This page may not change your tasks. Reload it and try again.',
}

const count = (n: number) => n.toLocaleString('en')

/** What to fix in a field the server refused, by its name; `long`: it was over its limit. */
const FIELDS: Record<string, (long: boolean) => string> = {
  title: (long) => (long ? `Titles can be up to ${count(TITLE_MAX_LENGTH)} characters.` : 'Give the task a title in plain text.'),
  description: (long) => (long ? `Descriptions can be up to ${count(DESCRIPTION_MAX_LENGTH)} characters.` : 'Write the description in plain text.'),
  message: (long) => (long ? `Messages can be up to ${count(MESSAGE_MAX_LENGTH)} characters.` : 'Type a message for the assistant.'),
  email: () => 'Enter an email address like you@example.com.',
  password: () => `Passwords need ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
  due_date: () => 'Pick the due date from the calendar.',
  q: () => 'Searches can be up to 200 characters.',
}

function invalid(message = '', field = ''): string {
  const name = field.split('.').at(-1)!.replace(/^(new|current)_/, '')
  const say = FIELDS[name]
  return say ? say(message.includes('more than')) : 'Something entered here is not accepted. Check it and try again.'
}

/** The words for a failure; `status` 0 is no answer at all (offline, or the connection dropped). */
export function userMessage(status: number, code = '', message?: string, field?: string, retryAfter?: number): string {
  if (message && OWN_WORDS.has(code)) return message
  if (code === 'RATE_LIMITED' || status === 429) return `That was a lot at once. Try again in ${retryAfter ? `${retryAfter} seconds` : 'a minute'}.`
  if (code.startsWith('AI_')) return ASSISTANT
  if (code === 'VALIDATION_ERROR') return invalid(message, field)
  if (WORDS[code]) return WORDS[code]
  if (status === 0 || status === 408 || status === 502 || status === 503 || status === 504) return UNREACHABLE
  return status >= 500 ? OUR_SIDE : 'That did not work. Reload the page and try again.'
}

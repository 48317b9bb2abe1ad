import { describe, expect, it } from 'vitest'
import { userMessage, UNREACHABLE } from './messages'

// Words no one using the board should meet: variable names and protocol terms.
const DEVELOPER_WORDS = /OPENAI|Bearer|cookie|JSON|must NOT|header|\b[45]\d\d\b|[A-Z]+_[A-Z_]+/

describe('userMessage', () => {
  it('says the server cannot be reached, and that nothing was lost, for a proxy’s 502, 503 and 504 and for no answer at all', () => {
    for (const status of [0, 502, 503, 504]) {
      expect(userMessage(status, undefined, undefined)).toBe(UNREACHABLE)
      expect(userMessage(status, undefined, undefined)).not.toMatch(/had a problem/)
    }
    expect(UNREACHABLE).toMatch(/cannot be reached.*nothing was lost/i)
  })

  it('states the limit of a field that is too long instead of the schema’s words', () => {
    expect(userMessage(400, 'VALIDATION_ERROR', 'title must NOT have more than 200 characters', 'title')).toBe('Titles can be up to 200 characters.')
    expect(userMessage(400, 'VALIDATION_ERROR', 'description must NOT have more than 2000 characters', 'description')).toBe('Descriptions can be up to 2,000 characters.')
  })

  it('says what to fix in a refused field, by its name, in plain words', () => {
    expect(userMessage(400, 'VALIDATION_ERROR', 'email must match format "email"', 'email')).toBe('Enter an email address like you@example.com.')
    expect(userMessage(400, 'VALIDATION_ERROR', 'new_password must NOT have fewer than 8 characters', 'new_password')).toBe('Passwords need 8 to 128 characters.')
    expect(userMessage(400, 'VALIDATION_ERROR', 'title must NOT have fewer than 1 characters', 'title')).toBe('Give the task a title in plain text.')
    expect(userMessage(400, 'VALIDATION_ERROR', 'body/items/0/title must be string', 'items.0.title')).toBe('Give the task a title in plain text.')
  })

  it('keeps the words the server wrote for people (a taken email, a full account, a wrong password)', () => {
    const taken = 'An account with this email already exists; sign in instead'
    expect(userMessage(409, 'EMAIL_TAKEN', taken)).toBe(taken)
    expect(userMessage(403, 'QUOTA_EXCEEDED', 'An account can have at most 5,000 tasks')).toBe('An account can have at most 5,000 tasks')
  })

  it('says when to try again after too many requests, in seconds', () => {
    expect(userMessage(429, 'RATE_LIMITED', 'Too many changes in a minute; try again in 42 s', undefined, 42)).toBe('That was a lot at once. Try again in 42 seconds.')
    expect(userMessage(429, undefined, undefined)).toBe('That was a lot at once. Try again in a minute.')
  })

  it('never passes on a developer’s message: every code the API sends, and unknown ones, read as plain words', () => {
    const codes = [
      ['UNAUTHORIZED', 401, 'Sign in first: send the session cookie or Authorization: Bearer <token>'],
      ['AI_AUTH', 502, 'The AI service rejected the API key. Check OPENAI_API_KEY.'],
      ['AI_MODEL', 502, 'The AI service does not offer the model "x". Check OPENAI_MODEL.'],
      ['AI_UNREACHABLE', 503, 'check OPENAI_BASE_URL and the network.'],
      ['AI_TIMEOUT', 504, 'x'], ['AI_RATE_LIMITED', 429, 'x'], ['AI_BAD_RESPONSE', 502, 'x'], ['AI_REJECTED', 502, 'x'], ['AI_UNAVAILABLE', 503, 'x'],
      ['INVALID_JSON', 400, 'The request body is not valid JSON'],
      ['UNSUPPORTED_MEDIA_TYPE', 415, 'Send the request body as JSON with Content-Type: application/json'],
      ['PAYLOAD_TOO_LARGE', 413, 'The request body is larger than 1 MiB'],
      ['HEADERS_TOO_LARGE', 431, 'The request headers are larger than 16 KiB'],
      ['REQUEST_TIMEOUT', 408, 'x'], ['BAD_HOST', 400, 'The Host (or X-Forwarded-Host) header must be'], ['BAD_PROTOCOL', 400, 'X-Forwarded-Proto must be'],
      ['CROSS_ORIGIN_REFUSED', 403, 'Requests from another site'], ['INVALID_CURSOR', 400, 'cursor'], ['NOT_FOUND', 404, 'Route GET /api/x not found'],
      ['STORAGE_FULL', 507, 'x'], ['DATABASE_BUSY', 503, 'x'], ['DATABASE_UNAVAILABLE', 503, 'x'], ['DRAINING', 503, 'x'], ['INTERNAL', 500, 'Internal Server Error'],
      ['API_UNAVAILABLE', 503, 'The API is not reachable right now'], ['API_TIMEOUT', 504, 'The API did not answer in time'], ['TOO_MANY_REQUESTS', 429, 'Too many requests with a body in progress'],
      ['URI_TOO_LONG', 414, 'The request URI is too long'], ['METHOD_NOT_ALLOWED', 405, 'This path takes only GET and HEAD'],
      ['VALIDATION_ERROR', 400, 'body/x must NOT have additional properties'], ['BAD_REQUEST', 400, 'x'], ['SOMETHING_NEW', 418, 'x'], ['HTTP_ERROR', 400, undefined],
    ] as const
    for (const [code, status, message] of codes) {
      const words = userMessage(status, code, message)
      expect(words, code).not.toMatch(DEVELOPER_WORDS)
      expect(words, code).not.toBe(message)
    }
  })
})

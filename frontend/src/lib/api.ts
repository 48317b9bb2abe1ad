// The only module that talks to the backend. Always same-origin /api: nginx (containers)
// or Vite's proxy (dev) forwards it. Every failure becomes an ApiError with a message a
// person can read (lib/messages.ts).
import type { EventSourceMessage } from 'eventsource-parser/stream'
import type {
  ChatInfo,
  Message,
  ChatResponse,
  Conversation,
  QuickAdd,
  TaskCounts,
  TaskCreate,
  Task,
  TaskListQuery,
  TaskPage,
  TaskPatch,
  TrashEmptied,
  ToolCallRecord,
  User,
  AccountSession,
  ChangePasswordResult,
} from '@contract'
import { UNREACHABLE } from './unreachable'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds to wait before trying again, from a 429's Retry-After. */
    readonly retryAfter?: number,
    /** A 409 EDIT_CONFLICT's task as the server now has it. */
    readonly current?: Task,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

const OFFLINE = UNREACHABLE

/**
 * The words for a failure (lib/messages.ts), loaded on the first one: the table has no place
 * in the first paint's budget (test/e2e/app.test.ts). When even it cannot load, the server
 * cannot be reached.
 */
const words = () => import('./messages').then((m) => m.userMessage, () => () => UNREACHABLE)

/**
 * Called when a request answers 401 because the session ended (expired, signed out
 * elsewhere): resolves true once the user signed in again, and the request is sent again,
 * so what they were doing goes through; false sends them to the sign-in screen. Requests
 * that meet a 401 together wait for one answer.
 */
let onUnauthorized: () => Promise<boolean> = async () => false
let reauthenticating: Promise<boolean> | undefined
export function setUnauthorizedHandler(handler: () => Promise<boolean>): void {
  onUnauthorized = handler
}
function reauthenticate(): Promise<boolean> {
  reauthenticating ??= onUnauthorized().finally(() => (reauthenticating = undefined))
  return reauthenticating
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; field?: string; task?: Task } } | undefined
  try {
    body = await res.json()
  } catch {
    // not JSON: a proxy's error page
  }
  const error = body?.error
  const wait = Number(res.headers.get('retry-after'))
  const retryAfter = res.status === 429 && wait > 0 ? wait : undefined
  const code = error?.code ?? (res.status === 429 ? 'RATE_LIMITED' : 'HTTP_ERROR')
  return new ApiError(res.status, code, (await words())(res.status, code, error?.message, error?.field, retryAfter), error?.field, retryAfter, error?.task)
}

/**
 * The account this page was opened for, named on every request: when another tab signs a
 * different account in, the server refuses this page's requests (412 ACCOUNT_CHANGED)
 * instead of acting on the other account, and the page reloads as the account signed in.
 */
let expectedUser = ''
let onAccountChanged: () => void = () => {}
export function setExpectedUser(userId: string, changed: () => void): void {
  expectedUser = userId
  onAccountChanged = changed
}
/** The same, for the event stream's URL (EventSource cannot set headers). */
export const expectedUserQuery = () => (expectedUser ? `expected_user=${encodeURIComponent(expectedUser)}` : '')

async function send(method: string, path: string, body?: unknown, accept = 'application/json', headers: Record<string, string> = {}): Promise<Response> {
  let res: Response
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(expectedUser && !path.startsWith('/auth/') && { 'x-expected-user': expectedUser }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  } catch {
    throw new ApiError(0, 'OFFLINE', OFFLINE)
  }
  if (res.ok) return res
  const error = await errorFrom(res)
  if (error.code === 'ACCOUNT_CHANGED') onAccountChanged()
  // The session ended under a request: sign in again, then send it again. Not for signing
  // in, up or out, nor for the session check, which answer for themselves.
  if (error.code === 'UNAUTHORIZED' && !/^\/auth\/(sign-|get-session|demo)/.test(path) && (await reauthenticate())) {
    return send(method, path, body, accept, headers)
  }
  throw error
}

async function json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await send(method, path, body, 'application/json', headers)
  return (res.status === 204 ? undefined : await res.json()) as T
}

/** Whether the session still holds; a lost one asks the user to sign in again (see above). */
export const checkSession = () => countTasks('').then(() => true)

// Accounts

/** The signed-in user, or null when signed out. */
export const getSession = () => json<{ user: User | null }>('GET', '/auth/get-session').then((r) => r.user)

export const signUp = (email: string, password: string, name?: string) =>
  json<{ user: User }>('POST', '/auth/sign-up/email', { email, password, ...(name && { name }) }).then((r) => r.user)

export const signIn = (email: string, password: string) =>
  json<{ user: User }>('POST', '/auth/sign-in/email', { email, password }).then((r) => r.user)

export const signOut = () => json<unknown>('POST', '/auth/sign-out', {})

/** The demo account's credentials when the database was seeded, else null. */
export async function getDemoAccount(): Promise<{ email: string; password: string } | null> {
  try {
    const demo = await json<{ available: boolean; email?: string; password?: string }>('GET', '/auth/demo')
    return demo.available ? { email: demo.email!, password: demo.password! } : null
  } catch {
    return null // only a hint: never worth an error
  }
}

// Account security

export type { AccountSession }

/** Signs every other session out; resolves with how many that was. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  json<ChangePasswordResult>('POST', '/auth/change-password', {
    current_password: currentPassword,
    new_password: newPassword,
  }).then((r) => r.revoked_sessions)

/** The current session first, then the most recently used. */
export const listSessions = () => json<{ items: AccountSession[] }>('GET', '/auth/sessions').then((r) => r.items)
export const revokeSession = (id: string) => json<{ success: boolean }>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`)
/** Resolves with how many sessions were signed out. */
export const revokeOtherSessions = () => json<{ revoked: number }>('POST', '/auth/sessions/revoke-others', {}).then((r) => r.revoked)
/** Deletes the account with all its tasks and conversations; the server clears the cookie. */
export const deleteAccount = (password: string) => json<{ success: boolean }>('POST', '/auth/delete-account', { password })

// Tasks

/** One page of a view of the user's tasks: the server filters, searches, sorts and pages. */
export function listTasks(query: TaskListQuery): Promise<TaskPage> {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value))
  return json<TaskPage>('GET', `/tasks?${params}`)
}

/** How many tasks each view holds, with the search applied. */
export const countTasks = (q: string) => json<TaskCounts>('GET', `/tasks/counts${q ? `?q=${encodeURIComponent(q)}` : ''}`)

/**
 * "pay rent friday !high" read as a new task, with dates counted from the browser's today;
 * `off` lists the markers the user switched off (indexes in the answer's `markers`).
 */
export function parseTask(text: string, today: string, off: number[] = []): Promise<QuickAdd> {
  const params = new URLSearchParams({ text, today })
  if (off.length > 0) params.set('off', off.join(','))
  return json<QuickAdd>('GET', `/tasks/parse?${params}`)
}

/** `key` makes sending it again harmless: the server answers with the task the first send made. */
export const createTask = (task: TaskCreate, key?: string) => json<Task>('POST', '/tasks', task, key ? { 'idempotency-key': key } : {})
/** With `version`, a task changed elsewhere since is not overwritten: 409 EDIT_CONFLICT with `current`. */
export const updateTask = (number: number, patch: TaskPatch, version?: number) =>
  json<Task>('PATCH', `/tasks/${number}`, patch, version === undefined ? {} : { 'if-match': `"${version}"` })
/** Moves the task to the trash on the server at once; restoreTask brings it back. */
export const deleteTask = (number: number) => json<Task>('DELETE', `/tasks/${number}`)
export const restoreTask = (number: number) => json<Task>('POST', `/tasks/${number}/restore`)
/** Removes a task that is in the trash for good (404 when it is not there). */
export const deleteForever = (number: number) => json<void>('DELETE', `/trash/${number}`)
/** Removes everything in the trash for good; resolves with how many tasks that was. */
/** With `deletedUpTo`, only tasks trashed at or before it (what the confirmation counted). */
export const emptyTrash = (deletedUpTo?: string) =>
  json<TrashEmptied>('DELETE', deletedUpTo ? `/trash?deleted_up_to=${encodeURIComponent(deletedUpTo)}` : '/trash').then((r) => r.deleted)

// Chat

export const getChatInfo = () => json<ChatInfo>('GET', '/chat/info')
export const listConversations = () => json<{ items: Conversation[] }>('GET', '/conversations').then((r) => r.items)
export const listMessages = (id: number) =>
  json<{ items: Message[] }>('GET', `/conversations/${id}/messages`).then((r) => r.items)
export const deleteConversation = (id: number) => json<void>('DELETE', `/conversations/${id}`)

export interface ChatHandlers {
  onStart?: (ids: { conversation_id: number; user_message_id: number }) => void
  onDelta?: (text: string) => void
  onTool?: (call: ToolCallRecord) => void
}

/**
 * One chat turn, streamed as server-sent events; resolves with the whole reply. The event
 * parser is fetched with the first message, beside the request, not with the page: the
 * first paint's JavaScript has a budget (test/e2e/app.test.ts).
 */
export async function sendChat(
  message: string,
  conversationId: number | undefined,
  handlers: ChatHandlers = {},
): Promise<ChatResponse> {
  const parser = import('eventsource-parser/stream')
  parser.catch(() => {}) // a failed request below is the error to report
  const res = await send(
    'POST',
    '/chat',
    // The browser's time zone: "today", "tonight" and "this weekend" mean the user's own.
    { message, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(conversationId !== undefined && { conversation_id: conversationId }) },
    'text/event-stream',
  )
  if (!res.body) throw new ApiError(0, 'OFFLINE', OFFLINE)
  const { EventSourceParserStream } = await parser.catch(() => {
    throw new ApiError(0, 'OFFLINE', OFFLINE)
  })
  const dropped = () => new ApiError(0, 'OFFLINE', 'The connection dropped before the reply finished.')
  const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader()
  for (;;) {
    let next: ReadableStreamReadResult<EventSourceMessage>
    try {
      next = await events.read()
    } catch {
      throw dropped()
    }
    if (next.done) break
    const { event, data: text } = next.value
    const data = JSON.parse(text || 'null')
    if (event === 'start') handlers.onStart?.(data)
    else if (event === 'delta') handlers.onDelta?.(data.text)
    else if (event === 'tool') handlers.onTool?.(data)
    else if (event === 'done') return data as ChatResponse
    else if (event === 'error') throw new ApiError(data.error.status, data.error.code, (await words())(data.error.status, data.error.code, data.error.message))
  }
  throw dropped()
}

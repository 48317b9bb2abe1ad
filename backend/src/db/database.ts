import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * Columns use only types that SQLite and PostgreSQL both accept: booleans are stored as
 * integers 0/1 (better-sqlite3 cannot bind a JS boolean), timestamps as ISO-8601 text
 * written by the application, dates as `YYYY-MM-DD` text. Rows are mapped to the API's
 * JSON in one place per feature (see tasks/tasks.repository.ts).
 */
export interface TasksTable {
  /** The row's key, internal: the API calls a task by its per-user `number`. */
  id: Generated<number>
  user_id: string
  /** 1, 2, 3… per user, from task_numbers; never reused. */
  number: number
  title: string
  description: string | null
  completed: ColumnType<number, number | undefined, number>
  priority: 'low' | 'medium' | 'high'
  due_date: string | null
  created_at: string
  updated_at: string
  /** When the task went to the trash (ISO-8601); null while it is live. */
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>
  /** When the task was completed (ISO-8601); null while open or when not recorded. */
  completed_at: ColumnType<string | null, string | null | undefined, string | null>
  /** 1 at insert, one more at every write to the row (If-Match, live changes). */
  version: ColumnType<number, number | undefined, number>
}

/** The last task number handed out per user: numbers only grow, so none is reused. */
export interface TaskNumbersTable {
  user_id: string
  last_number: number
  /** The user's latest change's seq in task_changes (written by the tasks triggers). */
  last_seq: ColumnType<number, number | undefined, number>
}

/** One change to a task (insert, update, delete), written by triggers on tasks; kept 24 h. */
export interface TaskChangesTable {
  /** Global and growing: what SQLite replicas poll. */
  id: Generated<number>
  user_id: string
  /** 1, 2, 3… per user, in commit order: the event stream's id. */
  seq: number
  number: number
  created_at: string
}

/** A create's Idempotency-Key and the task it answered (JSON text), per user; kept 24 h. */
export interface IdempotencyKeysTable {
  user_id: string
  key: string
  created_at: string
  /** null only while the create that claimed the key is still running. */
  response: string | null
}

export interface ConversationsTable {
  id: Generated<number>
  user_id: string
  title: string | null
  /** JSON text: what the assistant keeps between turns (tasks listed last, a question asked). */
  context: string | null
  created_at: string
  updated_at: string
}

export type MessageRole = 'user' | 'assistant' | 'tool'

export interface MessagesTable {
  id: Generated<number>
  conversation_id: number
  user_id: string
  role: MessageRole
  content: string
  /** JSON text: [{ id, name, arguments, result }] for an assistant turn that used tools. */
  tool_calls: string | null
  created_at: string
}

/** Small key/value settings shared by every replica (e.g. the generated auth secret). */
export interface AppSettingsTable {
  key: string
  value: string
}

/** Failed sign-ins per account (auth/sign-in-throttle.ts). Times are ISO-8601 text. */
export interface RateLimitsTable {
  key: string
  /** Epoch ms: when the bucket will next be empty (generic cell rate algorithm). */
  tat: number
  /** 1 when the last request was let through. */
  allowed: number
}

/** Failed sign-ins per "pair:<email> <address>" and per "account:<email>". */
export interface SignInFailuresTable {
  key: string
  failures: ColumnType<number, number | undefined, number>
  last_failure_at: ColumnType<string | null, string | null | undefined, string | null>
  locked_until: ColumnType<string | null, string | null | undefined, string | null>
  /** A pair the account signed in from, remembered until then. */
  known_until: ColumnType<string | null, string | null | undefined, string | null>
}

// Better Auth's own tables (user, session, account, verification) are read and written
// only through Better Auth; tests reach them with Kysely<any>.
export interface Database {
  tasks: TasksTable
  task_numbers: TaskNumbersTable
  task_changes: TaskChangesTable
  idempotency_keys: IdempotencyKeysTable
  conversations: ConversationsTable
  messages: MessagesTable
  app_settings: AppSettingsTable
  rate_limits: RateLimitsTable
  sign_in_failures: SignInFailuresTable
}

export type TaskRow = Selectable<TasksTable>
export type NewTaskRow = Insertable<TasksTable>
export type TaskRowUpdate = Updateable<TasksTable>
export type ConversationRow = Selectable<ConversationsTable>
export type MessageRow = Selectable<MessagesTable>

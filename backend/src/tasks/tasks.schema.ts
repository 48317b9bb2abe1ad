import { Type, type Static } from 'typebox'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../limits.schema.js'
import { PlainString } from '../text.schema.js'

export const Priority = Type.Enum(['low', 'medium', 'high'])
export type Priority = Static<typeof Priority>

/** Which tasks a list shows: live ones (all, open, done) or the trash. */
export const TaskStatus = Type.Enum(['all', 'pending', 'completed', 'deleted'])
export type TaskStatus = Static<typeof TaskStatus>

/** The order of a list; open tasks always come before completed ones. */
export const TaskSort = Type.Enum(['created', 'due', 'priority'], {
  description: 'created: newest first; due: soonest first, no date last; priority: high first',
})
export type TaskSort = Static<typeof TaskSort>

/**
 * Trims title and description in place before a schema checks their lengths, so the
 * limits below are the lengths after trimming (REST bodies and the assistant's tool calls).
 */
export function trimTextFields(body: unknown): void {
  if (typeof body !== 'object' || body === null) return
  const fields = body as Record<string, unknown>
  for (const key of ['title', 'description']) {
    if (typeof fields[key] === 'string') fields[key] = fields[key].trim()
  }
}

export const Title = PlainString({ minLength: 1, maxLength: TITLE_MAX_LENGTH })
export const Description = Type.Union([PlainString({ maxLength: DESCRIPTION_MAX_LENGTH }), Type.Null()])
export const DueDate = Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'YYYY-MM-DD, or null for none' })

/** A task's number: 1, 2, 3… for each user, never reused. What people call a task. */
export const TaskNumber = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The task number, 1, 2, 3… per user' })

/** The fields a person (or the assistant) edits, each optional: one definition for REST and tools. */
export const EditableFields = {
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  priority: Type.Optional(Priority),
  due_date: Type.Optional(DueDate),
}

export const Task = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  completed: Type.Boolean(),
  priority: Priority,
  due_date: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
  /** When it went to the trash; null for a live task. */
  deleted_at: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer({
    minimum: 1,
    description: 'Starts at 1; every write to the task (edit, complete, reopen, delete, restore) adds 1. Also its ETag.',
  }),
})
export type Task = Static<typeof Task>

/** PATCH's precondition: the version the client last saw, as an ETag ("3") or bare (3). */
export const TaskWriteHeaders = Type.Object({
  'if-match': Type.Optional(
    // At most 9 digits: every such number fits PostgreSQL's integer column (a larger one
    // would fail the query with 22003), and no task is written a billion times.
    Type.String({
      pattern: '^("[0-9]{1,9}"|[0-9]{1,9})$',
      description: 'The task\'s version as its ETag ("3"), at most 9 digits; a stale one is answered 409',
    }),
  ),
})
export type TaskWriteHeaders = Static<typeof TaskWriteHeaders>

/** POST's Idempotency-Key: a retried create with the same key answers the first one's task. */
export const TaskCreateHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[ -~]{1,100}$',
      description: '1–100 printable ASCII characters; the same key within 24 h returns the task the first request created',
    }),
  ),
})
export type TaskCreateHeaders = Static<typeof TaskCreateHeaders>

/** 409 to a PATCH whose If-Match is stale: nothing was written; `task` is how it is now. */
export const EditConflictResponse = Type.Object({
  error: Type.Object({
    code: Type.Literal('EDIT_CONFLICT'),
    message: Type.String(),
    task: Task,
  }),
})
export type EditConflictResponse = Static<typeof EditConflictResponse>

export const TaskCreate = Type.Object(
  { ...EditableFields, title: Title, completed: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)
export type TaskCreate = Static<typeof TaskCreate>

export const TaskPatch = Type.Object(
  { ...EditableFields, completed: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
)
export type TaskPatch = Static<typeof TaskPatch>

export const TaskParams = Type.Object({ number: TaskNumber })

/** The text search: words of a title or description, case-insensitive. */
export const SearchText = Type.String({ maxLength: 200 })

export const TaskListQuery = Type.Object(
  {
    status: Type.Optional(TaskStatus),
    q: Type.Optional(SearchText),
    sort: Type.Optional(TaskSort),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    /** Opaque: the next_cursor of the previous page. */
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,300}$' })),
  },
  { additionalProperties: false },
)
export type TaskListQuery = Static<typeof TaskListQuery>

export const TaskPage = Type.Object({
  items: Type.Array(Task),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
})
export type TaskPage = Static<typeof TaskPage>

export const TaskCountsQuery = Type.Object({ q: Type.Optional(SearchText) }, { additionalProperties: false })
export type TaskCountsQuery = Static<typeof TaskCountsQuery>

/** How many tasks each view holds (with the search applied, when given). */
export const TaskCounts = Type.Object({
  all: Type.Integer(),
  pending: Type.Integer(),
  completed: Type.Integer(),
  deleted: Type.Integer(),
})
export type TaskCounts = Static<typeof TaskCounts>

export const QuickAddQuery = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 400, description: 'What the user typed, e.g. "pay rent friday !high"' }),
    today: Type.Optional(Type.String({ format: 'date', description: "The user's today (YYYY-MM-DD); relative dates count from it" })),
    off: Type.Optional(
      Type.String({
        maxLength: 40,
        pattern: '^[0-9]{1,2}(,[0-9]{1,2})*$',
        description: 'Markers the user switched off (their indexes in `markers`, comma-separated): their words stay in the title',
      }),
    ),
  },
  { additionalProperties: false },
)
export type QuickAddQuery = Static<typeof QuickAddQuery>

/**
 * Words of a typed line that quick add reads as a field instead of keeping them in the title:
 * a date phrase at the end ("… friday", "… by dec 24") or a priority marker ("!high").
 * `start`/`end` index the typed text (UTF-16, end exclusive); `on` is false when switched off.
 */
export const QuickAddMarker = Type.Object({
  kind: Type.Enum(['due', 'priority']),
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 0 }),
  text: Type.String(),
  value: Type.String({ description: 'The date (YYYY-MM-DD) or the priority it reads' }),
  on: Type.Boolean(),
  kept: Type.Optional(
    Type.Boolean({ description: 'The words stay in the title even when on (a date said with a time of day, "friday at 3pm")' }),
  ),
})
export type QuickAddMarker = Static<typeof QuickAddMarker>

/**
 * A typed line read as a new task: what POST /api/tasks would be sent (`title`, `priority`,
 * `due_date`, from the markers that are on) and the markers themselves, for the preview.
 * Every typed word is in `title` or in the text of a marker that is on.
 */
export const QuickAdd = Type.Object({
  title: Type.String(),
  priority: Type.Optional(Priority),
  due_date: Type.Optional(Type.String({ format: 'date' })),
  markers: Type.Array(QuickAddMarker),
})
export type QuickAdd = Static<typeof QuickAdd>

import { Type, type Static } from 'typebox'

export const Priority = Type.Enum(['low', 'medium', 'high'])
export type Priority = Static<typeof Priority>

export const TaskStatus = Type.Enum(['all', 'pending', 'completed'])
export type TaskStatus = Static<typeof TaskStatus>

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

export const Title = Type.String({ minLength: 1, maxLength: 200 })
export const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])
export const DueDate = Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'YYYY-MM-DD, or null for none' })

/** The fields a person (or the assistant) edits, each optional: one definition for REST and tools. */
export const EditableFields = {
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  priority: Type.Optional(Priority),
  due_date: Type.Optional(DueDate),
}

export const Task = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  completed: Type.Boolean(),
  priority: Priority,
  due_date: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
})
export type Task = Static<typeof Task>

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

export const TaskParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

export const TaskListQuery = Type.Object(
  {
    status: Type.Optional(TaskStatus),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$' })),
  },
  { additionalProperties: false },
)
export type TaskListQuery = Static<typeof TaskListQuery>

export const TaskPage = Type.Object({
  items: Type.Array(Task),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
})
export type TaskPage = Static<typeof TaskPage>

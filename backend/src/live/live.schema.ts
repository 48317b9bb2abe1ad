import { Type, type Static } from 'typebox'
import { Task } from '../tasks/tasks.schema.js'

const Position = Type.String({ pattern: '^[0-9]{1,15}$', description: 'The seq of the last event the client received' })

/** Where a reconnecting client resumes: EventSource sends Last-Event-ID itself. */
export const TaskEventsHeaders = Type.Object({ 'last-event-id': Type.Optional(Position) })
export type TaskEventsHeaders = Static<typeof TaskEventsHeaders>

/** The same position for clients that cannot set headers. */
export const TaskEventsQuery = Type.Object(
  {
    last_event_id: Type.Optional(Position),
    expected_user: Type.Optional(Type.String({ maxLength: 100, description: 'The account the page was opened for (see X-Expected-User)' })),
  },
  { additionalProperties: false },
)
export type TaskEventsQuery = Static<typeof TaskEventsQuery>

/** `ready` (no position given) and `reset` (the position is gone from the log): the user's head seq. */
export const TaskEventHead = Type.Object({ seq: Type.Integer({ minimum: 0 }) })
export type TaskEventHead = Static<typeof TaskEventHead>

/** `task`: a task as stored now (deleted_at set while it is in the trash). */
export const TaskEventTask = Type.Object({ seq: Type.Integer({ minimum: 1 }), task: Task })
export type TaskEventTask = Static<typeof TaskEventTask>

/** `removed`: the task no longer exists at all (removed from the trash for good). */
export const TaskEventRemoved = Type.Object({ seq: Type.Integer({ minimum: 1 }), number: Type.Integer({ minimum: 1 }) })
export type TaskEventRemoved = Static<typeof TaskEventRemoved>

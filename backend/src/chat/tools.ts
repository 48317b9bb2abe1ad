// The assistant's tools: one record, used by both brains, running the same repository
// functions as the REST routes, always scoped to the signed-in user. Each tool's arguments
// are a TypeBox schema (validated before it runs) and its result a typed value; a bad call
// answers { error } instead of throwing, so a model can correct itself.
import type { Kysely } from 'kysely'
import { Type, type Static, type TSchema } from 'typebox'
import type { Database } from '../db/database.js'
import { QuotaExceededError, type Quotas } from '../limits/quotas.js'
import { dueRange, DueWindow, finishedRange, FinishedWindow } from '../tasks/due-windows.js'
import * as repo from '../tasks/tasks.repository.js'
import { EditableFields, Priority, SearchText, TaskNumber, TaskSort, Title, trimTextFields, type Task } from '../tasks/tasks.schema.js'
import { compileModelArguments } from '../validation.js'
import type { ToolCallRecord } from './chat.schema.js'
import { matchTask, searchFragments } from './match.js'

export interface ToolContext {
  db: Kysely<Database>
  userId: string
  /**
   * The user's local date and time now ("today", "overdue", "this week" count from it): a
   * Date whose local fields read the user's wall clock (see language/dates.ts, nowIn).
   */
  today: Date
  /** How far the user's wall clock is ahead of the server's (ms), to turn local days into instants. */
  zoneShiftMs?: number
  /** The per-user quotas (default: defaults.ts). */
  quotas?: Quotas
}

/** What a tool says about a task: enough to name it and describe it. */
export interface TaskSummary {
  number: number
  title: string
  completed: boolean
  priority: Task['priority']
  due_date: string | null
  /** In the trash (restore_tasks brings it back). */
  deleted?: true
}

/** What a tool reports back about a task it changed. */
export interface TaskChange {
  task_number: number
  status: 'created' | 'completed' | 'reopened' | 'deleted' | 'restored' | 'updated'
  title: string
}

export interface TaskList {
  /** How many tasks match (all of them, not only those listed). */
  total: number
  tasks: TaskSummary[]
}

export interface FoundTasks {
  /** The one task the description names without doubt, if there is one. */
  match: TaskSummary | null
  /** Tasks it could be, best first, when there is doubt. */
  candidates: TaskSummary[]
}

export interface BulkChange {
  status: 'deleted' | 'restored'
  tasks: TaskSummary[]
}

export interface ToolError {
  error: string
}

export interface Tool<S extends TSchema = TSchema, R = unknown> {
  name: string
  description: string
  /** Only reads tasks: a client need not refresh after it (ToolCallRecord.read_only). */
  readOnly: boolean
  parameters: S
  execute: (args: Static<S>, ctx: ToolContext) => Promise<R | ToolError>
}

const summary = (t: Task): TaskSummary => ({
  number: t.number,
  title: t.title,
  completed: t.completed,
  priority: t.priority,
  due_date: t.due_date,
  ...(t.deleted_at && { deleted: true as const }),
})
const changed = (task: Task, status: TaskChange['status']): TaskChange => ({ task_number: task.number, status, title: task.title })
const notFound = (number: number): ToolError => ({ error: `There is no task #${number}` })

const Number_ = { task_number: TaskNumber }

export const AddTaskArgs = Type.Object({ ...EditableFields, title: Title }, { additionalProperties: false })
export const TaskNumberArgs = Type.Object(Number_, { additionalProperties: false })
export const GetTaskArgs = Type.Object(
  { ...Number_, in: Type.Optional(Type.Enum(['live', 'trash'], { description: 'Read a live task (default) or one in the trash' })) },
  { additionalProperties: false },
)
export const UpdateTaskArgs = Type.Object({ ...Number_, ...EditableFields }, { additionalProperties: false, minProperties: 2 })
export const ListTasksArgs = Type.Object(
  {
    status: Type.Optional(Type.Enum(['all', 'pending', 'completed'])),
    due: Type.Optional(DueWindow),
    priority: Type.Optional(Priority),
    query: Type.Optional(SearchText),
    finished: Type.Optional(FinishedWindow),
    sort: Type.Optional(TaskSort),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
)
export const FindTasksArgs = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 200, description: 'Words of the title, e.g. "groceries"' }),
    status: Type.Optional(Type.Enum(['pending', 'completed'], { description: 'Prefer tasks in this state' })),
    in: Type.Optional(Type.Enum(['live', 'trash'], { description: 'Look among live tasks (default) or in the trash' })),
  },
  { additionalProperties: false },
)
export const TaskNumbersArgs = Type.Object(
  { task_numbers: Type.Array(TaskNumber, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
)

function tool<S extends TSchema, R>(definition: Tool<S, R>): Tool<S, R> {
  return definition
}

export const tools = {
  add_task: tool({
    name: 'add_task',
    readOnly: false,
    description: 'Create a new task for the user.',
    parameters: AddTaskArgs,
    execute: async (args, { db, userId, quotas }) => changed(await repo.createTask(db, userId, args, quotas), 'created'),
  }),
  list_tasks: tool({
    name: 'list_tasks',
    readOnly: true,
    description:
      "List the user's tasks, open ones first (newest first, or by due date or priority), optionally only pending or " +
      'completed ones, due in a window, of one priority, containing some text, or completed in a period (`finished`). ' +
      '`total` counts every match.',
    parameters: ListTasksArgs,
    execute: async (args, { db, userId, today, zoneShiftMs }): Promise<TaskList> => {
      const status = args.finished ? 'completed' : (args.status ?? 'all')
      const query = { status, q: args.query, sort: args.sort ?? (args.due ? 'due' : 'created'), limit: args.limit ?? 100 }
      const scoped = {
        ...(args.due && dueRange(args.due, today)),
        ...(args.finished && finishedRange(args.finished, today, zoneShiftMs)),
        ...(args.priority && { priority: args.priority }),
      }
      const [page, counts] = await Promise.all([
        repo.listTasks(db, userId, query, scoped),
        repo.countTasks(db, userId, args.query, scoped),
      ])
      return { total: counts[status], tasks: page.items.map(summary) }
    },
  }),
  find_tasks: tool({
    name: 'find_tasks',
    readOnly: true,
    description:
      'Find the task the user means by a few words of its title, among all of their tasks. `match` is set only when ' +
      'exactly one task fits; otherwise ask the user which of `candidates` they mean (never guess).',
    parameters: FindTasksArgs,
    execute: async ({ description, status, in: where }, { db, userId }): Promise<FoundTasks> => {
      const pool = await repo.tasksWithTitleFragments(db, userId, searchFragments(description), where ?? 'live')
      const { match, candidates } = matchTask(description, pool, status)
      return { match: match ? summary(match) : null, candidates: candidates.map(summary) }
    },
  }),
  get_task: tool({
    name: 'get_task',
    readOnly: true,
    description: 'Read one task by its number (or one in the trash, with `in: "trash"`).',
    parameters: GetTaskArgs,
    execute: async ({ task_number, in: where }, { db, userId }): Promise<TaskSummary | ToolError> => {
      const task = await repo.getTask(db, userId, task_number, where ?? 'live')
      return task ? summary(task) : where === 'trash' ? { error: `Task #${task_number} is not in the trash` } : notFound(task_number)
    },
  }),
  complete_task: tool({
    name: 'complete_task',
    readOnly: false,
    description: 'Mark a task as completed.',
    parameters: TaskNumberArgs,
    execute: async ({ task_number }, { db, userId }) => {
      const task = await repo.completeTask(db, userId, task_number)
      return task ? changed(task, 'completed') : notFound(task_number)
    },
  }),
  reopen_task: tool({
    name: 'reopen_task',
    readOnly: false,
    description: 'Mark a completed task as not done again.',
    parameters: TaskNumberArgs,
    execute: async ({ task_number }, { db, userId }) => {
      const task = await repo.updateTask(db, userId, task_number, { completed: false })
      return task ? changed(task, 'reopened') : notFound(task_number)
    },
  }),
  delete_task: tool({
    name: 'delete_task',
    readOnly: false,
    description: 'Delete a task (it goes to the trash; restore_tasks brings it back).',
    parameters: TaskNumberArgs,
    execute: async ({ task_number }, { db, userId }) => {
      const task = await repo.deleteTask(db, userId, task_number)
      return task ? changed(task, 'deleted') : notFound(task_number)
    },
  }),
  clear_completed: tool({
    name: 'clear_completed',
    readOnly: false,
    description: 'Delete every completed task (they go to the trash). Ask the user to confirm first.',
    parameters: Type.Object({}, { additionalProperties: false }),
    execute: async (_args, { db, userId }): Promise<BulkChange> => ({
      status: 'deleted',
      tasks: (await repo.clearCompleted(db, userId)).map(summary),
    }),
  }),
  restore_tasks: tool({
    name: 'restore_tasks',
    readOnly: false,
    description: 'Bring deleted tasks back from the trash (undo a delete).',
    parameters: TaskNumbersArgs,
    execute: async ({ task_numbers }, { db, userId, quotas }): Promise<BulkChange | ToolError> => {
      const tasks = await repo.restoreTasks(db, userId, task_numbers, quotas)
      return tasks.length > 0 ? { status: 'restored', tasks: tasks.map(summary) } : { error: 'Those tasks are not in the trash' }
    },
  }),
  update_task: tool({
    name: 'update_task',
    readOnly: false,
    description: "Change a task's title, description, priority or due date.",
    parameters: UpdateTaskArgs,
    execute: async ({ task_number, ...patch }, { db, userId, quotas }) => {
      const task = await repo.updateTask(db, userId, task_number, patch, quotas)
      return task ? changed(task, 'updated') : notFound(task_number)
    },
  }),
} satisfies Record<string, Tool<any, any>>

export type Tools = typeof tools
export type ToolName = keyof Tools
export type ToolArgs<N extends ToolName> = Static<Tools[N]['parameters']>
export type ToolResult<N extends ToolName> = Awaited<ReturnType<Tools[N]['execute']>>

export const isToolError = (value: unknown): value is ToolError =>
  typeof value === 'object' && value !== null && typeof (value as ToolError).error === 'string'

const validators = Object.fromEntries(
  Object.values(tools).map((t) => [t.name, compileModelArguments(t.parameters)]),
) as Record<ToolName, ReturnType<typeof compileModelArguments>>

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(tools, name)
}

/**
 * Validates the arguments, then runs the tool, and answers the call as both brains record
 * and stream it. Never throws for a bad call: an unknown tool, unparsable or invalid
 * arguments, or a missing task come back as `{ error }`, which the OpenAI brain hands to the
 * model as the tool's result so it can correct itself.
 */
export async function runTool(name: string, rawArguments: string | Record<string, unknown>, ctx: ToolContext): Promise<ToolCallRecord> {
  const readOnly = isToolName(name) ? tools[name].readOnly : true
  const answer = (args: Record<string, unknown>, result: unknown): ToolCallRecord => ({ name, arguments: args, result, read_only: readOnly })
  let args: unknown
  try {
    args = typeof rawArguments === 'string' ? JSON.parse(rawArguments || '{}') : rawArguments
  } catch {
    return answer({}, { error: 'The arguments are not valid JSON' })
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return answer({}, { error: 'The arguments must be a JSON object' })
  }
  const record = args as Record<string, unknown>
  if (!isToolName(name)) {
    return answer(record, { error: `Unknown tool "${name}"; use one of ${Object.keys(tools).join(', ')}` })
  }
  trimTextFields(record)
  const problem = validators[name](record)
  if (problem) return answer(record, { error: problem })
  try {
    return answer(record, await tools[name].execute(record as never, ctx))
  } catch (error) {
    // A full account is the user's to hear about, in the quota's own words.
    if (error instanceof QuotaExceededError) return answer(record, { error: error.message })
    throw error
  }
}

/** Tool definitions in the Chat Completions `tools` format. */
export const openAiTools = Object.values(tools).map((t) => ({
  type: 'function' as const,
  function: { name: t.name, description: t.description, parameters: JSON.parse(JSON.stringify(t.parameters)) },
}))

// The assistant's tools: one record, used by both brains, running the same repository
// functions as the REST routes, always scoped to the signed-in user.
import type { Kysely } from 'kysely'
import { Type, type Static, type TSchema } from 'typebox'
import type { Database } from '../db/database.js'
import * as repo from '../tasks/tasks.repository.js'
import { EditableFields, TaskStatus, Title, trimTextFields } from '../tasks/tasks.schema.js'
import type { Task } from '../tasks/tasks.schema.js'
import { compileModelArguments } from '../validation.js'

export interface ToolContext {
  db: Kysely<Database>
  userId: string
}

export interface Tool<S extends TSchema = TSchema> {
  name: string
  description: string
  parameters: S
  execute: (args: Static<S>, ctx: ToolContext) => Promise<unknown>
}

const TaskId = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The task number, as list_tasks shows it' })

export const AddTaskArgs = Type.Object({ ...EditableFields, title: Title }, { additionalProperties: false })
export type AddTaskArgs = Static<typeof AddTaskArgs>

export const ListTasksArgs = Type.Object({ status: Type.Optional(TaskStatus) }, { additionalProperties: false })
export type ListTasksArgs = Static<typeof ListTasksArgs>

export const TaskIdArgs = Type.Object({ task_id: TaskId }, { additionalProperties: false })
export type TaskIdArgs = Static<typeof TaskIdArgs>

export const UpdateTaskArgs = Type.Object(
  { task_id: TaskId, ...EditableFields },
  { additionalProperties: false, minProperties: 2 },
)
export type UpdateTaskArgs = Static<typeof UpdateTaskArgs>

/** What a tool reports back about one task it changed. */
export interface TaskChange {
  task_id: number
  status: 'created' | 'completed' | 'deleted' | 'updated'
  title: string
}

export interface ToolError {
  error: string
}

const changed = (task: Task, status: TaskChange['status']): TaskChange => ({ task_id: task.id, status, title: task.title })
const notFound = (id: number): ToolError => ({ error: `Task ${id} not found` })

function tool<S extends TSchema>(definition: Tool<S>): Tool<S> {
  return definition
}

export const tools = {
  add_task: tool({
    name: 'add_task',
    description: 'Create a new task for the user.',
    parameters: AddTaskArgs,
    execute: async (args, { db, userId }) => changed(await repo.createTask(db, userId, args), 'created'),
  }),
  list_tasks: tool({
    name: 'list_tasks',
    description: "List the user's tasks (newest first), optionally only pending or completed ones.",
    parameters: ListTasksArgs,
    execute: async (args, { db, userId }) => {
      const page = await repo.listTasks(db, userId, { status: args.status ?? 'all', limit: 100 })
      return {
        count: page.items.length,
        tasks: page.items.map((t) => ({
          id: t.id,
          title: t.title,
          completed: t.completed,
          priority: t.priority,
          due_date: t.due_date,
        })),
      }
    },
  }),
  complete_task: tool({
    name: 'complete_task',
    description: 'Mark a task as completed.',
    parameters: TaskIdArgs,
    execute: async ({ task_id }, { db, userId }) => {
      const task = await repo.completeTask(db, userId, task_id)
      return task ? changed(task, 'completed') : notFound(task_id)
    },
  }),
  delete_task: tool({
    name: 'delete_task',
    description: 'Delete a task permanently.',
    parameters: TaskIdArgs,
    execute: async ({ task_id }, { db, userId }) => {
      const task = await repo.deleteTask(db, userId, task_id)
      return task ? changed(task, 'deleted') : notFound(task_id)
    },
  }),
  update_task: tool({
    name: 'update_task',
    description: "Change a task's title, description, priority or due date.",
    parameters: UpdateTaskArgs,
    execute: async ({ task_id, ...patch }, { db, userId }) => {
      const task = await repo.updateTask(db, userId, task_id, patch)
      return task ? changed(task, 'updated') : notFound(task_id)
    },
  }),
} satisfies Record<string, Tool<any>>

export type ToolName = keyof typeof tools

const validators = Object.fromEntries(
  Object.values(tools).map((t) => [t.name, compileModelArguments(t.parameters)]),
) as Record<ToolName, ReturnType<typeof compileModelArguments>>

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(tools, name)
}

/**
 * Validates the arguments, then runs the tool. Never throws for a bad call: an unknown tool,
 * unparsable or invalid arguments, or a missing task come back as `{ error }`, which the
 * OpenAI brain hands to the model as the tool's result so it can correct itself.
 */
export async function runTool(
  name: string,
  rawArguments: string | Record<string, unknown>,
  ctx: ToolContext,
): Promise<{ arguments: Record<string, unknown>; result: unknown }> {
  let args: unknown
  try {
    args = typeof rawArguments === 'string' ? JSON.parse(rawArguments || '{}') : rawArguments
  } catch {
    return { arguments: {}, result: { error: 'The arguments are not valid JSON' } }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { arguments: {}, result: { error: 'The arguments must be a JSON object' } }
  }
  const record = args as Record<string, unknown>
  if (!isToolName(name)) {
    return { arguments: record, result: { error: `Unknown tool "${name}"; use one of ${Object.keys(tools).join(', ')}` } }
  }
  trimTextFields(record)
  const problem = validators[name](record)
  if (problem) return { arguments: record, result: { error: `Invalid arguments: ${problem}` } }
  const result = await tools[name].execute(record as never, ctx)
  return { arguments: record, result }
}

/** Tool definitions in the Chat Completions `tools` format. */
export const openAiTools = Object.values(tools).map((t) => ({
  type: 'function' as const,
  function: { name: t.name, description: t.description, parameters: JSON.parse(JSON.stringify(t.parameters)) },
}))

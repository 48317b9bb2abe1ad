// The board's writes as the outbox keeps and sends them (lib/outbox.ts), and the row a new
// task shows until the server numbers it.
import type { Task, TaskCreate, TaskPatch } from '@contract'
import * as api from './api'
import type { Write } from './outbox'

/** Sends one of the outbox's writes. */
export function sendWrite(write: Write): Promise<Task | undefined> {
  if (write.kind === 'create') return api.createTask(write.input, write.key)
  if (write.kind === 'update') return api.updateTask(write.number, write.patch, write.version)
  if (write.kind === 'restore') return api.restoreTask(write.number)
  return api.deleteTask(write.number).then(
    () => undefined,
    // Deleted already (elsewhere, or by this write before its answer was lost): done.
    (error) => (error instanceof api.ApiError && error.status === 404 ? undefined : Promise.reject(error)),
  )
}

/** A write's task number (a create's temporary one), for marking its row as waiting. */
export const numberOf = (write: Write) => (write.kind === 'create' ? write.temp : write.number)

/** A row for a task the server has not numbered yet (a negative, temporary number). */
export function draftTask(input: TaskCreate, number: number): Task {
  const now = new Date().toISOString()
  return {
    number,
    title: input.title,
    description: input.description ?? null,
    completed: false,
    priority: input.priority ?? 'medium',
    due_date: input.due_date ?? null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    version: 0,
  }
}

/**
 * Whether a change made elsewhere (`other`) set a field that `patch` sets, to another value,
 * since `base` (the task the patch was made on): then only the user can choose.
 */
export function clashes(patch: TaskPatch, base: Task, other: Task): boolean {
  const norm = (value: unknown) => (value === '' ? null : (value ?? null))
  return (Object.keys(patch) as (keyof TaskPatch)[]).some(
    (field) => norm(other[field]) !== norm(base[field]) && norm(other[field]) !== norm(patch[field]),
  )
}

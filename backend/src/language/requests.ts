// What a message asks for, as the language layer hands it to the assistant: one request per
// clause, each naming tasks by a target and saying what to change.
import type { Priority } from '../contract.js'
import type { DueWindow, FinishedWindow } from './windows.js'

/** How a message names a task. */
export interface Target {
  /** Numbers said as numbers: "task 4", "#4", "2 and 3". */
  numbers: number[]
  /** The words said about it, as typed (without "task 4"). */
  words: string
  /** "the second one": a position in the list shown last (-1: the last). */
  ordinal?: number
  /** "it", "that": the task just talked about. */
  ref?: true
}

export interface Changes {
  title?: string
  priority?: Priority
  due_date?: string | null
  description?: string
}

export interface ListFilters {
  status: 'all' | 'pending' | 'completed'
  due?: DueWindow
  priority?: Priority
  query?: string
  finished?: FinishedWindow
}

export interface NewTask {
  title: string
  priority?: Priority
  due_date?: string
}

export type ActionKind = 'complete' | 'reopen' | 'delete' | 'restore' | 'update'

export type Request =
  | { kind: 'help' | 'thanks' | 'unknown' | 'undo' | 'clear_completed' | 'refuse' }
  | { kind: 'yes' | 'no' }
  | { kind: 'choose'; target: Target }
  /** Requests past the most one message is read as (MAX_CLAUSES): not acted on, said so. */
  | { kind: 'not_read'; count: number }
  | { kind: 'add'; tasks: NewTask[] }
  /** A bare task-like phrase: asked about before adding. */
  | { kind: 'maybe_add'; task: NewTask }
  | ({ kind: 'list' | 'count' } & ListFilters)
  | { kind: 'complete' | 'reopen' | 'delete' | 'restore'; target: Target }
  | { kind: 'update'; target: Target; changes: Changes }

// The board's order and headings: where a task goes before the server has confirmed a change.
import type { Task, TaskSort } from '@contract'
import { today } from './dates'

const RANK = { high: 0, medium: 1, low: 2 } as const

/**
 * The server's order for a sort (open first; then the key; ties newest first), for placing
 * a changed task before the server confirms it.
 */
export function compareTasks(sort: TaskSort): (a: Task, b: Task) => number {
  return (a, b) => {
    const group = Number(a.completed) - Number(b.completed)
    if (group !== 0) return group
    if (sort === 'due') {
      const key = (a.due_date ?? '9999-12-31').localeCompare(b.due_date ?? '9999-12-31')
      if (key !== 0) return key
    } else if (sort === 'priority') {
      const key = RANK[a.priority] - RANK[b.priority]
      if (key !== 0) return key
    }
    return b.number - a.number
  }
}

/** The heading a task falls under when the board is sorted by due date. */
export function dueGroup(task: Task, day = today()): string {
  if (task.completed) return 'Done'
  if (!task.due_date) return 'No date'
  if (task.due_date < day) return 'Overdue'
  return task.due_date === day ? 'Today' : 'Upcoming'
}

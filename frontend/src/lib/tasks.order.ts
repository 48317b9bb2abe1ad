// The board's order and headings: where a task goes before the server has confirmed a change.
import { createMemo, type Accessor } from 'solid-js'
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

export interface TaskGroup {
  label: string
  readonly tasks: Task[]
}

/**
 * The tasks under their headings, in order: one unnamed group unless sorted by due date.
 * One object per heading for the board's lifetime, its tasks read through a getter: a list
 * that changes (a task added or gone, here or on another device) keeps every row's DOM node,
 * so the keyboard's focus stays where it was. A new group object would make the view draw
 * all its rows anew.
 */
export function createGroups(tasks: Accessor<Task[]>, sort: Accessor<TaskSort>): Accessor<TaskGroup[]> {
  const grouped = createMemo(() => {
    const out = new Map<string, Task[]>()
    if (sort() !== 'due') return out.set('', tasks())
    const day = today()
    for (const task of tasks()) {
      const label = dueGroup(task, day)
      const list = out.get(label)
      if (list) list.push(task)
      else out.set(label, [task])
    }
    return out
  })
  const headings = new Map<string, TaskGroup>()
  const heading = (label: string) => {
    if (!headings.has(label)) headings.set(label, { label, get tasks() { return grouped().get(label) ?? [] } })
    return headings.get(label)!
  }
  return createMemo(() => [...grouped().keys()].map(heading))
}

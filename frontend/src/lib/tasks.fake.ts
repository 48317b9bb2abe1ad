// A stand-in for the server's task API over an array, for the board's component tests (the
// real one is tested in the backend and end to end). Tests mock ../lib/api with vi.mock and
// install this with fakeTaskServer(): it filters, searches, sorts and pages as the server does.
import { vi } from 'vitest'
import type { Task, TaskListQuery, TaskSort } from '@contract'
import * as api from './api'
import { fakeParse } from './quickAdd.fake'

/**
 * The server's order, restated from its SQL (backend/src/tasks/tasks.lists.ts), not from the
 * board's own compareTasks, so a board that places tasks differently fails its tests:
 *   ORDER BY completed, <key>, number DESC
 * with the key coalesce(due_date, '9999-12-31') for "due", case priority when 'high' then 0
 * when 'medium' then 1 else 2 end for "priority", and none for "created".
 */
const SORT_KEY: Record<TaskSort, (t: Task) => (string | number)[]> = {
  created: () => [],
  due: (t) => [t.due_date ?? '9999-12-31'],
  priority: (t) => [t.priority === 'high' ? 0 : t.priority === 'medium' ? 1 : 2],
}

function serverOrder(sort: TaskSort): (a: Task, b: Task) => number {
  const row = (t: Task) => [t.completed ? 1 : 0, ...SORT_KEY[sort](t), -t.number]
  return (a, b) => {
    const [x, y] = [row(a), row(b)]
    const at = x.findIndex((value, i) => value !== y[i])
    return at === -1 ? 0 : x[at]! < y[at]! ? -1 : 1
  }
}

/**
 * A stand-in for the server's task API over an array (the real one is tested in the
 * backend and end to end): it filters, searches, sorts and pages, so the board is checked
 * against the contract it relies on.
 */
export function fakeTaskServer(initial: Partial<Task>[]) {
  const mocked = vi.mocked(api)
  let last = 0
  const now = new Date().toISOString()
  const make = (t: Partial<Task>): Task => ({
    number: ++last,
    title: 'a task',
    description: null,
    completed: false,
    priority: 'medium',
    due_date: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    version: 1,
    ...t,
  })
  const tasks = initial.map(make)
  const live = () => tasks.filter((t) => !t.deleted_at)
  const matches = (t: Task, q = '') => !q || `${t.title} ${t.description ?? ''}`.toLowerCase().includes(q.toLowerCase())
  const find = (n: number) => tasks.find((t) => t.number === n && !t.deleted_at)
  const server = {
    tasks,
    queries: [] as TaskListQuery[],
    listTasks: async (query: TaskListQuery) => {
      server.queries.push(query)
      const view = live()
        .filter((t) => (query.status === 'pending' ? !t.completed : query.status === 'completed' ? t.completed : true))
        .filter((t) => matches(t, query.q))
        .sort(serverOrder(query.sort ?? 'created'))
      const start = Number(query.cursor ?? 0)
      const limit = query.limit ?? 50
      const items = view.slice(start, start + limit).map((t) => ({ ...t }))
      return { items, next_cursor: start + limit < view.length ? String(start + limit) : null }
    },
    countTasks: async (q: string) => {
      const found = live().filter((t) => matches(t, q))
      const completed = found.filter((t) => t.completed).length
      return { all: found.length, pending: found.length - completed, completed, deleted: tasks.length - live().length }
    },
    parseTask: fakeParse,
    createTask: async (input: Parameters<typeof api.createTask>[0]) => {
      const task = make({ ...input, description: input.description ?? null, due_date: input.due_date ?? null })
      tasks.push(task)
      return { ...task }
    },
    updateTask: async (n: number, patch: Parameters<typeof api.updateTask>[1]) => {
      const task = find(n)
      if (!task) throw new api.ApiError(404, 'NOT_FOUND', 'Task not found')
      Object.assign(task, patch, { version: task.version + 1 })
      return { ...task }
    },
    deleteTask: async (n: number) => {
      const task = find(n)
      if (!task) throw new api.ApiError(404, 'NOT_FOUND', 'Task not found')
      task.deleted_at = new Date().toISOString()
      task.version++
      return { ...task }
    },
    restoreTask: async (n: number) => {
      const task = tasks.find((t) => t.number === n)!
      task.deleted_at = null
      task.version++
      return { ...task }
    },
  }
  mocked.listTasks.mockImplementation(server.listTasks)
  mocked.countTasks.mockImplementation(server.countTasks)
  mocked.parseTask.mockImplementation(server.parseTask)
  mocked.createTask.mockImplementation(server.createTask)
  mocked.updateTask.mockImplementation(server.updateTask)
  mocked.deleteTask.mockImplementation(server.deleteTask)
  mocked.restoreTask.mockImplementation(server.restoreTask)
  return server
}

import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import { today } from '../lib/dates'
import { fakeParse } from '../lib/quickAdd.fake'
import type { Task, TaskListQuery } from '@contract'
import TaskBoard, { compareTasks, dueGroup, PAGE_SIZE } from './TaskBoard'
import Toasts from './Toasts'

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  listTasks: vi.fn(),
  countTasks: vi.fn(),
  parseTask: vi.fn(),
  createTask: vi.fn(),
  updateTask: vi.fn(),
  deleteTask: vi.fn(),
  restoreTask: vi.fn(),
}))
const mocked = vi.mocked(api)

/**
 * A stand-in for the server's task API over an array (the real one is tested in the
 * backend and end to end): it filters, searches, sorts and pages, so the board is checked
 * against the contract it relies on.
 */
function fakeServer(initial: Partial<Task>[]) {
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
        .sort(compareTasks(query.sort ?? 'created'))
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
      Object.assign(task, patch)
      return { ...task }
    },
    deleteTask: async (n: number) => {
      const task = find(n)
      if (!task) throw new api.ApiError(404, 'NOT_FOUND', 'Task not found')
      task.deleted_at = new Date().toISOString()
      return { ...task }
    },
    restoreTask: async (n: number) => {
      const task = tasks.find((t) => t.number === n)!
      task.deleted_at = null
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

function renderBoard(tasks: Partial<Task>[]) {
  const server = fakeServer(tasks)
  render(() => (
    <>
      <TaskBoard refreshKey={0} />
      <Toasts />
    </>
  ))
  return server
}

const item = (title: string) => screen.getByText(title).closest('li')!
const titles = () => screen.queryAllByRole('listitem').map((li) => li.querySelector('span')?.textContent)

beforeEach(() => {
  vi.resetAllMocks()
})

describe('TaskBoard', () => {
  it('shows what to do when there are no tasks', async () => {
    renderBoard([])
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument()
    expect(screen.getByText(/ask the assistant/)).toBeInTheDocument()
  })

  it('lists tasks with the server’s counts, priority and overdue dates at a glance', async () => {
    renderBoard([
      { title: 'file taxes', priority: 'high', due_date: '2020-01-01' },
      { title: 'water plants', priority: 'low' },
      { title: 'old chore', completed: true, due_date: '2020-01-01' },
    ])
    await screen.findByText('file taxes')
    expect(await screen.findByRole('button', { name: /All 3/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Open 2/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Done 1/ })).toBeInTheDocument()
    expect(within(item('file taxes')).getByText('▲ High')).toBeInTheDocument()
    expect(within(item('file taxes')).getByText(/Overdue/)).toBeInTheDocument()
    expect(item('file taxes').className).toMatch(/overdue/)
    expect(within(item('water plants')).getByText('▼ Low')).toBeInTheDocument()
    expect(within(item('file taxes')).getByText('#1')).toBeInTheDocument()
    // A completed task is never overdue.
    expect(within(item('old chore')).queryByText(/Overdue/)).toBeNull()
    expect(within(item('old chore')).getByRole('checkbox')).toBeChecked()
  })

  it('asks the server for what it shows: status, search (with its counts) and sort', async () => {
    const user = userEvent.setup()
    const server = renderBoard([
      { title: 'buy milk' },
      { title: 'call mom', description: 'about the milk run' },
      { title: 'pay bills', completed: true },
    ])
    await screen.findByText('buy milk')
    await user.click(screen.getByRole('button', { name: /Done/ }))
    await waitFor(() => expect(screen.queryByText('buy milk')).toBeNull())
    expect(screen.getByText('pay bills')).toBeInTheDocument()
    expect(server.queries.at(-1)).toMatchObject({ status: 'completed' })
    await user.click(screen.getByRole('button', { name: /All/ }))
    await user.type(screen.getByLabelText('Search tasks'), 'MILK')
    await waitFor(() => expect(screen.queryByText('pay bills')).toBeNull())
    expect(server.queries.at(-1)).toMatchObject({ q: 'MILK', status: 'all' })
    // The filter counts follow the search; the summary still counts everything.
    expect(screen.getByRole('button', { name: /All 2/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Done 0/ })).toBeInTheDocument()
    expect(screen.getByText('2 open · 1 done')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Sort by'), 'priority')
    await waitFor(() => expect(server.queries.at(-1)).toMatchObject({ sort: 'priority', q: 'MILK' }))
  })

  it('pages as the list grows instead of loading everything', async () => {
    const user = userEvent.setup()
    const server = renderBoard(Array.from({ length: PAGE_SIZE + 5 }, (_, i) => ({ title: `chore ${i}` })))
    await screen.findByText(`chore ${PAGE_SIZE + 4}`)
    expect(screen.queryByText('chore 0')).toBeNull()
    expect(server.queries[0]).toMatchObject({ limit: PAGE_SIZE })
    await user.click(screen.getByRole('button', { name: 'Show more' }))
    expect(await screen.findByText('chore 0')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull()
  })

  it('groups by Overdue / Today / Upcoming / No date when sorted by due date', async () => {
    const user = userEvent.setup()
    renderBoard([
      { title: 'late', due_date: '2020-01-01' },
      { title: 'now', due_date: today() },
      { title: 'later', due_date: '2999-01-01' },
      { title: 'whenever' },
      { title: 'finished', completed: true },
    ])
    await screen.findByText('late')
    await user.selectOptions(screen.getByLabelText('Sort by'), 'due')
    await waitFor(() => expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Overdue', 'Today', 'Upcoming', 'No date', 'Done']))
    expect(titles()).toEqual(['late', 'now', 'later', 'whenever', 'finished'])
    expect(dueGroup({ completed: false, due_date: null } as Task)).toBe('No date')
  })

  it('adds a task from a typed line as its preview shows it, the words read by the server', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    await user.type(screen.getByLabelText('New task'), '  pay rent !high  ')
    expect(await screen.findByText(/Adds “pay rent” · high priority/)).toBeInTheDocument()
    expect(mocked.parseTask).toHaveBeenCalledWith('pay rent !high', today(), [])
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(mocked.createTask).toHaveBeenCalledWith({ title: 'pay rent', priority: 'high' })
    expect(await screen.findByText('pay rent')).toBeInTheDocument()
    expect(screen.getByLabelText('New task')).toHaveValue('')
    expect(screen.queryByText(/Adds “/)).toBeNull()
  })

  it('lets Details set the fields by hand, over the words', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    await user.type(screen.getByLabelText('New task'), 'buy milk friday !high')
    await screen.findByText(/Adds “buy milk”/)
    await user.click(screen.getByRole('button', { name: 'Details' }))
    await user.selectOptions(screen.getByLabelText('Priority'), 'low')
    fireEvent.input(screen.getByLabelText('Due date'), { target: { value: '2030-05-01' } })
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(mocked.createTask).toHaveBeenCalledWith({ title: 'buy milk', priority: 'low', due_date: '2030-05-01' })
  })

  it('refuses an empty title, and the message goes as soon as a title is typed', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(screen.getByText('Give the task a title')).toBeInTheDocument()
    expect(mocked.createTask).not.toHaveBeenCalled()
    await user.type(screen.getByLabelText('New task'), 'b')
    expect(screen.queryByText('Give the task a title')).toBeNull()
  })

  it('rolls back a failed add, says why, and keeps the text typed', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    mocked.createTask.mockRejectedValue(new api.ApiError(0, 'OFFLINE', 'Cannot reach the server.'))
    await user.type(screen.getByLabelText('New task'), 'buy milk{Enter}')
    expect(await screen.findByText('Could not add the task: Cannot reach the server.')).toBeInTheDocument()
    expect(screen.getByText('No tasks yet')).toBeInTheDocument()
    expect(screen.getByLabelText('New task')).toHaveValue('buy milk')
  })

  it('completes a task at once and moves it below the open ones; rolls back when the server refuses', async () => {
    const user = userEvent.setup()
    renderBoard([{ title: 'buy milk' }, { title: 'call mom' }])
    await screen.findByText('buy milk')
    expect(titles()).toEqual(['call mom', 'buy milk'])
    await user.click(within(item('call mom')).getByRole('checkbox'))
    expect(mocked.updateTask).toHaveBeenCalledWith(2, { completed: true })
    await waitFor(() => expect(titles()).toEqual(['buy milk', 'call mom']))
    mocked.updateTask.mockRejectedValueOnce(new api.ApiError(500, 'INTERNAL', 'The server had a problem; try again shortly.'))
    await user.click(within(item('buy milk')).getByRole('checkbox'))
    expect(await screen.findByText(/Could not update "buy milk"/)).toBeInTheDocument()
    expect(within(item('buy milk')).getByRole('checkbox')).not.toBeChecked()
  })

  it('edits title, description, priority and due date in place', async () => {
    const user = userEvent.setup()
    renderBoard([{ title: 'call mom' }])
    await screen.findByText('call mom')
    await user.click(screen.getByRole('button', { name: 'Edit: call mom' }))
    const title = screen.getByLabelText('Title')
    await user.clear(title)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(screen.getByText('Give the task a title')).toBeInTheDocument()
    await user.type(title, 'call mom tonight')
    expect(screen.queryByText('Give the task a title')).toBeNull()
    await user.type(screen.getByLabelText('Description'), 'about the holidays')
    await user.selectOptions(screen.getByLabelText('Priority'), 'high')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(mocked.updateTask).toHaveBeenCalledWith(1, { title: 'call mom tonight', description: 'about the holidays', priority: 'high' })
    expect(await screen.findByText('about the holidays')).toBeInTheDocument()
  })

  it('deletes on the server at once; Undo restores it with its number; focus moves to the next task', async () => {
    const user = userEvent.setup()
    const server = renderBoard([{ title: 'keep' }, { title: 'drop' }, { title: 'other' }])
    await screen.findByText('drop')
    item('drop').focus()
    await user.keyboard('{Delete}')
    expect(mocked.deleteTask).toHaveBeenCalledWith(2)
    expect(server.tasks.find((t) => t.number === 2)?.deleted_at).not.toBeNull()
    await waitFor(() => expect(screen.queryByText('drop')).toBeNull())
    expect(document.activeElement).toBe(item('keep'))
    await user.keyboard('u')
    expect(mocked.restoreTask).toHaveBeenCalledWith(2)
    expect(await screen.findByText('drop')).toBeInTheDocument()
    expect(titles()).toEqual(['other', 'drop', 'keep'])
    // The toast's Undo does the same.
    await user.click(screen.getByRole('button', { name: 'Delete: other' }))
    await user.click(await screen.findByRole('button', { name: 'Undo' }))
    expect(await screen.findByText('other')).toBeInTheDocument()
  })

  it('moves, completes, edits and opens help from the keyboard', async () => {
    const user = userEvent.setup()
    renderBoard([{ title: 'first' }, { title: 'second' }])
    await screen.findByText('first')
    await user.keyboard('j')
    expect(document.activeElement).toBe(item('second'))
    await user.keyboard('j')
    expect(document.activeElement).toBe(item('first'))
    await user.keyboard('x')
    expect(mocked.updateTask).toHaveBeenCalledWith(1, { completed: true })
    await user.keyboard('k')
    await user.keyboard('e')
    expect(screen.getByLabelText('Title')).toHaveValue('second')
    await user.keyboard('{Escape}')
    expect(screen.queryByLabelText('Title')).toBeNull()
    await user.keyboard('n')
    expect(document.activeElement).toBe(screen.getByLabelText('New task'))
    await user.keyboard('{Escape}/')
    expect(document.activeElement).toBe(screen.getByLabelText('Search tasks'))
    ;(document.activeElement as HTMLElement).blur()
    await user.keyboard('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(within(dialog).getByText('Undo the last delete')).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('says so when tasks cannot be loaded, and loads them on "Try again"', async () => {
    const user = userEvent.setup()
    fakeServer([{ title: 'back again' }])
    mocked.listTasks.mockRejectedValueOnce(new api.ApiError(0, 'OFFLINE', 'Cannot reach the server.'))
    render(() => <TaskBoard refreshKey={0} />)
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server.')
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('back again')).toBeInTheDocument()
  })
})

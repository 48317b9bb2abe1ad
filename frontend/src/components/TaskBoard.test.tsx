import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import type { Task } from '@contract'
import TaskBoard, { UNDO_MS } from './TaskBoard'
import Toasts from './Toasts'

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  listAllTasks: vi.fn(),
  createTask: vi.fn(),
  updateTask: vi.fn(),
  deleteTask: vi.fn(),
}))
const mocked = vi.mocked(api)

let nextId = 100
function task(overrides: Partial<Task> = {}): Task {
  const now = new Date().toISOString()
  return {
    id: nextId++,
    title: 'a task',
    description: null,
    completed: false,
    priority: 'medium',
    due_date: null,
    created_at: now,
    updated_at: now,
    ...overrides,
  }
}

function renderBoard(tasks: Task[]) {
  mocked.listAllTasks.mockResolvedValue(tasks)
  return render(() => (
    <>
      <TaskBoard refreshKey={0} />
      <Toasts />
    </>
  ))
}

const item = (title: string) => screen.getByText(title).closest('li')!

beforeEach(() => {
  vi.resetAllMocks()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('TaskBoard', () => {
  it('shows what to do when there are no tasks', async () => {
    renderBoard([])
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument()
    expect(screen.getByText(/ask the assistant/)).toBeInTheDocument()
  })

  it('lists tasks with counts, priority and overdue dates at a glance', async () => {
    renderBoard([
      task({ title: 'file taxes', priority: 'high', due_date: '2020-01-01' }),
      task({ title: 'water plants', priority: 'low' }),
      task({ title: 'old chore', completed: true, due_date: '2020-01-01' }),
    ])
    await screen.findByText('file taxes')
    expect(screen.getByRole('button', { name: /All 3/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Pending 2/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Completed 1/ })).toBeInTheDocument()
    expect(within(item('file taxes')).getByText('▲ High')).toBeInTheDocument()
    expect(within(item('file taxes')).getByText(/Overdue/)).toBeInTheDocument()
    expect(within(item('water plants')).getByText('▼ Low')).toBeInTheDocument()
    // A completed task is never overdue.
    expect(within(item('old chore')).queryByText(/Overdue/)).toBeNull()
    expect(within(item('old chore')).getByRole('checkbox')).toBeChecked()
  })

  it('filters by status and searches title and description', async () => {
    const user = userEvent.setup()
    renderBoard([
      task({ title: 'buy milk' }),
      task({ title: 'call mom', description: 'about the milk run' }),
      task({ title: 'pay bills', completed: true }),
    ])
    await screen.findByText('buy milk')
    await user.click(screen.getByRole('button', { name: /Completed/ }))
    expect(screen.queryByText('buy milk')).toBeNull()
    expect(screen.getByText('pay bills')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /All/ }))
    await user.type(screen.getByLabelText('Search tasks'), 'MILK')
    expect(screen.getByText('buy milk')).toBeInTheDocument()
    expect(screen.getByText('call mom')).toBeInTheDocument()
    expect(screen.queryByText('pay bills')).toBeNull()
  })

  it('adds a task from the form with its details', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    mocked.createTask.mockImplementation(async (input) => task({ ...input, description: input.description ?? null, due_date: input.due_date ?? null }))
    await user.type(screen.getByLabelText('New task'), '  buy milk  ')
    await user.click(screen.getByRole('button', { name: 'Details' }))
    await user.selectOptions(screen.getByLabelText('Priority'), 'high')
    fireEvent.input(screen.getByLabelText('Due date'), { target: { value: '2030-05-01' } })
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(mocked.createTask).toHaveBeenCalledWith({ title: 'buy milk', priority: 'high', due_date: '2030-05-01' })
    expect(await screen.findByText('buy milk')).toBeInTheDocument()
    expect(screen.getByLabelText('New task')).toHaveValue('')
  })

  it('refuses an empty title without calling the API', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(screen.getByText('Give the task a title')).toBeInTheDocument()
    expect(mocked.createTask).not.toHaveBeenCalled()
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

  it('completes a task at once, and rolls back with a message when the server refuses', async () => {
    const user = userEvent.setup()
    const t = task({ title: 'buy milk' })
    renderBoard([t])
    await screen.findByText('buy milk')
    let fail!: (e: Error) => void
    mocked.updateTask.mockReturnValue(new Promise((_, reject) => (fail = reject)))
    await user.click(screen.getByLabelText('Mark as done: buy milk'))
    expect(screen.getByLabelText('Mark as not done: buy milk')).toBeChecked() // optimistic
    expect(mocked.updateTask).toHaveBeenCalledWith(t.id, { completed: true })
    fail(new api.ApiError(500, 'INTERNAL', 'Internal Server Error'))
    expect(await screen.findByText('Could not update "buy milk": Internal Server Error')).toBeInTheDocument()
    expect(screen.getByLabelText('Mark as done: buy milk')).not.toBeChecked()
  })

  it('edits a task inline: Enter saves only what changed, Escape cancels', async () => {
    const user = userEvent.setup()
    const t = task({ title: 'call mom' })
    renderBoard([t])
    await screen.findByText('call mom')
    mocked.updateTask.mockResolvedValue({ ...t, title: 'call mom tonight', priority: 'high' })
    await user.click(screen.getByRole('button', { name: 'Edit: call mom' }))
    await user.selectOptions(screen.getByLabelText('Priority'), 'high')
    const title = screen.getByLabelText('Title')
    await user.clear(title)
    await user.type(title, 'call mom tonight{Enter}')
    expect(mocked.updateTask).toHaveBeenCalledWith(t.id, { title: 'call mom tonight', priority: 'high' })
    expect(await screen.findByText('call mom tonight')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Edit: call mom tonight' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Edit: call mom tonight' }))
    await user.type(screen.getByLabelText('Title'), ' and dad{Escape}')
    expect(screen.queryByLabelText('Title')).toBeNull()
    expect(mocked.updateTask).toHaveBeenCalledTimes(1)
  })

  it('deletes with undo: nothing is sent when undone, the delete is sent when the window passes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    const keep = task({ title: 'keep me' })
    const drop = task({ title: 'drop me' })
    renderBoard([keep, drop])
    await screen.findByText('keep me')
    mocked.deleteTask.mockResolvedValue(undefined)

    await user.click(screen.getByRole('button', { name: 'Delete: keep me' }))
    expect(screen.queryByText('keep me')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(screen.getByText('keep me')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Delete: drop me' }))
    expect(mocked.deleteTask).not.toHaveBeenCalled()
    vi.advanceTimersByTime(UNDO_MS + 10)
    await waitFor(() => expect(mocked.deleteTask).toHaveBeenCalledWith(drop.id))
    expect(mocked.deleteTask).toHaveBeenCalledTimes(1)
    expect(screen.queryByText('drop me')).toBeNull()
    expect(screen.getByText('keep me')).toBeInTheDocument()
  })

  it('says when tasks cannot be loaded, and loads them on retry', async () => {
    const user = userEvent.setup()
    mocked.listAllTasks.mockRejectedValueOnce(new api.ApiError(0, 'OFFLINE', 'Cannot reach the server.'))
    render(() => <TaskBoard refreshKey={0} />)
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load your tasks: Cannot reach the server.')
    mocked.listAllTasks.mockResolvedValue([task({ title: 'back again' })])
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('back again')).toBeInTheDocument()
  })
})

import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import { today } from '../lib/dates'
import { fakeTaskServer } from '../lib/tasks.fake'
import { createBoard } from '../lib/tasks.store'
import type { Task } from '@contract'
import TaskBoard from './TaskBoard'
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

function renderBoard(tasks: Partial<Task>[]) {
  const server = fakeTaskServer(tasks)
  render(() => {
    const board = createBoard()
    return (
      <>
        <TaskBoard board={board} />
        <Toasts />
      </>
    )
  })
  return server
}

const item = (title: string) => screen.getByText(title).closest('li')!
const titles = () => screen.queryAllByRole('listitem').map((li) => li.querySelector('span')?.textContent)

beforeEach(() => {
  vi.resetAllMocks()
})

describe('TaskBoard', () => {
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

  it('adds a task from a typed line as its preview shows it, the words read by the server', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    await user.type(screen.getByLabelText('New task'), '  pay rent !high  ')
    expect(await screen.findByText(/Adds “pay rent” · high priority/)).toBeInTheDocument()
    expect(mocked.parseTask).toHaveBeenCalledWith('pay rent !high', today(), [])
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(mocked.createTask).toHaveBeenCalledWith({ title: 'pay rent', priority: 'high' }, expect.stringMatching(/^[0-9a-f]{32}$/))
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
    expect(mocked.createTask).toHaveBeenCalledWith({ title: 'buy milk', priority: 'low', due_date: '2030-05-01' }, expect.any(String))
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

  it('rolls back an add the server refuses, says why, and keeps the text typed', async () => {
    const user = userEvent.setup()
    renderBoard([])
    await screen.findByText('No tasks yet')
    mocked.createTask.mockRejectedValue(new api.ApiError(403, 'QUOTA_EXCEEDED', 'You have 5,000 open tasks, the most an account can have.'))
    await user.type(screen.getByLabelText('New task'), 'buy milk{Enter}')
    expect(await screen.findByText('Could not add "buy milk": You have 5,000 open tasks, the most an account can have.')).toBeInTheDocument()
    expect(screen.getByText('No tasks yet')).toBeInTheDocument()
    expect(screen.getByLabelText('New task')).toHaveValue('buy milk')
  })

  it('keeps an add made while the server cannot be reached, marked as not sent, and sends it once it answers', async () => {
    const user = userEvent.setup()
    const server = renderBoard([])
    await screen.findByText('No tasks yet')
    const create = mocked.createTask.getMockImplementation()!
    mocked.createTask.mockRejectedValueOnce(new api.ApiError(0, 'OFFLINE', 'Cannot reach the server.'))
    await user.type(screen.getByLabelText('New task'), 'buy milk{Enter}')
    expect(await within(item('buy milk')).findByText('Not sent yet')).toBeInTheDocument()
    expect(screen.getByLabelText('New task')).toHaveValue('') // taken, not refused
    mocked.createTask.mockImplementation(create)
    await waitFor(() => expect(within(item('buy milk')).getByText('#1')).toBeInTheDocument(), { timeout: 3000 })
    expect(within(item('buy milk')).queryByText('Not sent yet')).toBeNull()
    // The same key both times: the server makes the task once.
    const [first, second] = mocked.createTask.mock.calls
    expect(second![1]).toBe(first![1])
    expect(server.tasks.map((t) => t.title)).toEqual(['buy milk'])
  })

  it('completes a task at once and moves it below the open ones; rolls back when the server refuses', async () => {
    const user = userEvent.setup()
    renderBoard([{ title: 'buy milk' }, { title: 'call mom' }])
    await screen.findByText('buy milk')
    expect(titles()).toEqual(['call mom', 'buy milk'])
    await user.click(within(item('call mom')).getByRole('checkbox'))
    expect(mocked.updateTask).toHaveBeenCalledWith(2, { completed: true }, undefined)
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
    // With the version the form opened on: a change made elsewhere meanwhile is not overwritten.
    expect(mocked.updateTask).toHaveBeenCalledWith(1, { title: 'call mom tonight', description: 'about the holidays', priority: 'high' }, 1)
    expect(await screen.findByText('about the holidays')).toBeInTheDocument()
  })

  it('an edit meeting a change elsewhere to another field is saved over it, keeping both; the same field asks which to keep', async () => {
    const user = userEvent.setup()
    const server = renderBoard([{ title: 'call mom', priority: 'low' }])
    await screen.findByText('call mom')
    // Elsewhere, after this board loaded it: the priority changes (version 2).
    Object.assign(server.tasks[0]!, { priority: 'high', version: 2 })
    const update = mocked.updateTask.getMockImplementation()!
    mocked.updateTask.mockImplementation(async (n, patch, version) => {
      const current = server.tasks.find((t) => t.number === n)!
      if (version !== undefined && version !== current.version) {
        throw new api.ApiError(409, 'EDIT_CONFLICT', 'changed elsewhere', undefined, undefined, { ...current })
      }
      return update(n, patch, version)
    })
    await user.click(screen.getByRole('button', { name: 'Edit: call mom' }))
    await user.clear(screen.getByLabelText('Title'))
    await user.type(screen.getByLabelText('Title'), 'call mom tonight{Enter}')
    await waitFor(() => expect(screen.queryByLabelText('Title')).toBeNull())
    expect(mocked.updateTask.mock.calls.map((c) => c[2])).toEqual([1, 2]) // sent again over version 2
    expect(server.tasks[0]).toMatchObject({ title: 'call mom tonight', priority: 'high' })

    // The title, changed elsewhere meanwhile to something else: both are shown.
    Object.assign(server.tasks[0]!, { title: 'call mum', version: server.tasks[0]!.version + 1 })
    await user.click(screen.getByRole('button', { name: /^Edit: call mom/ }))
    await user.clear(screen.getByLabelText('Title'))
    await user.type(screen.getByLabelText('Title'), 'call mom at 8{Enter}')
    const conflict = await screen.findByRole('alert', {}, { timeout: 5000 })
    expect(conflict).toHaveTextContent('Theirs: call mum')
    expect(conflict).toHaveTextContent('Yours: call mom at 8')
    expect(server.tasks[0]!.title).toBe('call mum')
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
    expect(mocked.updateTask).toHaveBeenCalledWith(1, { completed: true }, undefined)
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
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(within(dialog).getByText('Undo the last delete')).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

})

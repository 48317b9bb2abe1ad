import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import { fakeTaskServer } from '../lib/tasks.fake'
import { createBoard } from '../lib/tasks.store'
import { describeDeleted } from '../lib/trash.store'
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
  deleteForever: vi.fn(),
  emptyTrash: vi.fn(),
}))
const mocked = vi.mocked(api)

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()

/** The board on a fake server whose trash answers as the server's does: most recently deleted first. */
function renderBoard(tasks: Partial<Task>[]) {
  const server = fakeTaskServer(tasks)
  const trashed = (q = '') =>
    server.tasks
      .filter((t) => t.deleted_at && t.title.toLowerCase().includes(q.toLowerCase()))
      .sort((a, b) => b.deleted_at!.localeCompare(a.deleted_at!) || b.number - a.number)
  mocked.listTasks.mockImplementation(async (query) =>
    query.status === 'deleted' ? { items: trashed(query.q).map((t) => ({ ...t })), next_cursor: null } : server.listTasks(query),
  )
  mocked.deleteForever.mockImplementation(async (n) => {
    const at = server.tasks.findIndex((t) => t.number === n && t.deleted_at)
    if (at === -1) throw new api.ApiError(404, 'NOT_FOUND', 'Task in the trash not found')
    server.tasks.splice(at, 1)
  })
  mocked.emptyTrash.mockImplementation(async (upTo) => {
    const gone = trashed().filter((t) => !upTo || t.deleted_at! <= upTo)
    for (const task of gone) server.tasks.splice(server.tasks.indexOf(task), 1)
    return gone.length
  })
  render(() => {
    const board = createBoard() // once: a prop written as a call is called on every read
    return (
      <>
        <TaskBoard board={board} />
        <Toasts />
      </>
    )
  })
  return server
}

const TASKS: Partial<Task>[] = [
  { title: 'pay rent' },
  { title: 'old receipt', deleted_at: daysAgo(3) },
  { title: 'buy milk', deleted_at: daysAgo(0) },
  { title: 'milk the cow', deleted_at: daysAgo(1) },
]

const trashRows = () => screen.queryAllByRole('listitem').filter((li) => li.dataset.trashNumber !== undefined)
const trashTitles = () => trashRows().map((li) => li.querySelector('span')?.textContent)

async function openTrash(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Trash 3' }))
  await screen.findByRole('heading', { name: 'Trash' })
  await waitFor(() => expect(trashRows()).not.toHaveLength(0))
}

// The board loads the view with import() when first opened: once compiled here, that is quick.
beforeAll(() => import('./TrashView'))

beforeEach(() => {
  vi.resetAllMocks()
  history.replaceState(null, '', '/') // the board keeps its view (a search) in the URL
})

// Each test is a whole visit (a dozen user-event steps): longer than the default on a busy machine.
describe('TrashView', { timeout: 15_000 }, () => {
  it('opens from the toolbar with the trash’s count, lists it most recently deleted first with how long each is kept, and goes back', async () => {
    const user = userEvent.setup()
    renderBoard(TASKS)
    await screen.findByText('pay rent', {}, { timeout: 5000 })
    await openTrash(user)
    expect(screen.getByRole('button', { name: 'Trash 3' })).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'false')
    expect(trashTitles()).toEqual(['buy milk', 'milk the cow', 'old receipt'])
    expect(within(trashRows()[0]!).getByText(/^Deleted today · kept until /)).toBeInTheDocument()
    expect(within(trashRows()[2]!).getByText(/^Deleted 3 days ago · kept until /)).toBeInTheDocument()
    expect(screen.queryByText('pay rent')).toBeNull() // the board's list is not shown beside it
    await user.click(screen.getByRole('button', { name: 'Back to tasks' }))
    expect(await screen.findByText('pay rent')).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Trash' })).toBeNull()
  })

  it('restores a task onto the board and deletes one forever, each from its own row only, even on a double click', async () => {
    const user = userEvent.setup()
    const server = renderBoard(TASKS)
    await screen.findByText('pay rent', {}, { timeout: 5000 })
    await openTrash(user)
    await user.click(screen.getByRole('button', { name: 'Restore: milk the cow' }))
    await waitFor(() => expect(trashTitles()).toEqual(['buy milk', 'old receipt']))
    expect(mocked.restoreTask).toHaveBeenCalledWith(2 + 2)
    expect(await screen.findByRole('button', { name: 'Trash 2' })).toBeInTheDocument() // the board reloaded its counts
    await user.click(screen.getByRole('button', { name: 'Delete forever: buy milk' }))
    await waitFor(() => expect(trashTitles()).toEqual(['old receipt']))
    // A double click's second click lands on the row that slid up under the pointer: it does nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Delete forever: old receipt' }), { detail: 2 })
    fireEvent.click(screen.getByRole('button', { name: 'Restore: old receipt' }), { detail: 2 })
    expect(trashTitles()).toEqual(['old receipt'])
    expect(mocked.deleteForever).toHaveBeenCalledTimes(1)
    expect(server.tasks.map((t) => t.title)).toEqual(['pay rent', 'old receipt', 'milk the cow'])
    expect(await screen.findByText('Deleted "buy milk" for good')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /^All/ }))
    expect(await screen.findByText('milk the cow')).toBeInTheDocument()
  })

  it('empties the trash after a confirmation that says how many tasks go for good; Cancel keeps them', async () => {
    const user = userEvent.setup()
    const server = renderBoard(TASKS)
    await screen.findByText('pay rent', {}, { timeout: 5000 })
    await openTrash(user)
    await user.click(screen.getByRole('button', { name: 'Empty trash' }))
    const dialog = screen.getByRole('dialog', { name: 'Empty the trash?' })
    expect(dialog).toHaveTextContent('3 tasks in the trash will be deleted for good. This cannot be undone.')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(mocked.emptyTrash).not.toHaveBeenCalled()
    expect(trashTitles()).toHaveLength(3)
    await user.click(screen.getByRole('button', { name: 'Empty trash' }))
    await user.click(screen.getByRole('button', { name: 'Delete 3 tasks for good' }))
    expect(await screen.findByText('The trash is empty.')).toBeInTheDocument()
    expect(mocked.emptyTrash).toHaveBeenCalledTimes(1)
    expect(server.tasks.map((t) => t.title)).toEqual(['pay rent'])
    expect(screen.queryByRole('dialog')).toBeNull()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Empty trash' })).toBeDisabled())
  })

  it('emptying removes only what the view counted: a task trashed elsewhere since stays in the trash', async () => {
    const user = userEvent.setup()
    const server = renderBoard(TASKS)
    await screen.findByText('pay rent', {}, { timeout: 5000 })
    await openTrash(user)
    const shown = server.tasks.filter((t) => t.deleted_at).map((t) => t.deleted_at!).sort().at(-1)
    // Trashed on another device after the view loaded.
    server.tasks.push({ ...server.tasks[0]!, number: 99, title: 'trashed elsewhere', deleted_at: new Date(Date.now() + 1000).toISOString() })
    await user.click(screen.getByRole('button', { name: 'Empty trash' }))
    await user.click(screen.getByRole('button', { name: /^Delete \d+ tasks? for good$/ }))
    await waitFor(() => expect(mocked.emptyTrash).toHaveBeenCalledWith(shown))
    expect(server.tasks.map((t) => t.title).sort()).toEqual(['pay rent', 'trashed elsewhere'])
    expect(await screen.findByText('trashed elsewhere')).toBeInTheDocument()
  })

  it('follows the board’s search, and says when nothing in the trash matches', async () => {
    const user = userEvent.setup()
    renderBoard(TASKS)
    await screen.findByText('pay rent', {}, { timeout: 5000 })
    await openTrash(user)
    await user.type(screen.getByLabelText('Search tasks'), 'milk')
    await waitFor(() => expect(trashTitles()).toEqual(['buy milk', 'milk the cow']))
    expect(mocked.listTasks).toHaveBeenCalledWith(expect.objectContaining({ status: 'deleted', q: 'milk' }))
    await user.clear(screen.getByLabelText('Search tasks'))
    await user.type(screen.getByLabelText('Search tasks'), 'zebra')
    expect(await screen.findByText('Nothing in the trash matches “zebra”.')).toBeInTheDocument()
  })

  it('works from the keyboard: t opens it, ↓ and ↑ keep the column, the board’s keys stay off, Escape goes back', async () => {
    const user = userEvent.setup()
    renderBoard(TASKS)
    await screen.findByText('pay rent', {}, { timeout: 5000 })
    await user.keyboard('t')
    await screen.findByRole('heading', { name: 'Trash' })
    expect(screen.getByRole('button', { name: 'Back to tasks' })).toHaveFocus()
    await waitFor(() => expect(trashRows()).toHaveLength(3))
    await user.keyboard('j')
    expect(screen.getByRole('button', { name: 'Restore: buy milk' })).toHaveFocus()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Delete forever: buy milk' })).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('button', { name: 'Delete forever: milk the cow' })).toHaveFocus()
    await user.keyboard('{ArrowUp}')
    expect(screen.getByRole('button', { name: 'Delete forever: buy milk' })).toHaveFocus()
    // The hidden board's keys do nothing here: no toggle, no delete of a live task.
    await user.keyboard('x#u')
    expect(mocked.updateTask).not.toHaveBeenCalled()
    expect(mocked.deleteTask).not.toHaveBeenCalled()
    // Enter on a button acts on its own row, and the focus takes the next row's place.
    await user.keyboard('{Enter}')
    await waitFor(() => expect(trashTitles()).toEqual(['milk the cow', 'old receipt']))
    expect(screen.getByRole('button', { name: 'Delete forever: milk the cow' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(await screen.findByText('pay rent')).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Trash' })).toBeNull()
  })
})

describe('describeDeleted', () => {
  it('counts calendar days and keeps a task 30 days', () => {
    const now = new Date(2026, 11, 6, 9, 0)
    expect(describeDeleted(new Date(2026, 11, 6, 8, 0).toISOString(), now)).toMatch(/^Deleted today · kept until /)
    expect(describeDeleted(new Date(2026, 11, 5, 23, 0).toISOString(), now)).toMatch(/^Deleted yesterday · /)
    expect(describeDeleted(new Date(2026, 11, 1, 12, 0).toISOString(), now)).toMatch(/^Deleted 5 days ago · /)
    const kept = describeDeleted(new Date(2026, 11, 1, 12, 0).toISOString(), now).split('kept until ')[1]
    expect(kept).toBe(new Date(2026, 11, 31).toLocaleDateString(undefined, { day: 'numeric', month: 'short' }))
    // Past the year's end the year is said.
    expect(describeDeleted(new Date(2026, 11, 6, 8, 0).toISOString(), now)).toContain('2027')
  })
})

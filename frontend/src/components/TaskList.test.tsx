import { render, screen, waitFor } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import { today } from '../lib/dates'
import { fakeTaskServer } from '../lib/tasks.fake'
import { dueGroup } from '../lib/tasks.order'
import { createBoard, PAGE_SIZE, type Board } from '../lib/tasks.store'
import type { Task } from '@contract'
import TaskList from './TaskList'

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

/** The list over a board on a fake server; `before` runs once the server is in place. */
function renderList(tasks: Partial<Task>[], before?: () => void) {
  const server = fakeTaskServer(tasks)
  before?.()
  let board!: Board
  render(() => {
    board = createBoard()
    return <TaskList board={board} editing={null} onEditing={() => {}} />
  })
  return { server, board }
}

const titles = () => screen.queryAllByRole('listitem').map((li) => li.querySelector('span')?.textContent)

beforeEach(() => {
  vi.resetAllMocks()
})

describe('TaskList', () => {
  it('shows what to do when there are no tasks', async () => {
    renderList([])
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument()
    expect(screen.getByText(/ask the assistant/)).toBeInTheDocument()
  })

  it('pages as the list grows instead of loading everything', async () => {
    const user = userEvent.setup()
    const { server } = renderList(Array.from({ length: PAGE_SIZE + 5 }, (_, i) => ({ title: `chore ${i}` })))
    await screen.findByText(`chore ${PAGE_SIZE + 4}`)
    expect(screen.queryByText('chore 0')).toBeNull()
    expect(server.queries[0]).toMatchObject({ limit: PAGE_SIZE })
    await user.click(screen.getByRole('button', { name: 'Show more' }))
    expect(await screen.findByText('chore 0')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull()
  })

  it('groups by Overdue / Today / Upcoming / No date when sorted by due date', async () => {
    const { board } = renderList([
      { title: 'late', due_date: '2020-01-01' },
      { title: 'now', due_date: today() },
      { title: 'later', due_date: '2999-01-01' },
      { title: 'whenever' },
      { title: 'finished', completed: true },
    ])
    await screen.findByText('late')
    board.setSort('due')
    await waitFor(() => expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Overdue', 'Today', 'Upcoming', 'No date', 'Done']))
    expect(titles()).toEqual(['late', 'now', 'later', 'whenever', 'finished'])
    expect(dueGroup({ completed: false, due_date: null } as Task)).toBe('No date')
  })

  it('says so when tasks cannot be loaded, and loads them on "Try again"', async () => {
    const user = userEvent.setup()
    renderList([{ title: 'back again' }], () =>
      mocked.listTasks.mockRejectedValueOnce(new api.ApiError(0, 'OFFLINE', 'Cannot reach the server.')),
    )
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server.')
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('back again')).toBeInTheDocument()
  })

  it('shows the server’s order for each sort: open first, then the key, ties newest first', async () => {
    const { board } = renderList([
      { title: 'low soon', priority: 'low', due_date: '2030-01-02' },
      { title: 'high later', priority: 'high', due_date: '2030-03-01' },
      { title: 'medium undated' },
      { title: 'high done', priority: 'high', completed: true },
      { title: 'high undated', priority: 'high' },
    ])
    await screen.findByText('low soon')
    expect(titles()).toEqual(['high undated', 'medium undated', 'high later', 'low soon', 'high done'])
    board.setSort('priority')
    await waitFor(() => expect(titles()).toEqual(['high undated', 'high later', 'medium undated', 'low soon', 'high done']))
    board.setSort('due')
    await waitFor(() => expect(titles()).toEqual(['low soon', 'high later', 'high undated', 'medium undated', 'high done']))
  })

  it('puts a task completed here where the server will have it, before the server answers', async () => {
    const { board } = renderList([{ title: 'a', priority: 'low' }, { title: 'b', priority: 'high' }, { title: 'c', completed: true }])
    board.setSort('priority')
    await waitFor(() => expect(titles()).toEqual(['b', 'a', 'c']))
    mocked.updateTask.mockReturnValueOnce(new Promise(() => {})) // the server never answers
    void board.toggle(board.state.tasks[0]!)
    await waitFor(() => expect(titles()).toEqual(['a', 'b', 'c']))
  })

  it('shows what changed elsewhere (the assistant) when the board is reloaded', async () => {
    const { board, server } = renderList([{ title: 'buy milk' }])
    await screen.findByText('buy milk')
    server.tasks.push({ ...server.tasks[0]!, number: 2, title: 'call mom' })
    void board.reload()
    expect(await screen.findByText('call mom')).toBeInTheDocument()
  })
})

import { render, screen, waitFor } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeTaskServer } from '../lib/tasks.fake'
import { createBoard } from '../lib/tasks.store'
import type { Task } from '@contract'
import BoardToolbar from './BoardToolbar'
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

/** The toolbar over a board on a fake server, with the list it narrows and the summary's totals. */
function renderToolbar(tasks: Partial<Task>[]) {
  const server = fakeTaskServer(tasks)
  render(() => {
    const board = createBoard()
    return (
      <>
        <p>
          {board.totals().pending} open · {board.totals().completed} done
        </p>
        <BoardToolbar board={board} />
        <TaskList board={board} editing={null} onEditing={() => {}} />
      </>
    )
  })
  return server
}

beforeEach(() => {
  vi.resetAllMocks()
})

describe('BoardToolbar', () => {
  it('asks the server for what it shows: status, search (with its counts) and sort', async () => {
    const user = userEvent.setup()
    const server = renderToolbar([
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
})

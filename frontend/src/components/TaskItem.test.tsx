import { render, screen } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { createSignal } from 'solid-js'
import { describe, expect, it, vi } from 'vitest'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '@contract/limits'
import type { Task } from '@contract'
import TaskItem from './TaskItem'

const task: Task = {
  number: 4,
  title: 'call mom',
  description: null,
  completed: false,
  priority: 'high',
  due_date: '2020-01-01',
  created_at: '2020-01-01T00:00:00.000Z',
  updated_at: '2020-01-01T00:00:00.000Z',
  deleted_at: null,
  version: 1,
}

function renderItem(value: Task = task) {
  const handlers = { onToggle: vi.fn(), onEdit: vi.fn(async () => {}), onDelete: vi.fn() }
  render(() => {
    const [editing, setEditing] = createSignal(false)
    return (
      <ul>
        <TaskItem task={value} tabbable editing={editing()} onEditing={setEditing} onFocus={() => {}} {...handlers} />
      </ul>
    )
  })
  return handlers
}

describe('TaskItem', () => {
  it('shows the number, the priority and an overdue date, and hands on a toggle and a delete', () => {
    const { onToggle, onDelete } = renderItem()
    expect(screen.getByText('#4')).toBeInTheDocument()
    expect(screen.getByText('▲ High')).toBeInTheDocument()
    expect(screen.getByRole('listitem')).toHaveAccessibleName('call mom, overdue')
    screen.getByRole('checkbox').click()
    expect(onToggle).toHaveBeenCalledWith(task)
    screen.getByRole('button', { name: 'Delete: call mom' }).click()
    expect(onDelete).toHaveBeenCalledWith(task)
  })

  it('sends only the fields that changed, and refuses a title over the server’s limit, saying the limit', async () => {
    const user = userEvent.setup()
    const { onEdit } = renderItem()
    await user.dblClick(screen.getByText('call mom'))
    const title = screen.getByLabelText('Title')
    await user.clear(title)
    await user.click(title)
    await user.paste('x'.repeat(TITLE_MAX_LENGTH + 1))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(screen.getByText(`Titles can be up to ${TITLE_MAX_LENGTH} characters; this one has ${TITLE_MAX_LENGTH + 1}.`)).toBeInTheDocument()
    expect(onEdit).not.toHaveBeenCalled()
    expect(title).toHaveValue('x'.repeat(TITLE_MAX_LENGTH + 1))
    await user.clear(title)
    await user.type(title, 'call dad')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onEdit).toHaveBeenCalledWith(task, { title: 'call dad' }, task.version, task)
    expect(screen.queryByLabelText('Title')).toBeNull()
  })

  it('deletes once on a double click of the delete icon, and by keyboard', async () => {
    const user = userEvent.setup()
    const { onDelete } = renderItem()
    const remove = screen.getByRole('button', { name: 'Delete: call mom' })
    await user.dblClick(remove)
    expect(onDelete).toHaveBeenCalledTimes(1)
    remove.focus()
    await user.keyboard('{Enter}')
    expect(onDelete).toHaveBeenCalledTimes(2)
  })

  it('keeps a description’s line breaks, and a paste over its limit whole, refusing to save it', async () => {
    const user = userEvent.setup()
    const { onEdit } = renderItem({ ...task, description: 'first line\nsecond line' })
    await user.dblClick(screen.getByText('call mom'))
    const description = screen.getByLabelText('Description') as HTMLTextAreaElement
    expect(description.value).toBe('first line\nsecond line')
    await user.click(description)
    await user.paste('z'.repeat(DESCRIPTION_MAX_LENGTH))
    expect(description.value).toHaveLength(DESCRIPTION_MAX_LENGTH + 22)
    expect(screen.getByText('Descriptions can be up to 2,000 characters; this one has 2,022.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onEdit).not.toHaveBeenCalled()
    expect(description.value).toHaveLength(DESCRIPTION_MAX_LENGTH + 22)
  })

  it('cancels an edit on Escape without saving', async () => {
    const user = userEvent.setup()
    const { onEdit } = renderItem()
    await user.click(screen.getByRole('button', { name: 'Edit: call mom' }))
    await user.type(screen.getByLabelText('Title'), ' today{Escape}')
    expect(screen.queryByLabelText('Title')).toBeNull()
    expect(onEdit).not.toHaveBeenCalled()
  })

  it('greys out a task the server has not confirmed yet', () => {
    renderItem({ ...task, number: -1 })
    expect(screen.queryByText('#-1')).toBeNull()
    expect(screen.getByRole('checkbox')).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Edit: call mom' })).toBeDisabled()
  })
})

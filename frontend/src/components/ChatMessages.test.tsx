import { describe, expect, it } from 'vitest'
import { describeToolCall } from './ChatMessages'

const created = { name: 'add_task', arguments: { title: 'buy milk' }, result: { task_number: 7, status: 'created', title: 'buy milk' } }

describe('describeToolCall', () => {
  it.each([
    [created, '✓ Added #7 buy milk', true],
    [{ name: 'complete_task', arguments: {}, result: { task_number: 1, status: 'completed', title: 'x' } }, '✓ Done #1 x', true],
    [{ name: 'delete_task', arguments: {}, result: { task_number: 1, status: 'deleted', title: 'x' } }, '✓ Deleted #1 x', true],
    [{ name: 'update_task', arguments: {}, result: { task_number: 1, status: 'updated', title: 'y' } }, '✓ Changed #1 y', true],
    [{ name: 'restore_tasks', arguments: {}, result: { status: 'restored', tasks: [{ number: 1, title: 'x' }, { number: 2, title: 'y' }] } }, '✓ Restored 2 tasks', true],
    [{ name: 'delete_task', arguments: {}, result: { error: 'There is no task #9' } }, '⚠ There is no task #9', false],
  ])('%j → %s', (call, text, ok) => {
    expect(describeToolCall(call)).toMatchObject({ text, ok })
  })

  it('gives reads no card: the reply says what they found', () => {
    expect(describeToolCall({ name: 'list_tasks', arguments: {}, result: { total: 2, tasks: [] } })).toBeNull()
    expect(describeToolCall({ name: 'find_tasks', arguments: {}, result: { match: null, candidates: [] } })).toBeNull()
  })
})

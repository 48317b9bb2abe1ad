import { render, screen, waitFor } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import { userMessage } from '../lib/messages'
import type { Message } from '@contract'
import ChatPanel from './ChatPanel'

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  getChatInfo: vi.fn(),
  listConversations: vi.fn(),
  listMessages: vi.fn(),
  deleteConversation: vi.fn(),
  sendChat: vi.fn(),
}))
const mocked = vi.mocked(api)

const created = { name: 'add_task', arguments: { title: 'buy milk' }, result: { task_number: 7, status: 'created', title: 'buy milk' }, read_only: false }

function message(id: number, role: 'user' | 'assistant', content: string, tool_calls: Message['tool_calls'] = null): Message {
  return { id, role, content, tool_calls, created_at: new Date().toISOString() }
}

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  mocked.getChatInfo.mockResolvedValue({ mode: 'builtin', model: null })
  mocked.listConversations.mockResolvedValue([])
  mocked.listMessages.mockResolvedValue([])
})

describe('ChatPanel', () => {
  it('says when the built-in assistant is answering', async () => {
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    const note = await screen.findByText(/Built-in assistant/)
    expect(note).not.toHaveTextContent(/OPENAI|API key/)
  })

  it('shows no built-in banner when an AI model answers', async () => {
    mocked.getChatInfo.mockResolvedValue({ mode: 'openai', model: 'gpt-4.1-mini' })
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await waitFor(() => expect(mocked.getChatInfo).toHaveBeenCalled())
    await screen.findByText(/Ask me to manage your tasks/)
    expect(screen.queryByText(/Built-in assistant/)).toBeNull()
  })

  it('tells the board only of a tool that may change tasks and did not fail, as the server flags it', async () => {
    const user = userEvent.setup()
    const onTasksChanged = vi.fn()
    const listed = { name: 'list_tasks', arguments: {}, result: { tasks: [], total: 0 }, read_only: true }
    const refused = { name: 'delete_task', arguments: { task_number: 9 }, result: { error: 'There is no task #9' }, read_only: false }
    const stored = { name: 'complete_task', arguments: { task_number: 1 }, result: { task_number: 1, status: 'completed', title: 'a' } } // no flag: stored before it
    let streamed = false
    mocked.sendChat.mockImplementation(async (_message, _conversation, handlers) => {
      for (const call of [listed, refused, stored]) handlers?.onTool?.(call)
      streamed = true
      return { conversation_id: 3, response: 'Nothing changed.', tool_calls: [listed, refused, stored] }
    })
    render(() => <ChatPanel onTasksChanged={onTasksChanged} />)
    await screen.findByText(/Ask me to manage your tasks/)
    await user.type(screen.getByLabelText('Message the assistant'), 'what is pending{Enter}')
    await waitFor(() => expect(streamed).toBe(true))
    expect(onTasksChanged).not.toHaveBeenCalled()
  })

  it('streams a reply, shows the action as a card (unless the reply names the task), and tells the board at once', async () => {
    const user = userEvent.setup()
    const onTasksChanged = vi.fn()
    let finish!: () => void
    mocked.sendChat.mockImplementation(async (_message, _conversation, handlers) => {
      handlers?.onStart?.({ conversation_id: 3, user_message_id: 1 })
      handlers?.onTool?.(created)
      handlers?.onDelta?.('✓ Added ')
      handlers?.onDelta?.('"buy milk".')
      await new Promise<void>((resolve) => (finish = resolve))
      return { conversation_id: 3, response: '✓ Added "buy milk".', tool_calls: [created] }
    })
    render(() => <ChatPanel onTasksChanged={onTasksChanged} />)
    await screen.findByText(/Ask me to manage your tasks/)
    await user.type(screen.getByLabelText('Message the assistant'), 'add buy milk{Enter}')

    expect(mocked.sendChat).toHaveBeenCalledWith('add buy milk', undefined, expect.any(Object))
    expect(await screen.findByText('✓ Added #7 buy milk')).toBeInTheDocument()
    expect(screen.getByText('✓ Added "buy milk".')).toBeInTheDocument() // the deltas, before the turn ends
    expect(onTasksChanged).toHaveBeenCalledTimes(1)
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('')

    mocked.listMessages.mockResolvedValue([message(1, 'user', 'add buy milk'), message(2, 'assistant', '✓ Added #7 "buy milk".', [created])])
    mocked.listConversations.mockResolvedValue([{ id: 3, title: 'add buy milk', created_at: '', updated_at: '' }])
    finish()
    await waitFor(() => expect(mocked.listMessages).toHaveBeenCalledWith(3))
    expect(await screen.findByRole('option', { name: 'add buy milk' })).toBeInTheDocument()
    expect(screen.getByLabelText('Message the assistant')).toHaveFocus()
    // The stored reply names #7 itself, so no card repeats it.
    expect(screen.getByText('✓ Added #7 "buy milk".')).toBeInTheDocument()
    expect(screen.queryByText('✓ Added #7 buy milk')).toBeNull()
  })

  it('dismisses the built-in note for good', async () => {
    const user = userEvent.setup()
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await user.click(await screen.findByRole('button', { name: 'Dismiss this note' }))
    expect(screen.queryByText(/Built-in assistant/)).toBeNull()
    expect(localStorage.getItem('todo-chatbot.builtin-banner-dismissed')).toBe('1')
  })

  it('asks before deleting a conversation', async () => {
    const user = userEvent.setup()
    mocked.listConversations.mockResolvedValue([{ id: 2, title: 'groceries', created_at: '', updated_at: '' }])
    mocked.listMessages.mockResolvedValue([message(1, 'user', 'add eggs')])
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await screen.findByText('add eggs')
    await user.click(screen.getByRole('button', { name: 'Delete this conversation' }))
    expect(mocked.deleteConversation).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.getByText('add eggs')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Delete this conversation' }))
    mocked.listConversations.mockResolvedValue([])
    await user.click(screen.getByRole('button', { name: 'Delete' }))
    expect(mocked.deleteConversation).toHaveBeenCalledWith(2)
  })

  it('reopens the conversation that was being read, not the most recent one', async () => {
    mocked.listConversations.mockResolvedValue([
      { id: 2, title: 'groceries', created_at: '', updated_at: '' },
      { id: 1, title: 'work', created_at: '', updated_at: '' },
    ])
    mocked.listMessages.mockImplementation(async (id) => [message(id * 10, 'user', id === 2 ? 'add eggs' : 'add report')])
    localStorage.setItem('todo-chatbot.conversation', '1')
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    expect(await screen.findByText('add report')).toBeInTheDocument()
  })

  it('a message sent while a reply is still arriving waits in the box, says so, and goes once the reply ends', async () => {
    const user = userEvent.setup()
    const finishes: (() => void)[] = []
    mocked.sendChat.mockImplementation(async (message, _conversation, handlers) => {
      handlers?.onStart?.({ conversation_id: 3, user_message_id: 1 })
      handlers?.onDelta?.(`Done: ${message}`)
      await new Promise<void>((resolve) => finishes.push(resolve))
      return { conversation_id: 3, response: `Done: ${message}`, tool_calls: [] }
    })
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await screen.findByText(/Ask me to manage your tasks/)
    const box = screen.getByLabelText('Message the assistant')
    await user.type(box, 'add eggs{Enter}')
    await screen.findByText('Done: add eggs')
    await user.type(box, 'add milk{Enter}')
    expect(mocked.sendChat).toHaveBeenCalledTimes(1)
    expect(box).toHaveValue('add milk') // still there, and still the user's to edit
    expect(screen.getByRole('button', { name: 'Sends after this reply' })).toBeDisabled()
    expect(screen.getByRole('status')).toHaveTextContent('Your message will be sent after this reply.')
    finishes[0]!()
    await waitFor(() => expect(mocked.sendChat).toHaveBeenCalledTimes(2))
    expect(mocked.sendChat).toHaveBeenLastCalledWith('add milk', 3, expect.any(Object))
    expect(box).toHaveValue('')
    expect(screen.getByRole('status')).toHaveTextContent('')
    finishes[1]!()
    await waitFor(() => expect(mocked.listMessages).toHaveBeenCalledTimes(2)) // the second turn has ended
    await waitFor(() => expect(box).toHaveFocus())
    expect(mocked.sendChat).toHaveBeenCalledTimes(2)
  })

  it('editing a waiting message, or opening another conversation, ends the wait: nothing half-typed or misplaced is sent', async () => {
    const user = userEvent.setup()
    const finishes: (() => void)[] = []
    mocked.listConversations.mockResolvedValue([{ id: 2, title: 'groceries', created_at: '', updated_at: '' }])
    mocked.sendChat.mockImplementation(async (message, conversation, handlers) => {
      handlers?.onStart?.({ conversation_id: conversation ?? 5, user_message_id: 1 })
      await new Promise<void>((resolve) => finishes.push(resolve))
      return { conversation_id: conversation ?? 5, response: `Done: ${message}`, tool_calls: [] }
    })
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    const box = screen.getByLabelText('Message the assistant')
    await waitFor(() => expect(mocked.listMessages).toHaveBeenCalledWith(2))
    await user.type(box, 'add eggs{Enter}')
    await user.type(box, 'add milk{Enter}')
    await user.type(box, ' and bre')
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled()
    finishes[0]!()
    await waitFor(() => expect(box).toHaveFocus())
    expect(mocked.sendChat).toHaveBeenCalledTimes(1)
    expect(box).toHaveValue('add milk and bre')

    await user.type(box, '{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}{Enter}')
    expect(mocked.sendChat).toHaveBeenCalledTimes(2)
    await user.type(box, 'what is due{Enter}')
    expect(screen.getByRole('button', { name: 'Sends after this reply' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'New chat' }))
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled()
    finishes[1]!()
    await waitFor(() => expect(mocked.listMessages).toHaveBeenCalledTimes(3))
    expect(mocked.sendChat).toHaveBeenCalledTimes(2)
    expect(box).toHaveValue('what is due')
  })

  // Stored: the server had the message when the reply failed, so only the waiting one stays
  // in the box. Not stored: the failed message comes back too, before the waiting one.
  it.each([
    { stored: true, error: new api.ApiError(502, 'AI_UNAVAILABLE', 'The assistant is not available right now'), box: 'add milk' },
    { stored: false, error: new api.ApiError(429, 'RATE_LIMITED', 'Too many messages; try again in 30 s'), box: 'add eggs\n\nadd milk' },
  ])('a waiting message is not sent after a reply that failed, and stays in the box (stored: $stored)', async ({ stored, error, box: expected }) => {
    const user = userEvent.setup()
    let fail!: (error: Error) => void
    mocked.sendChat.mockImplementation((_message, _conversation, handlers) => {
      if (stored) handlers?.onStart?.({ conversation_id: 4, user_message_id: 9 })
      return new Promise((_resolve, reject) => (fail = reject))
    })
    mocked.listMessages.mockResolvedValue([message(9, 'user', 'add eggs')])
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await screen.findByText(/Ask me to manage your tasks/)
    const box = screen.getByLabelText('Message the assistant')
    await user.type(box, 'add eggs{Enter}')
    await waitFor(() => expect(box).toHaveValue(''))
    await user.type(box, 'add milk{Enter}')
    fail(error)
    expect(await screen.findByRole('alert')).toHaveTextContent(error.message)
    expect(box).toHaveValue(expected)
    expect(mocked.sendChat).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled()
  })

  it('sends on Enter but not on Shift+Enter', async () => {
    const user = userEvent.setup()
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await screen.findByText(/Ask me to manage your tasks/)
    await user.type(screen.getByLabelText('Message the assistant'), 'first line{Shift>}{Enter}{/Shift}second line')
    expect(mocked.sendChat).not.toHaveBeenCalled()
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('first line\nsecond line')
  })

  it('shows a clear banner when the AI service failed, and keeps the conversation', async () => {
    const user = userEvent.setup()
    mocked.sendChat.mockImplementation(async (_m, _c, handlers) => {
      handlers?.onStart?.({ conversation_id: 4, user_message_id: 9 })
      throw new api.ApiError(502, 'AI_AUTH', userMessage(502, 'AI_AUTH', 'The AI service rejected the API key. Check OPENAI_API_KEY.'))
    })
    mocked.listMessages.mockResolvedValue([message(9, 'user', 'hello')])
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await screen.findByText(/Ask me to manage your tasks/)
    await user.type(screen.getByLabelText('Message the assistant'), 'hello{Enter}')
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('The assistant is not available right now')
    expect(alert).not.toHaveTextContent(/OPENAI|API key/)
    expect(screen.getByText('hello')).toBeInTheDocument()
  })

  it('gives the message back when it never reached the server', async () => {
    const user = userEvent.setup()
    mocked.sendChat.mockRejectedValue(new api.ApiError(429, 'RATE_LIMITED', 'Too many messages; try again in 30 s'))
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    await screen.findByText(/Ask me to manage your tasks/)
    await user.type(screen.getByLabelText('Message the assistant'), 'add buy milk{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many messages')
    expect(screen.getByLabelText('Message the assistant')).toHaveValue('add buy milk')
  })

  it('opens the most recent conversation and switches between them', async () => {
    const user = userEvent.setup()
    mocked.listConversations.mockResolvedValue([
      { id: 2, title: 'groceries', created_at: '', updated_at: '' },
      { id: 1, title: 'work', created_at: '', updated_at: '' },
    ])
    mocked.listMessages.mockImplementation(async (id) => [message(id * 10, 'user', id === 2 ? 'add eggs' : 'add report')])
    render(() => <ChatPanel onTasksChanged={() => {}} />)
    expect(await screen.findByText('add eggs')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Conversation'), 'work')
    expect(await screen.findByText('add report')).toBeInTheDocument()
  })
})

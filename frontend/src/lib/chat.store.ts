// The chat panel's data and behaviour: the conversations, the one being read (kept across
// reloads), and a turn as it streams in, until the stored turn replaces it. Components draw
// it; only lib/api.ts talks to the server.
import { onMount } from 'solid-js'
import { createStore } from 'solid-js/store'
import type { Conversation, Message, TaskChange, ToolCallRecord } from '@contract'
import * as api from './api'
import { showError } from './toast'

/** The conversation being read, kept across reloads. */
const CURRENT_KEY = 'todo-chatbot.conversation'
export const BANNER_KEY = 'todo-chatbot.builtin-banner-dismissed'

export function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

export function remember(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // private mode: only a convenience
  }
}

/** Forgets which conversation was being read (on sign-out: the next account must not open it). */
export const forgetConversation = () => remember(CURRENT_KEY, null)

/** What a tool reports when it changed tasks. */
export const CHANGES: Record<TaskChange['status'], string> = {
  created: 'Added',
  completed: 'Done',
  reopened: 'Reopened',
  deleted: 'Deleted',
  restored: 'Restored',
  updated: 'Changed',
}
/** A tool that may change tasks (the server says which only read) and did not fail. */
const changesTasks = (call: ToolCallRecord) => call.read_only === false && !Object.hasOwn(Object(call.result), 'error')

/**
 * A chat over the signed-in user's conversations; create it inside a component. It opens the
 * conversation that was being read (or the newest) when mounted. `onTasksChanged` is called
 * as soon as a tool of a turn changed tasks; `onUpdate` whenever the log grew.
 */
export function createChat(options: { onTasksChanged: () => void; onUpdate?: () => void }) {
  const [state, setState] = createStore({
    conversations: [] as Conversation[],
    current: undefined as number | undefined,
    messages: [] as Message[],
    loading: false,
    sending: false,
    /** The turn being streamed: what was sent, the reply so far, the tools it called. */
    pending: null as null | { message: string; text: string; tools: ToolCallRecord[] },
    failure: '',
  })
  const updated = () => options.onUpdate?.()

  async function refreshConversations() {
    try {
      setState('conversations', await api.listConversations())
    } catch (error) {
      showError(error, 'Could not load your conversations')
    }
  }

  async function open(id: number | undefined) {
    setState({ current: id, messages: [], failure: '' })
    remember(CURRENT_KEY, id === undefined ? 'new' : String(id))
    if (id === undefined) return
    setState('loading', true)
    try {
      setState('messages', await api.listMessages(id))
      updated()
    } catch (error) {
      showError(error, 'Could not load the conversation')
    } finally {
      setState('loading', false)
    }
  }

  // A reload reopens the conversation that was being read (or a new one, if that was it).
  onMount(async () => {
    await refreshConversations()
    const last = remembered(CURRENT_KEY)
    if (last === 'new') return
    const kept = state.conversations.find((c) => String(c.id) === last)
    const first = kept ?? state.conversations[0]
    if (first) await open(first.id)
  })

  /**
   * Sends a message and streams the reply; never rejects. Resolves false when the message
   * never reached the server (the caller gives it back to the user).
   */
  async function send(message: string): Promise<boolean> {
    setState({ sending: true, failure: '', pending: { message, text: '', tools: [] } })
    updated()
    let stored = false // once the server has the message, it shows in the conversation
    try {
      const reply = await api.sendChat(message, state.current, {
        onStart: ({ conversation_id }) => {
          stored = true
          setState('current', conversation_id)
          remember(CURRENT_KEY, String(conversation_id))
        },
        onDelta: (text) => {
          setState('pending', 'text', (t) => t + text)
          updated()
        },
        onTool: (call) => {
          setState('pending', 'tools', (tools) => [...tools, call])
          if (changesTasks(call)) options.onTasksChanged()
        },
      })
      // Swap the streamed draft for the stored turn in one update, so its cards never
      // show twice (or vanish) in between.
      const messages = await api.listMessages(reply.conversation_id)
      setState({ current: reply.conversation_id, messages, pending: null })
      void refreshConversations()
      return true
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      if (stored) {
        await open(state.current)
        await refreshConversations()
      }
      setState('failure', text)
      return stored
    } finally {
      setState({ sending: false, pending: null })
      updated()
    }
  }

  /** Deletes the conversation being read, then opens the newest one left. */
  async function remove() {
    const id = state.current
    if (id === undefined) return
    try {
      await api.deleteConversation(id)
      await refreshConversations()
      await open(state.conversations[0]?.id)
    } catch (error) {
      showError(error, 'Could not delete the conversation')
    }
  }

  return { state, open, send, remove }
}

export type Chat = ReturnType<typeof createChat>

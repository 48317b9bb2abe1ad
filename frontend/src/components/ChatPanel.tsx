// Over 300 lines, knowingly: the chat panel holds its stream reader, its history and its
// rendering together. It is to be split with the board (a chat store beside the board store).
import { createResource, createSignal, For, onMount, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import * as api from '../lib/api'
import { showError } from '../lib/toast'
import type { Message, Conversation, ToolCallRecord } from '@contract'
import styles from './ChatPanel.module.css'
import Icon from './Icon'

type Summary = { number: number; title: string }
type Result = {
  error?: string
  status?: string
  title?: string
  task_number?: number
  total?: number
  tasks?: Summary[]
  match?: Summary | null
  candidates?: Summary[]
}

const VERBS: Record<string, string> = {
  created: 'Added',
  completed: 'Done',
  reopened: 'Reopened',
  deleted: 'Deleted',
  restored: 'Restored',
  updated: 'Changed',
}
/** Tools that only read: what they found is in the reply, so they get no card. */
const READS = new Set(['list_tasks', 'find_tasks', 'get_task'])

/** "✓ Added #3 buy milk": what a tool changed, in a few words; null for a read. */
export function describeToolCall(call: ToolCallRecord): { text: string; ok: boolean; numbers: number[] } | null {
  const result = (call.result ?? {}) as Result
  if (result.error) return { text: `⚠ ${result.error}`, ok: false, numbers: [] }
  if (READS.has(call.name)) return null
  const verb = VERBS[result.status ?? ''] ?? call.name
  if (result.tasks) {
    const count = result.tasks.length
    return { text: `✓ ${verb} ${count} task${count === 1 ? '' : 's'}`, ok: true, numbers: result.tasks.map((t) => t.number) }
  }
  return { text: `✓ ${verb} #${result.task_number} ${result.title ?? ''}`.trim(), ok: true, numbers: result.task_number ? [result.task_number] : [] }
}

const CHANGES = new Set(Object.keys(VERBS))
const changesTasks = (call: ToolCallRecord) => CHANGES.has((call.result as Result | null)?.status ?? '')

/**
 * Cards for what the turn changed, except where the reply already says it (it names the
 * task's number): the card never repeats the sentence next to it.
 */
function ToolCards(props: { calls: ToolCallRecord[]; text: string }) {
  const cards = () =>
    props.calls
      .map(describeToolCall)
      .filter((card): card is NonNullable<typeof card> => card !== null)
      .filter((card) => (card.ok ? !card.numbers.some((n) => props.text.includes(`#${n}`)) : !props.text.includes(card.text.slice(2))))
  return (
    <Show when={cards().length > 0}>
      <ul class={styles.tools}>
        <For each={cards()}>{(card) => <li classList={{ [styles.tool!]: true, [styles.toolError!]: !card.ok }}>{card.text}</li>}</For>
      </ul>
    </Show>
  )
}

/** The conversation being read, kept across reloads. */
const CURRENT_KEY = 'todo-chatbot.conversation'
const BANNER_KEY = 'todo-chatbot.builtin-banner-dismissed'
function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
function remember(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    // private mode: only a convenience
  }
}

export default function ChatPanel(props: { onTasksChanged: () => void }) {
  let input!: HTMLTextAreaElement
  let log!: HTMLDivElement
  const [info] = createResource(api.getChatInfo)
  const [state, setState] = createStore({
    conversations: [] as Conversation[],
    current: undefined as number | undefined,
    messages: [] as Message[],
    loading: false,
    sending: false,
    pending: null as null | { message: string; text: string; tools: ToolCallRecord[] },
    failure: '',
    confirmDelete: false,
  })
  const [banner, setBanner] = createSignal(remembered(BANNER_KEY) === null)
  const [draft, setDraft] = createSignal('')

  const scrollDown = () =>
    queueMicrotask(() => {
      if (log) log.scrollTop = log.scrollHeight
    })

  async function refreshConversations() {
    try {
      setState('conversations', await api.listConversations())
    } catch (error) {
      showError(error, 'Could not load your conversations')
    }
  }

  async function open(id: number | undefined) {
    setState({ current: id, messages: [], failure: '', confirmDelete: false })
    remember(CURRENT_KEY, id === undefined ? 'new' : String(id))
    if (id === undefined) return
    setState('loading', true)
    try {
      setState('messages', await api.listMessages(id))
      scrollDown()
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

  async function send(event?: Event) {
    event?.preventDefault()
    const message = draft().trim()
    if (!message || state.sending) return
    setDraft('')
    setState({ sending: true, failure: '', pending: { message, text: '', tools: [] } })
    scrollDown()
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
          scrollDown()
        },
        onTool: (call) => {
          setState('pending', 'tools', (tools) => [...tools, call])
          if (changesTasks(call)) props.onTasksChanged()
        },
      })
      // Swap the streamed draft for the stored turn in one update, so its cards never
      // show twice (or vanish) in between.
      const messages = await api.listMessages(reply.conversation_id)
      setState({ current: reply.conversation_id, messages, pending: null })
      void refreshConversations()
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      const ai = error instanceof api.ApiError && error.code.startsWith('AI_')
      if (stored) {
        await open(state.current)
        await refreshConversations()
      } else {
        setDraft(message) // nothing typed is lost
      }
      setState('failure', ai ? `The AI service failed: ${text}` : text)
    } finally {
      setState({ sending: false, pending: null })
      input.focus()
      scrollDown()
    }
  }

  async function remove() {
    const id = state.current
    if (id === undefined) return
    setState('confirmDelete', false)
    try {
      await api.deleteConversation(id)
      await refreshConversations()
      await open(state.conversations[0]?.id)
    } catch (error) {
      showError(error, 'Could not delete the conversation')
    }
  }

  function newChat() {
    void open(undefined)
    input.focus()
  }

  return (
    <section class={styles.panel} aria-labelledby="chat-title">
      <header class={styles.header}>
        <h2 id="chat-title">Assistant</h2>
        <div class={styles.controls}>
          <button class={styles.button} onClick={newChat}>
            New chat
          </button>
          <Show when={state.current !== undefined}>
            <button
              class={styles.button}
              onClick={() => setState('confirmDelete', true)}
              aria-label="Delete this conversation"
              title="Delete this conversation"
            >
              <Icon name="trash" />
            </button>
          </Show>
        </div>
        <label class="visually-hidden" for="conversation">
          Conversation
        </label>
        <select
          id="conversation"
          class={styles.conversations}
          title={state.conversations.find((c) => c.id === state.current)?.title ?? 'New conversation'}
          onChange={(e) => open(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
        >
          <option value="" selected={state.current === undefined}>
            New conversation
          </option>
          <For each={state.conversations}>
            {(c) => (
              <option value={c.id} selected={c.id === state.current}>
                {c.title ?? `Conversation ${c.id}`}
              </option>
            )}
          </For>
        </select>
      </header>

      <Show when={state.confirmDelete}>
        <div class={styles.confirm} role="alertdialog" aria-labelledby="confirm-delete-text">
          <span id="confirm-delete-text">Delete this conversation and its messages? Tasks stay as they are.</span>
          <button class={styles.danger} onClick={remove} ref={(el) => queueMicrotask(() => el.focus())}>
            Delete
          </button>
          <button class={styles.button} onClick={() => setState('confirmDelete', false)}>
            Cancel
          </button>
        </div>
      </Show>

      <Show when={info()?.mode === 'builtin' && banner()}>
        <p class={styles.banner}>
          <span>
            Built-in assistant (no API key): plain commands like “add buy milk tomorrow”, “what’s due this week?”. Set{' '}
            <code>OPENAI_API_KEY</code> for an AI model.
          </span>
          <button
            class={styles.dismiss}
            aria-label="Dismiss this note"
            onClick={() => {
              setBanner(false)
              remember(BANNER_KEY, '1')
            }}
          >
            ×
          </button>
        </p>
      </Show>
      <Show when={state.failure}>
        <p class={styles.failure} role="alert">
          {state.failure}
        </p>
      </Show>

      <div class={styles.log} ref={log} role="log" aria-live="polite" aria-busy={state.loading || state.sending}>
        <Show when={!state.loading && state.messages.length === 0 && !state.pending}>
          <div class={styles.empty}>
            <p>Ask me to manage your tasks:</p>
            <ul>
              <li>“Add pay rent friday, high priority”</li>
              <li>“What’s due this week?”</li>
              <li>“I called the plumber”</li>
            </ul>
          </div>
        </Show>
        <For each={state.messages.filter((m) => m.role !== 'tool')}>
          {(m) => (
            <div class={m.role === 'user' ? styles.user : styles.assistant}>
              <ToolCards calls={m.tool_calls ?? []} text={m.content} />
              <Show when={m.content}>
                <p class={styles.text}>{m.content}</p>
              </Show>
            </div>
          )}
        </For>
        <Show when={state.pending}>
          {(pending) => (
            <>
              <div class={styles.user}>
                <p class={styles.text}>{pending().message}</p>
              </div>
              <div class={styles.assistant} aria-busy="true">
                <ToolCards calls={pending().tools} text={pending().text} />
                <p class={styles.text}>{pending().text || '…'}</p>
              </div>
            </>
          )}
        </Show>
      </div>

      <form class={styles.composer} onSubmit={send}>
        <label for="chat-input" class="visually-hidden">
          Message the assistant
        </label>
        <textarea
          id="chat-input"
          ref={input}
          rows={2}
          maxLength={4000}
          placeholder="Message the assistant…"
          title="Enter sends; Shift+Enter starts a new line"
          value={draft()}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) void send(e)
          }}
        />
        <button type="submit" class={styles.send} disabled={state.sending || !draft().trim()}>
          {state.sending ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  )
}

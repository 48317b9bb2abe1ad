import { createResource, createSignal, For, onMount, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import * as api from '../lib/api'
import { showError } from '../lib/toast'
import type { Message, Conversation, ToolCallRecord } from '@contract'
import styles from './ChatPanel.module.css'
import Icon from './Icon'

/** "✓ Created: buy milk": what a tool did, in a few words. */
export function describeToolCall(call: ToolCallRecord): { text: string; ok: boolean } {
  const result = (call.result ?? {}) as { status?: string; title?: string; count?: number; error?: string }
  if (result.error) return { text: `⚠ ${result.error}`, ok: false }
  if (call.name === 'list_tasks') return { text: `☰ Listed ${result.count ?? 0} task${result.count === 1 ? '' : 's'}`, ok: true }
  const verb = { created: 'Created', completed: 'Completed', deleted: 'Deleted', updated: 'Updated' }[result.status ?? '']
  return { text: `✓ ${verb ?? call.name}: ${result.title ?? ''}`, ok: true }
}

const changesTasks = (call: ToolCallRecord) => {
  const status = (call.result as { status?: string } | null)?.status
  return status === 'created' || status === 'completed' || status === 'deleted' || status === 'updated'
}

function ToolCards(props: { calls: ToolCallRecord[] }) {
  return (
    <Show when={props.calls.length > 0}>
      <ul class={styles.tools}>
        <For each={props.calls}>
          {(call) => {
            const card = describeToolCall(call)
            return <li classList={{ [styles.tool!]: true, [styles.toolError!]: !card.ok }}>{card.text}</li>
          }}
        </For>
      </ul>
    </Show>
  )
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
  })
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
    setState({ current: id, messages: [], failure: '' })
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

  onMount(async () => {
    await refreshConversations()
    if (state.conversations[0]) await open(state.conversations[0].id)
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
          <label class="visually-hidden" for="conversation">
            Conversation
          </label>
          <select id="conversation" onChange={(e) => open(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}>
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
          <button class={styles.button} onClick={newChat}>
            New chat
          </button>
          <Show when={state.current !== undefined}>
            <button class={styles.button} onClick={remove} aria-label="Delete this conversation" title="Delete this conversation">
              <Icon name="trash" />
            </button>
          </Show>
        </div>
      </header>

      <Show when={info()?.mode === 'builtin'}>
        <p class={styles.banner}>
          Built-in assistant (no API key): it understands simple commands like “add buy milk tomorrow”, “what’s
          pending?”, “mark task 3 as done”. Set <code>OPENAI_API_KEY</code> to use an AI model.
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
              <li>“Add a task to buy groceries, high priority”</li>
              <li>“What’s pending?”</li>
              <li>“I finished the groceries one”</li>
            </ul>
          </div>
        </Show>
        <For each={state.messages.filter((m) => m.role !== 'tool')}>
          {(m) => (
            <div class={m.role === 'user' ? styles.user : styles.assistant}>
              <ToolCards calls={m.tool_calls ?? []} />
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
                <ToolCards calls={pending().tools} />
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

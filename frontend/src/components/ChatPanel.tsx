import { createResource, createSignal, For, Show } from 'solid-js'
import * as api from '../lib/api'
import { BANNER_KEY, createChat, remember, remembered } from '../lib/chat.store'
import styles from './ChatPanel.module.css'
import ChatComposer from './ChatComposer'
import ChatMessages from './ChatMessages'
import Icon from './Icon'

/**
 * The assistant: the conversation picker, the log and the message box, over a chat store
 * (lib/chat.store.ts). `onTasksChanged`: the assistant changed tasks (the board reloads).
 */
export default function ChatPanel(props: { onTasksChanged: () => void }) {
  let input!: HTMLTextAreaElement
  let log: HTMLDivElement | undefined
  const scrollDown = () =>
    queueMicrotask(() => {
      if (log) log.scrollTop = log.scrollHeight
    })
  const chat = createChat({ onTasksChanged: () => props.onTasksChanged(), onUpdate: scrollDown })
  const [info] = createResource(api.getChatInfo)
  const [banner, setBanner] = createSignal(remembered(BANNER_KEY) === null)
  const [draft, setDraft] = createSignal('')
  const [confirmDelete, setConfirmDelete] = createSignal(false)

  // Enter while a reply is still arriving: the message waits in the box and goes, as it
  // reads, once the reply has ended well. Editing it, or opening another conversation, ends
  // the wait (the text stays; Enter queues it again), so nothing half-typed is sent, nor
  // sent where the user no longer is.
  const [waiting, setWaiting] = createSignal(false)
  const edit = (text: string) => {
    setWaiting(false)
    setDraft(text)
  }

  async function send(event?: Event) {
    event?.preventDefault()
    const message = draft().trim()
    if (!message) return
    if (chat.state.sending) return void setWaiting(true)
    setDraft('')
    const reached = await chat.send(message)
    const next = waiting() && reached && !chat.state.failure
    setWaiting(false)
    // Nothing typed is lost: a message that never reached the server comes back, before
    // whatever was typed since.
    if (!reached) setDraft((typed) => (typed.trim() ? `${message}\n\n${typed}` : message))
    if (next) return send()
    input.focus()
  }

  function open(id: number | undefined) {
    setConfirmDelete(false)
    setWaiting(false)
    return chat.open(id)
  }

  function remove() {
    setConfirmDelete(false)
    void chat.remove()
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
          <Show when={chat.state.current !== undefined}>
            <button
              class={styles.button}
              onClick={() => setConfirmDelete(true)}
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
          title={chat.state.conversations.find((c) => c.id === chat.state.current)?.title ?? 'New conversation'}
          onChange={(e) => open(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
        >
          <option value="" selected={chat.state.current === undefined}>
            New conversation
          </option>
          <For each={chat.state.conversations}>
            {(c) => (
              <option value={c.id} selected={c.id === chat.state.current}>
                {c.title ?? `Conversation ${c.id}`}
              </option>
            )}
          </For>
        </select>
      </header>

      <Show when={confirmDelete()}>
        <div class={styles.confirm} role="alertdialog" aria-labelledby="confirm-delete-text">
          <span id="confirm-delete-text">Delete this conversation and its messages? Tasks stay as they are.</span>
          <button class={styles.danger} onClick={remove} ref={(el) => queueMicrotask(() => el.focus())}>
            Delete
          </button>
          <button class={styles.button} onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
        </div>
      </Show>

      <Show when={info()?.mode === 'builtin' && banner()}>
        <p class={styles.banner}>
          <span>
            Built-in assistant: it understands plain commands like “add buy milk tomorrow” and “what’s due this week?”. Whoever runs this app can connect an AI model for freer conversation.
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
      <Show when={chat.state.failure}>
        <p class={styles.failure} role="alert">
          {chat.state.failure}
        </p>
      </Show>

      <ChatMessages chat={chat} ref={(el) => (log = el)} />
      <ChatComposer draft={draft()} onDraft={edit} onSend={send} waiting={waiting()} ref={(el) => (input = el)} />
    </section>
  )
}

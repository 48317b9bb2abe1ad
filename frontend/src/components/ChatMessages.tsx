import { For, Show } from 'solid-js'
import type { BulkChange, FoundTasks, TaskChange, TaskList, ToolCallRecord, ToolError } from '@contract'
import { CHANGES, type Chat } from '../lib/chat.store'
import styles from './ChatMessages.module.css'

/** What a tool answers (ToolCallRecord.result), as the backend's tools declare it. */
type ToolResult = TaskChange | BulkChange | TaskList | FoundTasks | ToolError

/** Tools that only read: what they found is in the reply, so they get no card. */
const READS = new Set(['list_tasks', 'find_tasks', 'get_task'])

/** "✓ Added #3 buy milk": what a tool changed, in a few words; null for a read. */
export function describeToolCall(call: ToolCallRecord): { text: string; ok: boolean; numbers: number[] } | null {
  const result = (call.result ?? {}) as ToolResult
  if ('error' in result) return { text: `⚠ ${result.error}`, ok: false, numbers: [] }
  if (READS.has(call.name)) return null
  const change = result as Partial<TaskChange & BulkChange>
  const verb = CHANGES[change.status!] ?? call.name
  if (change.tasks) {
    const count = change.tasks.length
    return { text: `✓ ${verb} ${count} task${count === 1 ? '' : 's'}`, ok: true, numbers: change.tasks.map((t) => t.number) }
  }
  return { text: `✓ ${verb} #${change.task_number} ${change.title ?? ''}`.trim(), ok: true, numbers: change.task_number ? [change.task_number] : [] }
}

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

/** The conversation: its stored turns, then the one streaming in; examples while it is empty. */
export default function ChatMessages(props: { chat: Chat; ref: (el: HTMLDivElement) => void }) {
  const state = () => props.chat.state
  return (
    <div class={styles.log} ref={props.ref} role="log" aria-live="polite" aria-busy={state().loading || state().sending}>
      <Show when={!state().loading && state().messages.length === 0 && !state().pending}>
        <div class={styles.empty}>
          <p>Ask me to manage your tasks:</p>
          <ul>
            <li>“Add pay rent friday, high priority”</li>
            <li>“What’s due this week?”</li>
            <li>“I called the plumber”</li>
          </ul>
        </div>
      </Show>
      <For each={state().messages.filter((m) => m.role !== 'tool')}>
        {(m) => (
          <div class={m.role === 'user' ? styles.user : styles.assistant}>
            <ToolCards calls={m.tool_calls ?? []} text={m.content} />
            <Show when={m.content}>
              <p class={styles.text}>{m.content}</p>
            </Show>
          </div>
        )}
      </For>
      <Show when={state().pending}>
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
  )
}

import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js'
import * as api from '../lib/api'
import { formatDue, today } from '../lib/dates'
import type { Priority, QuickAdd, TaskCreate } from '@contract'
import styles from './TaskBoard.module.css'

export const TITLE_MAX = 200
const PREVIEW_DELAY_MS = 250

/**
 * The "add a task" form. The line is read like the assistant reads it ("pay rent friday
 * !high" → "pay rent", due Friday, high priority; the server parses it), with a preview of
 * what will be added; Details sets the same fields by hand and wins over the words.
 */
export default function TaskForm(props: { onAdd: (task: TaskCreate) => Promise<void>; ref?: (el: HTMLInputElement) => void }) {
  let titleInput!: HTMLInputElement
  const [title, setTitle] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [priority, setPriority] = createSignal<Priority | ''>('')
  const [due, setDue] = createSignal('')
  const [details, setDetails] = createSignal(false)
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [preview, setPreview] = createSignal<QuickAdd | null>(null)

  // The preview follows a pause in typing; a stale answer never replaces a newer one.
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0
  createEffect(
    on(title, (text) => {
      clearTimeout(timer)
      const mine = ++asked
      if (!text.trim()) return setPreview(null)
      timer = setTimeout(async () => {
        try {
          const parsed = await api.parseTask(text.trim(), today())
          if (mine === asked) setPreview(parsed.due_date || parsed.priority ? parsed : null)
        } catch {
          if (mine === asked) setPreview(null)
        }
      }, PREVIEW_DELAY_MS)
    }, { defer: true }),
  )
  onCleanup(() => clearTimeout(timer))

  async function submit(event: Event) {
    event.preventDefault()
    const text = title().trim()
    if (!text) return setError('Give the task a title')
    if (text.length > TITLE_MAX) return setError(`Keep the title under ${TITLE_MAX} characters`)
    setError('')
    setBusy(true)
    try {
      let parsed: QuickAdd = { title: text }
      try {
        parsed = await api.parseTask(text, today())
      } catch (error) {
        // Offline: the create below says so; without the server the words stay as typed.
        if (!(error instanceof api.ApiError && error.code === 'OFFLINE')) throw error
      }
      const chosenPriority = priority() || parsed.priority
      const chosenDue = due() || parsed.due_date
      await props.onAdd({
        title: parsed.title || text,
        ...(chosenPriority && { priority: chosenPriority }),
        ...(description().trim() && { description: description().trim() }),
        ...(chosenDue && { due_date: chosenDue }),
      })
      setTitle('')
      setDescription('')
      setDue('')
      setPriority('')
      setPreview(null)
    } catch {
      // The board said what went wrong; the text stays so nothing typed is lost.
    } finally {
      setBusy(false)
      titleInput.focus()
    }
  }

  return (
    <form class={styles.form} onSubmit={submit} aria-label="Add a task">
      <div class={styles.formRow}>
        <label for="new-task-title" class="visually-hidden">
          New task
        </label>
        <input
          id="new-task-title"
          ref={(el) => {
            titleInput = el
            props.ref?.(el)
          }}
          placeholder="Add a task… (try “pay rent friday !high”)"
          value={title()}
          maxLength={TITLE_MAX + 50}
          onInput={(e) => {
            setTitle(e.currentTarget.value)
            if (error() && e.currentTarget.value.trim()) setError('')
          }}
          onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
          aria-invalid={Boolean(error())}
          aria-describedby={error() ? 'new-task-error' : preview() ? 'new-task-preview' : undefined}
        />
        <button type="button" class={styles.ghost} aria-expanded={details()} aria-controls="new-task-details" onClick={() => setDetails(!details())}>
          Details
        </button>
        <button type="submit" class={styles.primary} disabled={busy()}>
          Add
        </button>
      </div>
      <Show when={error()}>
        <p id="new-task-error" class={styles.fieldError}>
          {error()}
        </p>
      </Show>
      <Show when={!error() && preview()}>
        {(p) => (
          <p id="new-task-preview" class={styles.preview} aria-live="polite">
            Adds “{p().title}”
            <Show when={p().due_date}> · due {formatDue(p().due_date!)}</Show>
            <Show when={p().priority}> · {p().priority} priority</Show>
          </p>
        )}
      </Show>
      <Show when={details()}>
        <div id="new-task-details" class={styles.details}>
          <label>
            Description
            <textarea rows={2} maxLength={2000} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <label>
            Priority
            <select value={priority()} onChange={(e) => setPriority(e.currentTarget.value as Priority | '')}>
              <option value="">From the words</option>
              <option value="high">High</option>
              <option value="medium">Medium</option>
              <option value="low">Low</option>
            </select>
          </label>
          <label>
            Due date
            <input type="date" value={due()} onInput={(e) => setDue(e.currentTarget.value)} />
          </label>
        </div>
      </Show>
    </form>
  )
}

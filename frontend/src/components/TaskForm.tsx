import { createSignal, Show } from 'solid-js'
import type { TaskCreate, Priority } from '@contract'
import styles from './TaskBoard.module.css'

export const TITLE_MAX = 200

/** The "add a task" form: a title, and optional details behind a toggle. */
export default function TaskForm(props: { onAdd: (task: TaskCreate) => Promise<void> }) {
  let titleInput!: HTMLInputElement
  const [title, setTitle] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [priority, setPriority] = createSignal<Priority>('medium')
  const [due, setDue] = createSignal('')
  const [details, setDetails] = createSignal(false)
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)

  async function submit(event: Event) {
    event.preventDefault()
    const text = title().trim()
    if (!text) return setError('Give the task a title')
    if (text.length > TITLE_MAX) return setError(`Keep the title under ${TITLE_MAX} characters`)
    setError('')
    setBusy(true)
    try {
      await props.onAdd({
        title: text,
        priority: priority(),
        ...(description().trim() && { description: description().trim() }),
        ...(due() && { due_date: due() }),
      })
      setTitle('')
      setDescription('')
      setDue('')
      setPriority('medium')
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
          ref={titleInput}
          placeholder="Add a task…"
          value={title()}
          maxLength={TITLE_MAX + 50}
          onInput={(e) => setTitle(e.currentTarget.value)}
          aria-invalid={Boolean(error())}
          aria-describedby={error() ? 'new-task-error' : undefined}
        />
        <button type="button" class={styles.ghost} aria-expanded={details()} aria-controls="new-task-details" onClick={() => setDetails(!details())}>
          Details
        </button>
        <button type="submit" class={styles.primary} disabled={busy()}>
          Add
        </button>
      </div>
      <Show when={error()}>
        <p id="new-task-error" class={styles.fieldError}>{error()}</p>
      </Show>
      <Show when={details()}>
        <div id="new-task-details" class={styles.details}>
          <label>
            Description
            <textarea rows={2} maxLength={2000} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <label>
            Priority
            <select value={priority()} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
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

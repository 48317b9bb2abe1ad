import { createMemo, createSignal, Show } from 'solid-js'
import { createQuickAdd } from '../lib/quickAdd'
import type { Priority, TaskCreate } from '@contract'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '@contract/limits'
import LengthCount, { overLimit } from './LengthCount'
import type QuickAddPreviewComponent from './QuickAddPreview'
import styles from './TaskBoard.module.css'

// The preview is loaded when the add box is first used: it shows only after a reading came
// back, and the first paint has a JavaScript budget (test/e2e/app.test.ts; a plain import(),
// as AccountMenu.tsx loads its dialogs).
const [QuickAddPreview, setQuickAddPreview] = createSignal<typeof QuickAddPreviewComponent>()
const loadPreview = () => void import('./QuickAddPreview').then((module) => setQuickAddPreview(() => module.default))

/**
 * The "add a task" form. The server reads the line ("pay rent friday !high" → "pay rent", due
 * Friday, high priority) and the preview shows which words it read, each one a click away
 * from staying in the title; Enter adds what the preview shows, Shift+Enter the line as typed.
 * Details sets the same fields by hand and wins over the words.
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
  const text = createMemo(() => title().trim())
  const quick = createQuickAdd(text)
  const longTitle = () => overLimit(title(), TITLE_MAX_LENGTH, 'Titles')
  const longNotes = () => overLimit(description(), DESCRIPTION_MAX_LENGTH, 'Descriptions')

  /** `asTyped`: Shift+Enter, the line exactly as typed, no words read. */
  async function submit(asTyped: boolean) {
    if (busy()) return
    if (!text()) return setError('Give the task a title')
    setError('')
    // Over a limit: the counter says so already; nothing is cut, nothing is sent.
    if (longNotes()) return setDetails(true)
    if (longTitle()) return
    setBusy(true)
    try {
      const read = asTyped ? { title: text() } : await quick.resolve()
      if (!read) return // the preview is up now: the next Enter adds what it shows
      if (!read.title) return setError('Give the task a title')
      if (read.title.length > TITLE_MAX_LENGTH) return setError(overLimit(read.title, TITLE_MAX_LENGTH, 'Titles'))
      const chosenPriority = priority() || read.priority
      const chosenDue = due() || read.due_date
      await props.onAdd({
        title: read.title,
        ...(chosenPriority && { priority: chosenPriority }),
        ...(description().trim() && { description: description().trim() }),
        ...(chosenDue && { due_date: chosenDue }),
      })
      setTitle('')
      setDescription('')
      setDue('')
      setPriority('')
    } catch {
      // The board said what went wrong; the text stays so nothing typed is lost.
    } finally {
      setBusy(false)
      titleInput.focus()
    }
  }

  return (
    <form
      class={styles.form}
      onSubmit={(e) => {
        e.preventDefault()
        void submit(false)
      }}
      aria-label="Add a task"
    >
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
          // The example is cut on a phone's line (test/e2e/phone.test.ts): there, the short form.
          placeholder={innerWidth > 440 ? 'Add a task… (try “pay rent friday !high”)' : 'Add a task…'}
          value={title()}
          onFocus={loadPreview}
          onInput={(e) => {
            setTitle(e.currentTarget.value)
            if (error() && e.currentTarget.value.trim()) setError('')
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur()
            if (e.key !== 'Enter' || e.isComposing) return
            e.preventDefault()
            void submit(e.shiftKey)
          }}
          aria-invalid={Boolean(error() || longTitle())}
          aria-describedby={`new-task-hint new-task-count ${error() ? 'new-task-error' : quick.shown() ? 'new-task-preview' : ''}`.trim()}
        />
        <span id="new-task-hint" class="visually-hidden">
          Enter adds the task as the preview shows it; Shift+Enter adds the line exactly as typed.
        </span>
        <button type="button" class={styles.ghost} aria-expanded={details()} aria-controls="new-task-details" onClick={() => setDetails(!details())}>
          Details
        </button>
        <button type="submit" class={styles.primary} disabled={busy()}>
          Add
        </button>
      </div>
      <LengthCount id="new-task-count" text={title()} max={TITLE_MAX_LENGTH} noun="Titles" />
      <Show when={error()}>
        <p id="new-task-error" class={styles.fieldError}>
          {error()}
        </p>
      </Show>
      <Show when={!error() && QuickAddPreview() && quick.shown()}>
        {(reading) => {
          const Preview = QuickAddPreview()!
          return <Preview id="new-task-preview" text={reading().text} answer={reading().answer} onToggle={quick.toggle} />
        }}
      </Show>
      <Show when={details()}>
        <div id="new-task-details" class={styles.details}>
          <label>
            Description
            <textarea
              rows={2}
              value={description()}
              onInput={(e) => setDescription(e.currentTarget.value)}
              aria-invalid={Boolean(longNotes())}
              aria-describedby="new-task-description-count"
            />
            <LengthCount id="new-task-description-count" text={description()} max={DESCRIPTION_MAX_LENGTH} noun="Descriptions" />
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

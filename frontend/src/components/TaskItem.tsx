import { createEffect, createSignal, on, Show } from 'solid-js'
import { ApiError } from '../lib/api'
import { formatDue, isOverdue } from '../lib/dates'
import type { Priority, Task, TaskPatch } from '@contract'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '@contract/limits'
import type EditConflictComponent from './EditConflict'
import Icon from './Icon'
import LengthCount, { overLimit } from './LengthCount'
import styles from './TaskItem.module.css'

// Both versions of a task changed elsewhere, shown when a save meets that (rare): loaded then,
// not with the first paint (its budget is in test/e2e/app.test.ts).
const [EditConflict, setEditConflict] = createSignal<typeof EditConflictComponent>()
const loadEditConflict = () => import('./EditConflict').then((module) => setEditConflict(() => module.default))

/**
 * One task. The row itself is focusable (one row at a time is in the Tab order), so the
 * board's keyboard shortcuts act on it; editing opens a form in place.
 */
export default function TaskItem(props: {
  task: Task
  tabbable: boolean
  editing: boolean
  onEditing: (editing: boolean) => void
  onFocus: () => void
  onToggle: (task: Task) => void
  /** Rejects when the server refused it; `version` and `base` are the task's when the form opened. */
  onEdit: (task: Task, patch: TaskPatch, version: number, base: Task) => Promise<void>
  onDelete: (task: Task) => void
  /** A change of this task is waiting for a server that cannot be reached. */
  waiting?: boolean
  /** An edit the server refused after it waited: the form opens with it. */
  draft?: { patch: TaskPatch; error: unknown }
  onDraftUsed?: () => void
}) {
  let row!: HTMLLIElement
  const [title, setTitle] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [priority, setPriority] = createSignal<Priority>('medium')
  const [due, setDue] = createSignal('')
  const [error, setError] = createSignal('')
  const [saving, setSaving] = createSignal(false)
  /** The task as it was when the form opened: the edit applies to it, not to later changes. */
  let opened = props.task
  /** The task as changed elsewhere meanwhile (a 409), shown beside what was typed. */
  const [theirs, setTheirs] = createSignal<Task | null>(null)

  // Opening the form (by button, double click, or "e") fills it from the task, or from an
  // edit the server refused, so it can be tried again.
  createEffect(
    on(
      () => props.editing,
      (editing) => {
        if (!editing) return
        opened = { ...props.task }
        const draft = props.draft
        props.onDraftUsed?.()
        const fill = { ...opened, ...draft?.patch }
        setTitle(fill.title)
        setDescription(fill.description ?? '')
        setPriority(fill.priority)
        setDue(fill.due_date ?? '')
        setTheirs(null)
        setError(draft?.error instanceof Error ? draft.error.message : '')
      },
    ),
  )

  function stopEdit() {
    props.onEditing(false)
    queueMicrotask(() => row.focus())
  }

  /** The form's fields that differ from `base`. */
  function changes(base: Task): TaskPatch {
    const patch: TaskPatch = {}
    if (title().trim() !== base.title) patch.title = title().trim()
    if ((description().trim() || null) !== base.description) patch.description = description().trim() || null
    if (priority() !== base.priority) patch.priority = priority()
    if ((due() || null) !== base.due_date) patch.due_date = due() || null
    return patch
  }

  /**
   * Saves what differs from the task as it was opened, unless it changed elsewhere since
   * (then both are shown, to keep one). The form stays open, with the text, until the
   * server took it or kept it for later; a refusal keeps the text for another try.
   */
  async function save(event?: Event, over = opened) {
    event?.preventDefault()
    const text = title().trim()
    if (!text) return setError('Give the task a title')
    // Over a limit: the counter says so already; nothing is cut, nothing is sent.
    if (overLimit(text, TITLE_MAX_LENGTH, 'Titles') || overLimit(description(), DESCRIPTION_MAX_LENGTH, 'Descriptions')) return
    const patch = changes(opened)
    if (Object.keys(patch).length === 0) return stopEdit()
    setSaving(true)
    try {
      await props.onEdit(props.task, patch, over.version, over)
      stopEdit()
    } catch (failure) {
      if (failure instanceof ApiError && failure.current) {
        await loadEditConflict().catch(() => {})
        setTheirs(failure.current)
      }
      else setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setSaving(false)
    }
  }

  const overdue = () => isOverdue(props.task.due_date, props.task.completed)
  const pending = () => props.task.number < 0

  return (
    <li
      ref={row}
      class={styles.item}
      classList={{ [styles.done!]: props.task.completed, [styles.overdue!]: overdue(), [styles.saving!]: pending() }}
      data-task-number={props.task.number}
      tabindex={props.tabbable ? 0 : -1}
      aria-label={`${props.task.title}${props.task.completed ? ', done' : ''}${overdue() ? ', overdue' : ''}`}
      onFocus={(e) => e.target === row && props.onFocus()}
    >
      <input
        type="checkbox"
        class={styles.check}
        tabindex={props.tabbable ? 0 : -1}
        checked={props.task.completed}
        disabled={pending()}
        onChange={() => props.onToggle(props.task)}
        aria-label={`${props.task.completed ? 'Mark as not done' : 'Mark as done'}: ${props.task.title}`}
      />
      <Show
        when={props.editing}
        fallback={
          <div class={styles.body} onDblClick={() => !pending() && props.onEditing(true)}>
            <span class={styles.title}>{props.task.title}</span>
            <Show when={props.task.description}>
              <span class={styles.description}>{props.task.description}</span>
            </Show>
            <span class={styles.meta}>
              <Show when={!pending()}>
                <span class={styles.id}>#{props.task.number}</span>
              </Show>
              <Show when={props.waiting}>
                <span class={styles.waiting}>Not sent yet</span>
              </Show>
              <Show when={props.task.priority !== 'medium'}>
                <span class={styles.badge} data-priority={props.task.priority}>
                  {props.task.priority === 'high' ? '▲ High' : '▼ Low'}
                </span>
              </Show>
              <Show when={props.task.due_date}>
                <span class={styles.due} classList={{ [styles.overdueText!]: overdue() }}>
                  {overdue() ? 'Overdue · ' : 'Due '}
                  {formatDue(props.task.due_date!)}
                </span>
              </Show>
            </span>
          </div>
        }
      >
        <form class={styles.editForm} onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), stopEdit())}>
          <input
            aria-label="Title"
            value={title()}
            onInput={(e) => {
              setTitle(e.currentTarget.value)
              if (error() && e.currentTarget.value.trim()) setError('')
            }}
            aria-invalid={Boolean(error() || overLimit(title(), TITLE_MAX_LENGTH, 'Titles'))}
            aria-describedby={`edit-title-count-${props.task.number}`}
            ref={(el) => queueMicrotask(() => el.focus())}
          />
          <LengthCount id={`edit-title-count-${props.task.number}`} text={title()} max={TITLE_MAX_LENGTH} noun="Titles" />
          <textarea
            aria-label="Description"
            rows={2}
            placeholder="Notes"
            value={description()}
            onInput={(e) => setDescription(e.currentTarget.value)}
            aria-invalid={Boolean(overLimit(description(), DESCRIPTION_MAX_LENGTH, 'Descriptions'))}
            aria-describedby={`edit-description-count-${props.task.number}`}
          />
          <LengthCount id={`edit-description-count-${props.task.number}`} text={description()} max={DESCRIPTION_MAX_LENGTH} noun="Descriptions" />
          <select aria-label="Priority" value={priority()} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
          <input aria-label="Due date" type="date" value={due()} onInput={(e) => setDue(e.currentTarget.value)} />
          <Show when={theirs() && EditConflict()}>
            {(Loaded) => {
              const Conflict = Loaded()
              const other = theirs()!
              return <Conflict theirs={other} yours={{ ...other, ...changes(opened) }} onKeepMine={() => void save(undefined, other)} onKeepTheirs={stopEdit} />
            }}
          </Show>
          <button type="submit" class={styles.primary} disabled={saving()}>
            Save
          </button>
          <button type="button" class={styles.ghost} onClick={stopEdit}>
            Cancel
          </button>
          <Show when={error()}>
            <p class={styles.fieldError}>{error()}</p>
          </Show>
        </form>
      </Show>
      <div class={styles.actions}>
        <button class={styles.icon} tabindex={props.tabbable ? 0 : -1} onClick={() => props.onEditing(true)} aria-label={`Edit: ${props.task.title}`} title="Edit (e)" disabled={pending()}>
          <Icon name="edit" />
        </button>
        {/* A double click's second click would land on the next row, slid up under the pointer: only a first click deletes (a key press is 0). */}
        <button class={styles.icon} tabindex={props.tabbable ? 0 : -1} onClick={(e) => e.detail < 2 && props.onDelete(props.task)} aria-label={`Delete: ${props.task.title}`} title="Delete (Del)" disabled={pending()}>
          <Icon name="trash" />
        </button>
      </div>
    </li>
  )
}

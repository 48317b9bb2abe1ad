import { createSignal, Show } from 'solid-js'
import { formatDue, isOverdue } from '../lib/dates'
import type { Priority, Task, TaskPatch } from '@contract'
import Icon from './Icon'
import styles from './TaskBoard.module.css'
import { TITLE_MAX } from './TaskForm'

export default function TaskItem(props: {
  task: Task
  onToggle: (task: Task) => void
  onEdit: (task: Task, patch: TaskPatch) => Promise<void>
  onDelete: (task: Task) => void
}) {
  let editButton!: HTMLButtonElement
  const [editing, setEditing] = createSignal(false)
  const [title, setTitle] = createSignal('')
  const [priority, setPriority] = createSignal<Priority>('medium')
  const [due, setDue] = createSignal('')

  function startEdit() {
    setTitle(props.task.title)
    setPriority(props.task.priority)
    setDue(props.task.due_date ?? '')
    setEditing(true)
  }

  function stopEdit() {
    setEditing(false)
    editButton.focus()
  }

  async function save(event: Event) {
    event.preventDefault()
    const text = title().trim()
    if (!text || text.length > TITLE_MAX) return
    const patch: TaskPatch = {}
    if (text !== props.task.title) patch.title = text
    if (priority() !== props.task.priority) patch.priority = priority()
    if ((due() || null) !== props.task.due_date) patch.due_date = due() || null
    stopEdit()
    if (Object.keys(patch).length > 0) await props.onEdit(props.task, patch)
  }

  const overdue = () => isOverdue(props.task.due_date, props.task.completed)

  return (
    <li class={styles.item} classList={{ [styles.done!]: props.task.completed, [styles.overdue!]: overdue() }} data-task-id={props.task.id}>
      <input
        type="checkbox"
        class={styles.check}
        checked={props.task.completed}
        onChange={() => props.onToggle(props.task)}
        aria-label={`${props.task.completed ? 'Mark as not done' : 'Mark as done'}: ${props.task.title}`}
      />
      <Show
        when={editing()}
        fallback={
          <div class={styles.body} onDblClick={startEdit}>
            <span class={styles.title}>{props.task.title}</span>
            <Show when={props.task.description}>
              <span class={styles.description}>{props.task.description}</span>
            </Show>
            <span class={styles.meta}>
              <span class={styles.id}>#{props.task.id}</span>
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
        <form class={styles.editForm} onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && stopEdit()}>
          <input aria-label="Title" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} ref={(el) => queueMicrotask(() => el.focus())} />
          <select aria-label="Priority" value={priority()} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
          <input aria-label="Due date" type="date" value={due()} onInput={(e) => setDue(e.currentTarget.value)} />
          <button type="submit" class={styles.primary}>
            Save
          </button>
          <button type="button" class={styles.ghost} onClick={stopEdit}>
            Cancel
          </button>
        </form>
      </Show>
      <div class={styles.actions}>
        <button ref={editButton} class={styles.icon} onClick={startEdit} aria-label={`Edit: ${props.task.title}`} title="Edit">
          <Icon name="edit" />
        </button>
        <button class={styles.icon} onClick={() => props.onDelete(props.task)} aria-label={`Delete: ${props.task.title}`} title="Delete">
          <Icon name="trash" />
        </button>
      </div>
    </li>
  )
}

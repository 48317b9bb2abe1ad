import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Switch } from 'solid-js'
import { createStore, produce, reconcile } from 'solid-js/store'
import * as api from '../lib/api'
import { showError, showToast } from '../lib/toast'
import type { TaskCreate, Task, TaskStatus, TaskPatch } from '@contract'
import styles from './TaskBoard.module.css'
import TaskForm from './TaskForm'
import TaskItem from './TaskItem'

/** How long a deleted task can be brought back before the delete is sent. */
export const UNDO_MS = 5000

const FILTERS: { value: TaskStatus; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'completed', label: 'Completed' },
]

export default function TaskBoard(props: { refreshKey: number }) {
  const [state, setState] = createStore({
    tasks: [] as Task[],
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    /** Deleted on screen, waiting out the undo window. */
    hidden: [] as number[],
  })
  const [filter, setFilter] = createSignal<TaskStatus>('all')
  const [query, setQuery] = createSignal('')
  const pendingDeletes = new Map<number, ReturnType<typeof setTimeout>>()

  async function load() {
    try {
      const tasks = await api.listAllTasks()
      setState('tasks', reconcile(tasks, { key: 'id' }))
      setState({ status: 'ready', error: '' })
    } catch (error) {
      // Keep what is on screen; say that it may be stale.
      setState({ status: state.status === 'ready' ? 'ready' : 'error', error: error instanceof Error ? error.message : String(error) })
    }
  }
  // Loads at first, and again whenever the assistant changed tasks.
  createEffect(on(() => props.refreshKey, load))

  /** Puts the server's version in place (the same row stays on screen, focus included), or drops it. */
  function replace(id: number, task: Task | undefined) {
    if (!task) return setState('tasks', (list) => list.filter((t) => t.id !== id))
    const index = state.tasks.findIndex((t) => t.id === id)
    if (index >= 0) setState('tasks', index, reconcile(task))
  }

  async function add(input: TaskCreate) {
    const now = new Date().toISOString()
    const temp: Task = {
      id: -Date.now(),
      title: input.title,
      description: input.description ?? null,
      completed: false,
      priority: input.priority ?? 'medium',
      due_date: input.due_date ?? null,
      created_at: now,
      updated_at: now,
    }
    setState('tasks', (list) => [temp, ...list])
    try {
      replace(temp.id, await api.createTask(input))
    } catch (error) {
      replace(temp.id, undefined)
      showError(error, 'Could not add the task')
      throw error
    }
  }

  /** Applies a change at once, then confirms it with the server or rolls it back. */
  async function change(task: Task, patch: TaskPatch, failure: string) {
    const before = { ...task }
    setState('tasks', (t) => t.id === task.id, patch)
    try {
      replace(task.id, await api.updateTask(task.id, patch))
    } catch (error) {
      replace(task.id, before)
      showError(error, failure)
    }
  }

  const toggle = (task: Task) => change(task, { completed: !task.completed }, `Could not update "${task.title}"`)
  const edit = (task: Task, patch: TaskPatch) => change(task, patch, `Could not save "${task.title}"`)

  async function commitDelete(task: Task) {
    pendingDeletes.delete(task.id)
    try {
      await api.deleteTask(task.id)
      setState(produce((s) => {
        s.tasks = s.tasks.filter((t) => t.id !== task.id)
        s.hidden = s.hidden.filter((id) => id !== task.id)
      }))
    } catch (error) {
      if (error instanceof api.ApiError && error.status === 404) return
      setState('hidden', (ids) => ids.filter((id) => id !== task.id))
      showError(error, `Could not delete "${task.title}"`)
    }
  }

  function remove(task: Task) {
    setState('hidden', (ids) => [...ids, task.id])
    pendingDeletes.set(task.id, setTimeout(() => void commitDelete(task), UNDO_MS))
    showToast(`Deleted "${task.title}"`, {
      ms: UNDO_MS,
      action: {
        label: 'Undo',
        run: () => {
          clearTimeout(pendingDeletes.get(task.id))
          pendingDeletes.delete(task.id)
          setState('hidden', (ids) => ids.filter((id) => id !== task.id))
        },
      },
    })
  }

  // Leaving the page ends the undo window: send the deletes that are waiting.
  const flush = () => {
    for (const [id, timer] of pendingDeletes) {
      clearTimeout(timer)
      void api.deleteTask(id).catch(() => {})
    }
    pendingDeletes.clear()
  }
  window.addEventListener('pagehide', flush)
  onCleanup(() => {
    window.removeEventListener('pagehide', flush)
    flush()
  })

  const visible = createMemo(() => state.tasks.filter((t) => !state.hidden.includes(t.id)))
  const counts = createMemo(() => {
    const all = visible()
    const completed = all.filter((t) => t.completed).length
    return { all: all.length, completed, pending: all.length - completed }
  })
  const shown = createMemo(() => {
    const q = query().trim().toLowerCase()
    return visible().filter(
      (t) =>
        (filter() === 'all' || (filter() === 'completed') === t.completed) &&
        (!q || t.title.toLowerCase().includes(q) || (t.description ?? '').toLowerCase().includes(q)),
    )
  })

  return (
    <section class={styles.board} aria-labelledby="tasks-title">
      <header class={styles.header}>
        <h2 id="tasks-title">Tasks</h2>
        <p class={styles.summary} aria-live="polite">
          {counts().pending} pending · {counts().completed} done
        </p>
      </header>

      <TaskForm onAdd={add} />

      <div class={styles.toolbar}>
        <div class={styles.filters} role="group" aria-label="Show">
          <For each={FILTERS}>
            {(f) => (
              <button aria-pressed={filter() === f.value} onClick={() => setFilter(f.value)}>
                {f.label} <span class={styles.count}>{counts()[f.value]}</span>
              </button>
            )}
          </For>
        </div>
        <label class={styles.search}>
          <span class="visually-hidden">Search tasks</span>
          <input type="search" placeholder="Search…" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
      </div>

      <Switch>
        <Match when={state.status === 'loading'}>
          <p class={styles.empty} aria-busy="true">Loading your tasks…</p>
        </Match>
        <Match when={state.status === 'error'}>
          <div class={styles.empty} role="alert">
            <p>Could not load your tasks: {state.error}</p>
            <button class={styles.primary} onClick={load}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={visible().length === 0}>
          <div class={styles.empty}>
            <p class={styles.emptyTitle}>No tasks yet</p>
            <p>Add one above, or ask the assistant: “add buy milk tomorrow”.</p>
          </div>
        </Match>
        <Match when={shown().length === 0}>
          <p class={styles.empty}>
            No {filter() === 'all' ? '' : `${filter()} `}tasks{query().trim() ? ` match “${query().trim()}”` : ''}.
          </p>
        </Match>
        <Match when={true}>
          <ul class={styles.list} aria-label="Tasks">
            <For each={shown()}>{(task) => <TaskItem task={task} onToggle={toggle} onEdit={edit} onDelete={remove} />}</For>
          </ul>
        </Match>
      </Switch>
    </section>
  )
}

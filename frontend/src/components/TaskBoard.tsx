// Over 300 lines, knowingly: the board still loads, pages, undoes and draws in one component.
// It is to be split into a board store (lib/tasks.store.ts) and toolbar, list and item
// components, each with its test; until then this file is the board's one source of truth.
import { batch, createEffect, createMemo, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from 'solid-js'
import { createStore, produce, reconcile, unwrap } from 'solid-js/store'
import * as api from '../lib/api'
import { today } from '../lib/dates'
import { dismissToast, showError, showToast } from '../lib/toast'
import type { Task, TaskCounts, TaskCreate, TaskPatch, TaskSort } from '@contract'
import styles from './TaskBoard.module.css'
import TaskForm from './TaskForm'
import TaskItem from './TaskItem'
import ShortcutHelp from './ShortcutHelp'

/** How long the Undo offer stays up after a delete (the task is in the server's trash at once). */
export const UNDO_MS = 8000
export const PAGE_SIZE = 50
const SEARCH_DELAY_MS = 200

type Filter = 'all' | 'pending' | 'completed'
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Open' },
  { value: 'completed', label: 'Done' },
]
const SORTS: { value: TaskSort; label: string }[] = [
  { value: 'created', label: 'Newest' },
  { value: 'due', label: 'Due date' },
  { value: 'priority', label: 'Priority' },
]
const RANK = { high: 0, medium: 1, low: 2 } as const

/** The server's order for a sort (open first; then the key; ties newest first). */
export function compareTasks(sort: TaskSort): (a: Task, b: Task) => number {
  return (a, b) => {
    const group = Number(a.completed) - Number(b.completed)
    if (group !== 0) return group
    if (sort === 'due') {
      const key = (a.due_date ?? '9999-12-31').localeCompare(b.due_date ?? '9999-12-31')
      if (key !== 0) return key
    } else if (sort === 'priority') {
      const key = RANK[a.priority] - RANK[b.priority]
      if (key !== 0) return key
    }
    return b.number - a.number
  }
}

/** The heading a task falls under when the board is sorted by due date. */
export function dueGroup(task: Task, day = today()): string {
  if (task.completed) return 'Done'
  if (!task.due_date) return 'No date'
  if (task.due_date < day) return 'Overdue'
  return task.due_date === day ? 'Today' : 'Upcoming'
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))

export default function TaskBoard(props: { refreshKey: number }) {
  let addInput: HTMLInputElement | undefined
  let searchInput!: HTMLInputElement
  let listEl: HTMLDivElement | undefined
  const [state, setState] = createStore({
    tasks: [] as Task[],
    next: null as string | null,
    counts: null as TaskCounts | null,
    totals: null as TaskCounts | null,
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    loadingMore: false,
  })
  const [filter, setFilter] = createSignal<Filter>('all')
  const [sort, setSort] = createSignal<TaskSort>('created')
  const [typed, setTyped] = createSignal('')
  const [query, setQuery] = createSignal('')
  const [focused, setFocused] = createSignal<number | null>(null)
  const [help, setHelp] = createSignal(false)
  const [editing, setEditing] = createSignal<number | null>(null)
  /** Deletes that Undo (button, "u", Ctrl+Z) can still take back, newest last. */
  const deleted: Task[] = []
  /** Each of those deletes' Undo offer, so taking it back by key closes the offer too. */
  const offers = new Map<number, number>()
  /** Each of those deletes' request: true once the server has it in the trash. */
  const inflight = new Map<number, Promise<boolean>>()
  let generation = 0

  // The search waits for a pause in typing.
  let searchTimer: ReturnType<typeof setTimeout> | undefined
  createEffect(
    on(typed, (text) => {
      clearTimeout(searchTimer)
      searchTimer = setTimeout(() => setQuery(text.trim()), SEARCH_DELAY_MS)
    }, { defer: true }),
  )
  onCleanup(() => clearTimeout(searchTimer))

  const view = () => ({ status: filter(), q: query(), sort: sort() })

  async function refreshCounts() {
    const q = query()
    try {
      const [counts, totals] = await Promise.all([api.countTasks(q), q ? api.countTasks('') : undefined])
      setState({ counts, totals: totals ?? counts })
    } catch {
      // the list's own error says what is wrong
    }
  }

  /** The first page of the current view, and its counts. Answers of an older view are dropped. */
  async function load() {
    const mine = ++generation
    try {
      const [page] = await Promise.all([api.listTasks({ ...view(), limit: PAGE_SIZE }), refreshCounts()])
      if (mine !== generation) return
      batch(() => {
        setState('tasks', reconcile(page.items, { key: 'number' }))
        setState({ next: page.next_cursor, status: 'ready', error: '' })
      })
    } catch (error) {
      if (mine !== generation) return
      // Keep what is on screen; say that it may be stale.
      setState({ status: state.status === 'ready' ? 'ready' : 'error', error: error instanceof Error ? error.message : String(error) })
    }
  }
  // Loads at first, on every change of view, and whenever the assistant changed tasks.
  createEffect(on([() => props.refreshKey, filter, sort, query], () => void load()))

  async function loadMore() {
    if (!state.next || state.loadingMore) return
    const mine = generation
    setState('loadingMore', true)
    try {
      const page = await api.listTasks({ ...view(), limit: PAGE_SIZE, cursor: state.next })
      if (mine !== generation) return
      const have = new Set(state.tasks.map((t) => t.number))
      setState(produce((s) => {
        s.tasks.push(...page.items.filter((t) => !have.has(t.number)))
        s.next = page.next_cursor
      }))
    } catch (error) {
      showError(error, 'Could not load more tasks')
    } finally {
      setState('loadingMore', false)
    }
  }

  // Pages arrive as the end of the list scrolls into view.
  let sentinel: HTMLDivElement | undefined
  onMount(() => {
    if (typeof IntersectionObserver === 'undefined' || !sentinel) return
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: '400px' })
    observer.observe(sentinel)
    onCleanup(() => observer.disconnect())
  })

  const fits = (task: Task) => filter() === 'all' || (filter() === 'completed') === task.completed

  /**
   * Puts a task where the server's order has it, or leaves it out (another view, or past what
   * is loaded). Rows keep their DOM nodes (reconciled by number), and a row that had focus
   * keeps it when it moves.
   */
  function place(task: Task, replacing?: number) {
    const list = unwrap(state.tasks)
    const rest = list.filter((t) => t.number !== task.number && t.number !== replacing)
    let next = rest
    if (fits(task)) {
      const at = rest.findIndex((t) => compareTasks(sort())(task, t) < 0)
      next = at === -1 ? (state.next ? rest : [...rest, task]) : [...rest.slice(0, at), task, ...rest.slice(at)]
    }
    const active = document.activeElement
    const hadFocus = active instanceof HTMLElement && active.closest(`[data-task-number="${task.number}"]`) !== null
    setState('tasks', reconcile(next, { key: 'number' }))
    if (hadFocus && next.some((t) => t.number === task.number) && !active.isConnected) focusTask(task.number)
    else if (hadFocus && document.activeElement !== active) (active as HTMLElement).focus()
  }

  function focusTask(number: number | null) {
    setFocused(number)
    queueMicrotask(() => {
      const row = number === null ? undefined : listEl?.querySelector<HTMLElement>(`[data-task-number="${number}"]`)
      ;(row ?? addInput)?.focus()
    })
  }

  async function add(input: TaskCreate) {
    const now = new Date().toISOString()
    const temp: Task = {
      number: -Date.now(),
      title: input.title,
      description: input.description ?? null,
      completed: false,
      priority: input.priority ?? 'medium',
      due_date: input.due_date ?? null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    }
    place(temp)
    try {
      place(await api.createTask(input), temp.number)
      void refreshCounts()
    } catch (error) {
      setState('tasks', (list) => list.filter((t) => t.number !== temp.number))
      showError(error, 'Could not add the task')
      throw error
    }
  }

  /** Applies a change at once, then confirms it with the server or rolls it back. */
  async function change(task: Task, patch: TaskPatch, failure: string) {
    const before = { ...task }
    place({ ...task, ...patch } as Task)
    try {
      place(await api.updateTask(task.number, patch))
      void refreshCounts()
    } catch (error) {
      place(before)
      showError(error, failure)
    }
  }

  const toggle = (task: Task) => change(task, { completed: !task.completed }, `Could not update "${task.title}"`)
  const edit = (task: Task, patch: TaskPatch) => change(task, patch, `Could not save "${task.title}"`)

  async function undoDelete(task?: Task) {
    const target = task ?? deleted.at(-1)
    const at = target ? deleted.indexOf(target) : -1
    if (!target || at === -1) return // undone already
    deleted.splice(at, 1)
    const offer = offers.get(target.number)
    if (offer !== undefined) dismissToast(offer)
    offers.delete(target.number)
    if (!(await inflight.get(target.number))) return // the delete failed: the task never left
    try {
      const restored = await api.restoreTask(target.number)
      place(restored)
      void refreshCounts()
      focusTask(restored.number)
    } catch (error) {
      showError(error, `Could not bring back "${target.title}"`)
    }
  }

  /** Deletes on the server at once (to its trash); Undo restores it, from here or any device. */
  async function remove(task: Task) {
    const index = visible().findIndex((t) => t.number === task.number)
    const neighbour = visible()[index + 1] ?? visible()[index - 1]
    setState('tasks', (list) => list.filter((t) => t.number !== task.number))
    focusTask(neighbour?.number ?? null)
    // Undo is offered at once; taking it back waits for the delete in flight.
    const request = api.deleteTask(task.number).then(
      () => true,
      (error) => {
        if (error instanceof api.ApiError && error.status === 404) return true // gone already
        place(task)
        showError(error, `Could not delete "${task.title}"`)
        return false
      },
    )
    inflight.set(task.number, request)
    deleted.push(task)
    offers.set(task.number, showToast(`Deleted "${task.title}"`, { ms: UNDO_MS, action: { label: 'Undo', run: () => void undoDelete(task) } }))
    if (await request) return void refreshCounts()
    deleted.splice(deleted.indexOf(task), 1)
    dismissToast(offers.get(task.number)!)
    offers.delete(task.number)
  }

  const visible = () => state.tasks
  const groups = createMemo(() => {
    if (sort() !== 'due') return [{ label: '', tasks: visible() }]
    const out: { label: string; tasks: Task[] }[] = []
    const day = today()
    for (const task of visible()) {
      const label = dueGroup(task, day)
      if (out.at(-1)?.label !== label) out.push({ label, tasks: [] })
      out.at(-1)!.tasks.push(task)
    }
    return out
  })

  /** The task the keyboard acts on: the focused row, else the first. */
  const current = () => visible().find((t) => t.number === focused()) ?? visible()[0]
  function move(step: number) {
    const list = visible()
    if (list.length === 0) return
    const at = list.findIndex((t) => t.number === focused())
    const next = list[Math.min(list.length - 1, Math.max(0, at === -1 ? 0 : at + step))]!
    focusTask(next.number)
  }

  function onKey(event: KeyboardEvent) {
    if (event.defaultPrevented) return
    if (help()) {
      if (event.key === 'Escape') setHelp(false)
      return
    }
    const undo = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z'
    if (undo && !isTyping(event.target) && deleted.length > 0) {
      event.preventDefault()
      return void undoDelete()
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return
    // Keys that act on a task only do so when a task (or nothing in particular) has focus.
    const onTask = event.target instanceof HTMLElement && (event.target.dataset.taskNumber !== undefined || event.target === document.body)
    const task = current()
    const actions: Record<string, () => void> = {
      n: () => addInput?.focus(),
      '/': () => searchInput.focus(),
      '?': () => setHelp(true),
      j: () => move(1),
      ArrowDown: () => onTask && move(1),
      k: () => move(-1),
      ArrowUp: () => onTask && move(-1),
      u: () => void undoDelete(),
      '1': () => setFilter('all'),
      '2': () => setFilter('pending'),
      '3': () => setFilter('completed'),
      ...(task && onTask && {
        x: () => void toggle(task),
        ' ': () => void toggle(task),
        e: () => setEditing(task.number),
        Enter: () => setEditing(task.number),
        Delete: () => void remove(task),
        Backspace: () => void remove(task),
        '#': () => void remove(task),
      }),
    }
    const action = actions[event.key]
    if (action) {
      event.preventDefault()
      action()
    }
  }
  onMount(() => document.addEventListener('keydown', onKey))
  onCleanup(() => document.removeEventListener('keydown', onKey))

  const totals = () => state.totals ?? { all: 0, pending: 0, completed: 0, deleted: 0 }
  const emptyBoard = () => totals().all === 0 && !query()

  return (
    <section class={styles.board} aria-labelledby="tasks-title">
      <header class={styles.header}>
        <h2 id="tasks-title">Tasks</h2>
        <p class={styles.summary} aria-live="polite">
          {totals().pending} open · {totals().completed} done
        </p>
        <button class={styles.icon} onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </header>

      <TaskForm onAdd={add} ref={(el) => (addInput = el)} />

      <div class={styles.toolbar}>
        <div class={styles.filters} role="group" aria-label="Show">
          <For each={FILTERS}>
            {(f) => (
              <button aria-pressed={filter() === f.value} onClick={() => setFilter(f.value)}>
                {f.label} <span class={styles.count}>{state.counts?.[f.value] ?? ''}</span>
              </button>
            )}
          </For>
        </div>
        <div class={styles.toolbarEnd}>
          <label class={styles.sort}>
            <span class="visually-hidden">Sort by</span>
            <select aria-label="Sort by" value={sort()} onChange={(e) => setSort(e.currentTarget.value as TaskSort)}>
              <For each={SORTS}>{(s) => <option value={s.value}>{s.label}</option>}</For>
            </select>
          </label>
          <label class={styles.search}>
            <span class="visually-hidden">Search tasks</span>
            <input ref={searchInput} type="search" placeholder="Search…" value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} />
          </label>
        </div>
      </div>

      <Switch>
        <Match when={state.status === 'loading'}>
          <p class={styles.empty} aria-busy="true">
            Loading your tasks…
          </p>
        </Match>
        <Match when={state.status === 'error'}>
          <div class={styles.empty} role="alert">
            <p>Could not load your tasks: {state.error}</p>
            <button class={styles.primary} onClick={load}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={emptyBoard() && visible().length === 0}>
          <div class={styles.empty}>
            <p class={styles.emptyTitle}>No tasks yet</p>
            <p>Add one above (“pay rent friday !high”), or ask the assistant: “add buy milk tomorrow”.</p>
          </div>
        </Match>
        <Match when={visible().length === 0}>
          <p class={styles.empty}>
            No {filter() === 'all' ? '' : filter() === 'pending' ? 'open ' : 'done '}tasks{query() ? ` match “${query()}”` : ''}.
          </p>
        </Match>
        <Match when={true}>
          <div ref={listEl}>
            <For each={groups()}>
              {(group) => (
                <>
                  <Show when={group.label}>
                    <h3 class={styles.group} data-group={group.label}>
                      {group.label}
                    </h3>
                  </Show>
                  <ul class={styles.list} aria-label={group.label ? `${group.label} tasks` : 'Tasks'}>
                    <For each={group.tasks}>
                      {(task) => (
                        <TaskItem
                          task={task}
                          tabbable={(focused() ?? visible()[0]?.number) === task.number}
                          editing={editing() === task.number}
                          onEditing={(on) => setEditing(on ? task.number : null)}
                          onFocus={() => setFocused(task.number)}
                          onToggle={toggle}
                          onEdit={edit}
                          onDelete={remove}
                        />
                      )}
                    </For>
                  </ul>
                </>
              )}
            </For>
          </div>
        </Match>
      </Switch>
      <div ref={sentinel} class={styles.more}>
        <Show when={state.next && state.status === 'ready'}>
          <button class={styles.ghost} onClick={loadMore} disabled={state.loadingMore}>
            {state.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </Show>
      </div>
      <Show when={help()}>
        <ShortcutHelp onClose={() => setHelp(false)} />
      </Show>
    </section>
  )
}

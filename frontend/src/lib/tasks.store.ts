// The task board's data and behaviour: which view is shown (filter, sort, search), the pages
// loaded so far, the counts, and every change, applied at once and confirmed or rolled back,
// with deletes kept for Undo. Components draw it and call its methods; only lib/api.ts talks
// to the server.
import { batch, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import { createStore, produce, reconcile, unwrap } from 'solid-js/store'
import type { Task, TaskCounts, TaskCreate, TaskPatch, TaskSort } from '@contract'
import * as api from './api'
import { today } from './dates'
import { compareTasks, dueGroup } from './tasks.order'
import { readView, writeView } from './url-state'
import { dismissToast, showError, showToast } from './toast'

/** How long the Undo offer stays up after a delete (the task is in the server's trash at once). */
export const UNDO_MS = 8000
export const PAGE_SIZE = 50
const SEARCH_DELAY_MS = 200

export type Filter = 'all' | 'pending' | 'completed'

/**
 * A board over the signed-in user's tasks; create it inside a component (its effects and
 * timers end with it). It loads at once and again on every change of view.
 */
export function createBoard() {
  const [state, setState] = createStore({
    tasks: [] as Task[],
    next: null as string | null,
    counts: null as TaskCounts | null,
    totals: null as TaskCounts | null,
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    loadingMore: false,
  })
  // The view starts as the address says, and the address follows it (lib/url-state.ts).
  const start = readView()
  const [filter, setFilter] = createSignal<Filter>(start.status)
  const [sort, setSort] = createSignal<TaskSort>(start.sort)
  const [typed, setTyped] = createSignal(start.q)
  const [query, setQuery] = createSignal(start.q.trim())
  /** The task the keyboard acts on (null: none chosen, the first). */
  const [focused, setFocused] = createSignal<number | null>(null)
  /** Asked of the board's view when a task should get the focus (null: the add box). */
  let focusView: (number: number | null) => void = () => {}
  /** Deletes that Undo can still take back, newest last. */
  const [deleted, setDeleted] = createSignal<Task[]>([])
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
  createEffect(on([filter, sort, query], () => void load()))
  createEffect(() => writeView({ status: filter(), sort: sort(), q: typed() }))

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

  const fits = (task: Task) => filter() === 'all' || (filter() === 'completed') === task.completed

  function focusTask(number: number | null) {
    setFocused(number)
    focusView(number)
  }

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

  const forget = (task: Task) => setDeleted((list) => list.filter((t) => t !== task))

  async function undoDelete(task?: Task) {
    const target = task ?? deleted().at(-1)
    if (!target || !deleted().includes(target)) return // undone already
    forget(target)
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
    const index = state.tasks.findIndex((t) => t.number === task.number)
    const neighbour = state.tasks[index + 1] ?? state.tasks[index - 1]
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
    setDeleted((list) => [...list, task])
    offers.set(task.number, showToast(`Deleted "${task.title}"`, { ms: UNDO_MS, action: { label: 'Undo', run: () => void undoDelete(task) } }))
    if (await request) return void refreshCounts()
    forget(task)
    dismissToast(offers.get(task.number)!)
    offers.delete(task.number)
  }

  /** The loaded tasks under their headings (one unnamed group unless sorted by due date). */
  const groups = createMemo(() => {
    if (sort() !== 'due') return [{ label: '', tasks: state.tasks }]
    const out: { label: string; tasks: Task[] }[] = []
    const day = today()
    for (const task of state.tasks) {
      const label = dueGroup(task, day)
      if (out.at(-1)?.label !== label) out.push({ label, tasks: [] })
      out.at(-1)!.tasks.push(task)
    }
    return out
  })

  /** The task the keyboard acts on: the focused one, else the first. */
  const current = () => state.tasks.find((t) => t.number === focused()) ?? state.tasks[0]

  /** Moves the keyboard's task by `step` rows, staying within the list. */
  function move(step: number) {
    const list = state.tasks
    if (list.length === 0) return
    const at = list.findIndex((t) => t.number === focused())
    focusTask(list[Math.min(list.length - 1, Math.max(0, at === -1 ? 0 : at + step))]!.number)
  }

  return {
    state,
    filter,
    setFilter,
    sort,
    setSort,
    /** The search box's text; the list follows it after a pause in typing. */
    typed,
    search: setTyped,
    /** The search the list shows (trimmed, once typing paused). */
    query,
    totals: () => state.totals ?? { all: 0, pending: 0, completed: 0, deleted: 0 },
    groups,
    focused,
    setFocused,
    current,
    move,
    /** The view's way of moving the focus to a task's row (null: to the add box). */
    onFocusTask: (handler: (number: number | null) => void) => void (focusView = handler),
    /** Loads the view again, e.g. after the assistant changed tasks. */
    reload: load,
    loadMore,
    add,
    toggle: (task: Task) => change(task, { completed: !task.completed }, `Could not update "${task.title}"`),
    edit: (task: Task, patch: TaskPatch) => change(task, patch, `Could not save "${task.title}"`),
    remove,
    canUndo: () => deleted().length > 0,
    undoDelete,
  }
}

export type Board = ReturnType<typeof createBoard>

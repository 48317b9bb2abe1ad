// The task board's data and behaviour: which view is shown (filter, sort, search), the pages
// loaded so far, the counts, and every change, applied at once and confirmed or rolled back,
// with deletes kept for Undo. Components draw it and call its methods; only lib/api.ts talks
// to the server.
//
// Longer than the 300-line guideline on purpose: loading, live changes from elsewhere, this
// board's own writes and Undo all put rows into one list through place() and must agree on
// it (a write waiting wins over a change heard on the stream, a row with an open form is not
// taken away); split apart, each part would need the others' state. What has no part in
// that list is elsewhere: the outbox, the stream, the writes' wire form, the order, the URL.
import { batch, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import { createStore, produce, reconcile, unwrap } from 'solid-js/store'
import type { Task, TaskCounts, TaskCreate, TaskPatch, TaskSort } from '@contract'
import * as api from './api'
import { createOutbox, newKey } from './outbox'
import { compareTasks, createGroups } from './tasks.order'
import { clashes, draftTask as draft, numberOf, sendWrite } from './tasks.writes'
import { readView, writeView } from './url-state'
import { dismissToast, showError, showToast } from './toast'

/** How long the Undo offer stays up after a delete (the task is in the server's trash at once). */
export const UNDO_MS = 8000
export const PAGE_SIZE = 50
const SEARCH_DELAY_MS = 200

export type Filter = 'all' | 'pending' | 'completed'

/**
 * A board over the signed-in user's tasks; create it inside a component (its effects and
 * timers end with it). It loads at once and again on every change of view, follows the
 * changes made elsewhere (lib/live.ts), and keeps writes the server has not confirmed in an
 * outbox (lib/outbox.ts) so nothing typed is lost while it cannot be reached.
 */
export function createBoard(userId = '') {
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
  /** Edits the server refused after they waited in the outbox, to open in the form again. */
  const [drafts, setDrafts] = createStore<Record<number, { patch: TaskPatch; error: unknown } | undefined>>({})
  /** Asked of the board's view to open a task's form (an edit to try again). */
  let editAgain: (number: number) => void = () => {}
  /** Deletes that Undo can still take back, newest last. */
  const [deleted, setDeleted] = createSignal<Task[]>([])
  /** Each of those deletes' Undo offer, so taking it back by key closes the offer too. */
  const offers = new Map<number, number>()
  /** Each of those deletes' request: true once the server has it in the trash. */
  const inflight = new Map<number, Promise<boolean>>()
  let generation = 0
  let loading = false
  /** The stream reached its head while a load was on its way: load once more after it. */
  let loadAgain = false
  // Writes a closed page of this user left waiting are sent by this one: their rows follow.
  const outbox = createOutbox(`todo.outbox.${userId}`, sendWrite, {
    sent(write, task) {
      if (task) place(task, write.kind === 'create' ? write.temp : undefined)
      else if (write.kind === 'delete') drop(write.number)
      countsSoon()
    },
    refused(write, error) {
      if (write.kind === 'create') {
        setState('tasks', (list) => list.filter((t) => t.number !== write.temp))
        showError(error, `Could not add "${write.input.title}"`)
      } else if (write.kind === 'update') {
        setDrafts(write.number, { patch: write.patch, error })
        showError(error, 'A change made earlier was not saved', { label: 'Edit again', run: () => editAgain(write.number) })
      } else showError(error, `Could not ${write.kind} task #${write.number}`)
    },
  })
  onCleanup(() => outbox.stop())
  /** Numbers (temporary ones for creates) with a write waiting for the server. */
  const waiting = createMemo(() => new Set(outbox.waiting().map(numberOf)))

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
    loading = true
    try {
      const [page] = await Promise.all([api.listTasks({ ...view(), limit: PAGE_SIZE }), refreshCounts()])
      if (mine !== generation) return
      // A change heard on the stream while the page was on its way is newer than the page.
      const newer = new Map(state.tasks.map((t) => [t.number, t]))
      const items = page.items.map((t) => {
        const seen = newer.get(t.number)
        return seen && seen.version > t.version ? seen : t
      })
      batch(() => {
        setState('tasks', reconcile(items, { key: 'number' }))
        setState({ next: page.next_cursor, status: 'ready', error: '' })
        showWaiting()
      })
    } catch (error) {
      if (mine !== generation) return
      // Keep what is on screen; say that it may be stale.
      setState({ status: state.status === 'ready' ? 'ready' : 'error', error: error instanceof Error ? error.message : String(error) })
    } finally {
      if (mine === generation) {
        loading = false
        if (loadAgain) {
          loadAgain = false
          void load()
        }
      }
    }
  }

  /** Writes still waiting for the server (from before a reload too) drawn over what it sent. */
  function showWaiting() {
    for (const write of outbox.waiting()) {
      if (write.kind === 'create') {
        if (!state.tasks.some((t) => t.number === write.temp)) place(draft(write.input, write.temp))
      } else if (write.kind === 'update') {
        const task = state.tasks.find((t) => t.number === write.number)
        if (task) place({ ...task, ...write.patch } as Task)
      } else if (write.kind === 'delete') {
        setState('tasks', (list) => list.filter((t) => t.number !== write.number))
      }
    }
  }

  /** The task whose form is open: it is not taken away under the user's typing. */
  let editingNumber: () => number | null = () => null
  /** Tasks gone elsewhere while their form was open, removed when it closes. */
  const goneWhileEditing = new Set<number>()
  function drop(number: number) {
    if (editingNumber() === number) return void goneWhileEditing.add(number)
    setState('tasks', (list) => list.filter((t) => t.number !== number))
  }

  // Changes made elsewhere. A change this board made comes back too: it carries the version
  // the board already has, and is skipped.
  let countsTimer: ReturnType<typeof setTimeout> | undefined
  let reloadTimer: ReturnType<typeof setTimeout> | undefined
  const later = (timer: ReturnType<typeof setTimeout> | undefined, run: () => void) => (clearTimeout(timer), setTimeout(run, 150))
  /** The counts again once a burst of changes settled (one request for many events). */
  function countsSoon() {
    countsTimer = later(countsTimer, () => void refreshCounts())
  }
  function remote(task: Task) {
    if (waiting().has(task.number)) return // this board's own write is on its way and wins
    const shown = state.tasks.find((t) => t.number === task.number)
    if (shown && shown.version >= task.version) return
    countsSoon()
    if (task.deleted_at) {
      if (shown) drop(task.number)
    } else if (query()) {
      // Whether it matches the search is the server's to say.
      reloadTimer = later(reloadTimer, () => void load())
    } else if (shown || !state.tasks.some((t) => t.number < 0 && t.title === task.title)) {
      // (Not a create of this board heard on the stream before its answer: the answer
      // replaces the draft row, so the task never shows twice.)
      place(task)
    }
  }
  // The stream's code comes after the first paint, beside the first page (the first paint's
  // JavaScript has a budget, test/e2e/app.test.ts); the ready event then settles any race.
  let stopFollowing = () => {}
  let following = false
  function follow() {
    if (following) return
    following = true
    void import('./live').then(({ followTasks }) => {
      if (!following) return
      stopFollowing = followTasks({
        // At the head of the stream (or past a gap): what was loaded may be older than the
        // head, so load again; a load on its way is followed by one more.
        onReady: () => void (loading ? (loadAgain = true) : load()),
        onTask: remote,
        onRemoved: (number) => {
          drop(number)
          countsSoon()
        },
        onOpen: outbox.retry,
        onRefused: api.checkSession,
      })
    })
  }
  /** Ends the stream and the refreshes it scheduled (signing out: nothing is asked after it). */
  function quiet() {
    following = false
    stopFollowing()
    stopFollowing = () => {}
    clearTimeout(countsTimer)
    clearTimeout(reloadTimer)
  }
  follow()
  const online = () => outbox.retry()
  window.addEventListener('online', online)
  onCleanup(() => {
    quiet()
    window.removeEventListener('online', online)
  })
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

  /**
   * Adds at once; the server numbers it when it answers (later, if it cannot be reached:
   * the row waits, marked). Rejects only when the server refused it (the row goes).
   */
  async function add(input: TaskCreate) {
    const temp = -Date.now()
    place(draft(input, temp))
    const sent = outbox.run({ kind: 'create', key: newKey(), temp, input }).then((created) => {
      if (created) place(created, temp)
      void refreshCounts()
    })
    const refused = (error: unknown) => {
      setState('tasks', (list) => list.filter((t) => t.number !== temp))
      showError(error, `Could not add "${input.title}"`)
    }
    try {
      await sentOrQueued(sent, refused)
    } catch (error) {
      refused(error)
      throw error
    }
  }

  /**
   * Waits for the server's answer to a write, or only until the write is kept for later
   * because the server cannot be reached (its row is marked); a refusal after that goes to
   * `late`.
   */
  async function sentOrQueued(sent: Promise<void>, late: (error: unknown) => void): Promise<void> {
    const outcome = await Promise.race([sent.then(() => 'sent' as const), outbox.whenStalled().then(() => 'queued' as const)])
    if (outcome === 'queued') sent.catch(late)
  }

  /** A task changed elsewhere, or gone, when this board's change reached the server. */
  function settleRefusal(task: Task, error: unknown, before: Task) {
    if (error instanceof api.ApiError && error.current) return place(error.current)
    if (error instanceof api.ApiError && error.status === 404) return drop(task.number)
    place(before)
  }

  /**
   * Applies a change at once, then confirms it with the server (however late, if it cannot
   * be reached). A refusal rolls the row back to what the server has and rejects, so an
   * edit form can keep the typed text; `version` refuses to overwrite a change made elsewhere.
   */
  async function change(task: Task, patch: TaskPatch, version?: number, base: Task = task): Promise<void> {
    const before = { ...task }
    place({ ...task, ...patch } as Task)
    // A 409 is a choice for the user only when the other change set a field this one sets,
    // to something else; otherwise (another field, or this board's own earlier write) the
    // change is sent again over the version the server has, keeping both.
    const attempt = (v?: number): Promise<Task | undefined> =>
      outbox.run({ kind: 'update', number: task.number, patch, version: v }).catch((error) => {
        const other = error instanceof api.ApiError ? error.current : undefined
        if (other && v !== undefined && other.version !== v && !clashes(patch, base, other)) return attempt(other.version)
        throw error
      })
    const sent = attempt(version).then((saved) => {
      if (saved) place(saved)
      void refreshCounts()
    })
    try {
      await sentOrQueued(sent, (error) => {
        // Refused once it could be sent: the text comes back in the form, with the reason.
        settleRefusal(task, error, before)
        setDrafts(task.number, { patch, error })
        showError(error, `Your change to "${task.title}" was not saved`, { label: 'Edit again', run: () => editAgain(task.number) })
      })
    } catch (error) {
      settleRefusal(task, error, before)
      throw error
    }
  }

  async function toggle(task: Task) {
    await change(task, { completed: !task.completed }).catch((error) =>
      showError(error, error instanceof api.ApiError && error.status === 404 ? `"${task.title}" was deleted elsewhere` : `Could not update "${task.title}"`),
    )
  }

  const forget = (task: Task) => setDeleted((list) => list.filter((t) => t !== task))

  async function undoDelete(task?: Task) {
    const target = task ?? deleted().at(-1)
    if (!target || !deleted().includes(target)) return // undone already
    forget(target)
    const offer = offers.get(target.number)
    if (offer !== undefined) dismissToast(offer)
    offers.delete(target.number)
    // A delete still waiting for the server is simply not sent.
    if (outbox.cancel((w) => w.kind === 'delete' && w.number === target.number)) {
      place(target)
      return focusTask(target.number)
    }
    if (!(await inflight.get(target.number))) return // the delete failed: the task never left
    try {
      const restored = await outbox.run({ kind: 'restore', number: target.number })
      if (restored) place(restored)
      void refreshCounts()
      focusTask(target.number)
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
    const request = outbox.run({ kind: 'delete', number: task.number }).then(
      () => true,
      (error) => {
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

  /** The loaded tasks under their headings (tasks.order.ts). */
  const groups = createGroups(() => state.tasks, sort)

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
    toggle,
    /** Saves an edit unless the task changed elsewhere since it was opened (409, with `current`). */
    edit: (task: Task, patch: TaskPatch, version = task.version, base: Task = task) => change(task, patch, version, base),
    remove,
    /** A refused edit's text and reason, for the form to open with; taken once read. */
    drafts,
    forgetDraft: (number: number) => setDrafts(number, undefined),
    /** Stops following changes (before signing out), and follows them again (it failed). */
    quiet,
    follow,
    /** Which task's form is open (the view's signal). */
    watchEditing(editing: () => number | null) {
      editingNumber = editing
      createEffect(
        on(editing, (_, before) => {
          if (before == null || !goneWhileEditing.delete(before)) return
          setState('tasks', (list) => list.filter((t) => t.number !== before))
        }),
      )
    },
    /** The view's way of opening a task's form. */
    onEditAgain: (handler: (number: number) => void) => void (editAgain = handler),
    /** Whether a task has a write waiting for the server. */
    isWaiting: (number: number) => waiting().has(number),
    /** Writes waiting, and whether the server cannot be reached for them (the banner). */
    outbox,
    canUndo: () => deleted().length > 0,
    undoDelete,
  }
}

export type Board = ReturnType<typeof createBoard>

// The Trash view's data and behaviour: the tasks in the server's trash (most recently deleted
// first, the board's search applied), a page at a time, and what can be done with them:
// restore, delete forever, empty the trash. Loaded with the view, not with the page.
import { createEffect, on } from 'solid-js'
import { createStore, produce } from 'solid-js/store'
import type { Task } from '@contract'
import * as api from './api'
import { showError, showToast } from './toast'

/** How long the server keeps a deleted task (TRASH_RETENTION_MS in backend/src/tasks/trash.plugin.ts). */
export const TRASH_DAYS = 30
const DAY_MS = 86_400_000
const PAGE_SIZE = 50

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
/** "1 task", "3 tasks". */
export const tasksCount = (n: number) => `${n} task${n === 1 ? '' : 's'}`

/** "Deleted today · kept until 5 Jan": calendar days in the browser's time zone. */
export function describeDeleted(deletedAt: string, now = new Date()): string {
  const at = new Date(deletedAt)
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
  const days = Math.round((day(now) - day(at)) / DAY_MS)
  const ago = days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`
  const until = new Date(at.getTime() + TRASH_DAYS * DAY_MS)
  const date = until.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(until.getFullYear() !== now.getFullYear() && { year: 'numeric' }) })
  return `Deleted ${ago} · kept until ${date}`
}

/**
 * The trash, following `query` (the board's search); `changed` is called after each change
 * that the board shows too (its list and its counts), e.g. the board's reload.
 */
export function createTrash(query: () => string, changed: () => void) {
  const [state, setState] = createStore({
    tasks: [] as Task[],
    next: null as string | null,
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    loadingMore: false,
  })
  let generation = 0

  /** The first page; answers to an older search are dropped. */
  async function load() {
    const mine = ++generation
    try {
      const page = await api.listTasks({ status: 'deleted', q: query(), limit: PAGE_SIZE })
      if (mine !== generation) return
      setState({ tasks: page.items, next: page.next_cursor, status: 'ready', error: '' })
    } catch (error) {
      if (mine !== generation) return
      setState({ status: state.status === 'ready' ? 'ready' : 'error', error: messageOf(error) })
    }
  }
  createEffect(on(query, () => void load()))

  async function loadMore() {
    if (!state.next || state.loadingMore) return
    const mine = generation
    setState('loadingMore', true)
    try {
      const page = await api.listTasks({ status: 'deleted', q: query(), limit: PAGE_SIZE, cursor: state.next })
      if (mine !== generation) return
      const have = new Set(state.tasks.map((t) => t.number))
      setState(
        produce((s) => {
          s.tasks.push(...page.items.filter((t) => !have.has(t.number)))
          s.next = page.next_cursor
        }),
      )
    } catch (error) {
      showError(error, 'Could not load more of the trash')
    } finally {
      setState('loadingMore', false)
    }
  }

  const drop = (task: Task) => setState('tasks', (list) => list.filter((t) => t.number !== task.number))

  /** Takes the task off the list at once; a refusal puts the server's trash back and says why. */
  async function act(task: Task, request: () => Promise<unknown>, done: string, failure: string) {
    drop(task)
    try {
      await request()
      showToast(done)
    } catch (error) {
      if (!(error instanceof api.ApiError && error.status === 404)) showError(error, failure)
      void load()
    }
    changed()
  }

  return {
    state,
    query,
    reload: load,
    loadMore,
    /** Back on the board, with its number. */
    restore: (task: Task) => act(task, () => api.restoreTask(task.number), `Restored "${task.title}"`, `Could not restore "${task.title}"`),
    /** Gone for good: no Undo. */
    deleteForever: (task: Task) =>
      act(task, () => api.deleteForever(task.number), `Deleted "${task.title}" for good`, `Could not delete "${task.title}"`),
    /**
     * The trash up to the newest task the view showed, not only what the search shows: one
     * trashed since (on another device, or whose Undo is still showing) stays. Resolves false
     * when refused.
     */
    async empty(): Promise<boolean> {
      const upTo = state.tasks.reduce<string | undefined>((newest, t) => (t.deleted_at && (!newest || t.deleted_at > newest) ? t.deleted_at : newest), undefined)
      try {
        const deleted = await api.emptyTrash(upTo)
        ++generation // an answer to a load in flight would bring the rows back
        setState({ tasks: [], next: null, status: 'ready', error: '' })
        showToast(`Deleted ${tasksCount(deleted)} for good`)
        changed()
        void load() // what was trashed since stays, and shows
        return true
      } catch (error) {
        showError(error, 'Could not empty the trash')
        return false
      }
    },
  }
}

export type Trash = ReturnType<typeof createTrash>

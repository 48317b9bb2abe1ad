// The board's view in the address (?status=pending&sort=due&q=milk): a reload, or a link
// someone shares, opens the same filter, order and search. Read once when the board starts
// and written in place (history.replaceState) on every change; what is missing or unknown
// falls back to the default.
import type { TaskSort } from '@contract'

export interface View {
  status: 'all' | 'pending' | 'completed'
  sort: TaskSort
  q: string
}

const DEFAULTS: View = { status: 'all', sort: 'created', q: '' }
const STATUSES: readonly string[] = ['all', 'pending', 'completed']
const SORTS: readonly string[] = ['created', 'due', 'priority']
/** The search's limit on the server (tasks.schema.ts, SearchText). */
const SEARCH_MAX = 200

export function readView(search = location.search): View {
  const params = new URLSearchParams(search)
  const status = params.get('status') ?? ''
  const sort = params.get('sort') ?? ''
  return {
    status: STATUSES.includes(status) ? (status as View['status']) : DEFAULTS.status,
    sort: SORTS.includes(sort) ? (sort as TaskSort) : DEFAULTS.sort,
    q: (params.get('q') ?? '').slice(0, SEARCH_MAX),
  }
}

export function writeView(view: View): void {
  const params = new URLSearchParams(location.search)
  for (const key of ['status', 'sort', 'q'] as const) {
    if (view[key] === DEFAULTS[key]) params.delete(key)
    else params.set(key, view[key])
  }
  const search = params.toString()
  const url = `${location.pathname}${search && `?${search}`}${location.hash}`
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url)
}

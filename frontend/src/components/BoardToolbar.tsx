import { For } from 'solid-js'
import type { TaskSort } from '@contract'
import type { Board, Filter } from '../lib/tasks.store'
import styles from './BoardToolbar.module.css'

/** The views, each with its count; `deleted` (the trash) is shown by the board in place of its list. */
const VIEWS: { value: Filter | 'deleted'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Open' },
  { value: 'completed', label: 'Done' },
  { value: 'deleted', label: 'Trash' },
]
const SORTS: { value: TaskSort; label: string }[] = [
  { value: 'created', label: 'Newest' },
  { value: 'due', label: 'Due date' },
  { value: 'priority', label: 'Priority' },
]

/**
 * Which tasks the board shows: the filters with their counts, the trash (`trash`: shown
 * instead of the list), the order, the search (which the trash follows too).
 */
export default function BoardToolbar(props: {
  board: Board
  searchRef?: (el: HTMLInputElement) => void
  trash?: boolean
  onTrash?: (open: boolean) => void
}) {
  return (
    <div class={styles.toolbar}>
      <div class={styles.filters} role="group" aria-label="Show">
        <For each={VIEWS}>
          {(f) => (
            <button
              aria-pressed={(props.trash ? 'deleted' : props.board.filter()) === f.value}
              onClick={() => (props.onTrash?.(f.value === 'deleted'), f.value !== 'deleted' && props.board.setFilter(f.value))}
            >
              {f.label} <span class={styles.count}>{props.board.state.counts?.[f.value] ?? ''}</span>
            </button>
          )}
        </For>
      </div>
      <div class={styles.end}>
        <label class={styles.sort}>
          <span class="visually-hidden">Sort by</span>
          <select aria-label="Sort by" value={props.board.sort()} onChange={(e) => props.board.setSort(e.currentTarget.value as TaskSort)}>
            <For each={SORTS}>{(s) => <option value={s.value}>{s.label}</option>}</For>
          </select>
        </label>
        <label class={styles.search}>
          <span class="visually-hidden">Search tasks</span>
          <input
            ref={(el) => props.searchRef?.(el)}
            type="search"
            placeholder="Search…"
            value={props.board.typed()}
            onInput={(e) => props.board.search(e.currentTarget.value)}
          />
        </label>
      </div>
    </div>
  )
}

import { For, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import type { Board } from '../lib/tasks.store'
import TaskItem from './TaskItem'
import styles from './TaskList.module.css'

/**
 * The board's tasks under their headings, or what stands in for them (loading, a failure,
 * an empty board or view), and more pages as the end of the list scrolls into view.
 */
export default function TaskList(props: {
  board: Board
  ref?: (el: HTMLDivElement) => void
  editing: number | null
  onEditing: (number: number | null) => void
}) {
  const board = () => props.board
  const tasks = () => board().state.tasks
  const filterName = () => ({ all: '', pending: 'open ', completed: 'done ' })[board().filter()]

  let sentinel!: HTMLDivElement
  onMount(() => {
    if (typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void board().loadMore(), { rootMargin: '400px' })
    observer.observe(sentinel)
    onCleanup(() => observer.disconnect())
  })

  return (
    <>
      <Switch>
        <Match when={board().state.status === 'loading'}>
          <p class={styles.empty} aria-busy="true">
            Loading your tasks…
          </p>
        </Match>
        <Match when={board().state.status === 'error'}>
          <div class={styles.empty} role="alert">
            <p>Could not load your tasks: {board().state.error}</p>
            <button class={styles.primary} onClick={() => board().reload()}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={board().totals().all === 0 && !board().query() && tasks().length === 0}>
          <div class={styles.empty}>
            <p class={styles.emptyTitle}>No tasks yet</p>
            <p>Add one above (“pay rent friday !high”), or ask the assistant: “add buy milk tomorrow”.</p>
          </div>
        </Match>
        <Match when={tasks().length === 0}>
          <p class={styles.empty}>
            No {filterName()}tasks{board().query() ? ` match “${board().query()}”` : ''}.
          </p>
        </Match>
        <Match when={true}>
          <div ref={(el) => props.ref?.(el)}>
            <For each={board().groups()}>
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
                          tabbable={(board().focused() ?? tasks()[0]?.number) === task.number}
                          editing={props.editing === task.number}
                          onEditing={(on) => props.onEditing(on ? task.number : null)}
                          onFocus={() => board().setFocused(task.number)}
                          onToggle={board().toggle}
                          onEdit={board().edit}
                          onDelete={board().remove}
                          waiting={board().isWaiting(task.number) && board().outbox.stalled()}
                          draft={board().drafts[task.number]}
                          onDraftUsed={() => board().forgetDraft(task.number)}
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
        <Show when={board().state.next && board().state.status === 'ready'}>
          <button class={styles.ghost} onClick={() => board().loadMore()} disabled={board().state.loadingMore}>
            {board().state.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </Show>
      </div>
    </>
  )
}

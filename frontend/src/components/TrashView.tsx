import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import type { Task } from '@contract'
import { commandFor } from '../lib/shortcuts'
import type { Board } from '../lib/tasks.store'
import { createTrash, describeDeleted, TRASH_DAYS, tasksCount } from '../lib/trash.store'
import form from '../styles/form.module.css'
import Dialog from './Dialog'
import styles from './TrashView.module.css'

/**
 * The trash, in place of the board's list (loaded when first opened): each deleted task
 * with Restore and Delete forever, and Empty trash behind a confirmation. The board's
 * search applies. Escape or "Back to tasks" returns to the board; ↑/↓ (or j/k) move
 * between rows, keeping the column; Tab reaches every button.
 */
export default function TrashView(props: { board: Board; onBack: () => void }) {
  const trash = createTrash(props.board.query, () => void props.board.reload())
  const [confirming, setConfirming] = createSignal(false)
  let root!: HTMLElement
  let back!: HTMLButtonElement
  let list: HTMLUListElement | undefined

  const rows = () => [...(list?.querySelectorAll<HTMLElement>('li[data-trash-number]') ?? [])]
  /** The focus to the row `step` away from the focused one, on the same button, if any. */
  function move(step: number) {
    const all = rows()
    const active = document.activeElement as HTMLElement | null
    const at = all.findIndex((row) => row.contains(active))
    const column = at === -1 ? 0 : Math.max(0, [...all[at]!.querySelectorAll('button')].indexOf(active as HTMLButtonElement))
    const target = all[Math.min(all.length - 1, Math.max(0, at === -1 ? 0 : at + step))]
    target?.querySelectorAll('button')[column]?.focus()
  }

  /** Runs a row's action and moves the focus to the row that takes its place (or Back). */
  function act(task: Task, column: number, action: (task: Task) => Promise<void>) {
    const all = rows()
    const at = all.findIndex((row) => row.dataset.trashNumber === String(task.number))
    const neighbour = (all[at + 1] ?? all[at - 1])?.dataset.trashNumber
    void action(task)
    queueMicrotask(() => (list?.querySelector(`li[data-trash-number="${neighbour}"]`)?.querySelectorAll('button')[column] ?? back).focus())
  }

  // Before the board's own key handler (a capture listener), so its commands never reach
  // the hidden task list; the filters (1–3) go back to the board and apply there.
  function onKey(event: KeyboardEvent) {
    if (event.defaultPrevented || confirming() || document.querySelector('[aria-modal="true"]')) return
    const target = event.target as HTMLElement
    const typing = target.closest?.('input, textarea, select') !== null
    if (event.key === 'Escape' && !typing) {
      event.preventDefault()
      return props.onBack()
    }
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && list?.contains(target)) {
      event.preventDefault()
      return move(event.key === 'ArrowDown' ? 1 : -1)
    }
    const command = commandFor(event)
    if (command === 'next' || command === 'previous') move(command === 'next' ? 1 : -1)
    else if (command === 'trash') props.onBack()
    else if (command === 'showAll' || command === 'showOpen' || command === 'showDone' || command === 'add') return props.onBack()
    else if (command !== 'toggle' && command !== 'edit' && command !== 'delete' && command !== 'undo') return
    event.preventDefault()
  }

  const opener = document.activeElement
  onMount(() => {
    document.addEventListener('keydown', onKey, true)
    // Opened by key (the list it replaced had the focus): the focus comes into the trash.
    if (!opener?.isConnected || opener === document.body) back.focus()
  })
  onCleanup(() => {
    document.removeEventListener('keydown', onKey, true)
    // Leaving from inside the trash: the focus goes to the board's current task.
    if (root.contains(document.activeElement) || document.activeElement === document.body) {
      queueMicrotask(() => document.querySelector<HTMLElement>('li[data-task-number][tabindex="0"]')?.focus())
    }
  })

  /** The whole trash (the search aside): what Empty trash removes. */
  const total = () => Math.max(props.board.totals().deleted, trash.state.tasks.length)

  async function empty() {
    if (await trash.empty()) closeConfirm()
  }
  function closeConfirm() {
    setConfirming(false)
    back.focus()
  }

  return (
    <section ref={root} class={styles.trash} aria-labelledby="trash-title">
      <header class={styles.header}>
        <button ref={back} class={styles.ghost} onClick={() => props.onBack()}>
          <span aria-hidden="true">←</span> Back to tasks
        </button>
        <h3 id="trash-title">Trash</h3>
        <button class={styles.danger} onClick={() => setConfirming(true)} disabled={total() === 0}>
          Empty trash
        </button>
      </header>
      <p class={styles.note}>Deleted tasks are kept for {TRASH_DAYS} days, then removed for good.</p>
      <Switch>
        <Match when={trash.state.status === 'loading'}>
          <p class={styles.empty} aria-busy="true">
            Loading the trash…
          </p>
        </Match>
        <Match when={trash.state.status === 'error'}>
          <div class={styles.empty} role="alert">
            <p>Could not load the trash: {trash.state.error}</p>
            <button class={styles.ghost} onClick={() => void trash.reload()}>
              Try again
            </button>
          </div>
        </Match>
        <Match when={trash.state.tasks.length === 0}>
          <p class={styles.empty}>{trash.query() ? `Nothing in the trash matches “${trash.query()}”.` : 'The trash is empty.'}</p>
        </Match>
        <Match when={true}>
          <ul ref={list} class={styles.list} aria-label="Deleted tasks">
            <For each={trash.state.tasks}>
              {(task) => (
                <li class={styles.row} data-trash-number={task.number}>
                  <div class={styles.body}>
                    <span class={styles.title}>{task.title}</span>
                    <span class={styles.meta}>
                      <span>#{task.number}</span>
                      <time datetime={task.deleted_at ?? ''}>{describeDeleted(task.deleted_at ?? task.updated_at)}</time>
                    </span>
                  </div>
                  {/* A double click's second click would land on the next row, slid up under the pointer: only a first click acts (a key press is 0). */}
                  <button class={styles.ghost} onClick={(e) => e.detail < 2 && act(task, 0, trash.restore)} aria-label={`Restore: ${task.title}`}>
                    Restore
                  </button>
                  <button
                    class={styles.dangerGhost}
                    onClick={(e) => e.detail < 2 && act(task, 1, trash.deleteForever)}
                    aria-label={`Delete forever: ${task.title}`}
                  >
                    Delete forever
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
      <Show when={trash.state.next && trash.state.status === 'ready'}>
        <div class={styles.more}>
          <button class={styles.ghost} onClick={() => void trash.loadMore()} disabled={trash.state.loadingMore}>
            {trash.state.loadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      </Show>
      <Show when={confirming()}>
        <Dialog title="Empty the trash?" onClose={closeConfirm}>
          <p>
            {tasksCount(total())} in the trash will be deleted for good
            {trash.query() ? ', not only those matching the search' : ''}. This cannot be undone.
          </p>
          <div class={form.actions}>
            <button type="button" class={form.ghost} onClick={closeConfirm}>
              Cancel
            </button>
            <button type="button" class={form.danger} onClick={() => void empty()}>
              Delete {tasksCount(total())} for good
            </button>
          </div>
        </Dialog>
      </Show>
    </section>
  )
}

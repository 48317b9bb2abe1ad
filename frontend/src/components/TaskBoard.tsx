import { createSignal, onCleanup, onMount, Show } from 'solid-js'
import { commandFor, type Command } from '../lib/shortcuts'
import type { Board } from '../lib/tasks.store'
import BoardToolbar from './BoardToolbar'
import type ShortcutHelpComponent from './ShortcutHelp'
import type TrashViewComponent from './TrashView'
import styles from './TaskBoard.module.css'
import TaskForm from './TaskForm'
import TaskList from './TaskList'

// The "?" overlay is loaded when first opened, by a plain import() as AccountMenu does: the
// first paint's JavaScript has a budget (test/e2e/app.test.ts).
const [ShortcutHelp, setShortcutHelp] = createSignal<typeof ShortcutHelpComponent>()
const loadShortcutHelp = () => import('./ShortcutHelp').then((module) => setShortcutHelp(() => module.default))
// The trash view too: it replaces the list when opened (the toolbar's Trash, or `t`).
const [TrashView, setTrashView] = createSignal<typeof TrashViewComponent>()

/**
 * The task board: the add form, the toolbar and the list, over a board store (lib/tasks.store.ts)
 * that holds the data and the behaviour; this component adds the focus and the keyboard map.
 */
export default function TaskBoard(props: { board: Board }) {
  let addInput: HTMLInputElement | undefined
  let searchInput: HTMLInputElement | undefined
  let listEl: HTMLDivElement | undefined
  const [help, showHelp] = createSignal(false)
  const setHelp = (open: boolean) => {
    if (open && !ShortcutHelp()) loadShortcutHelp().catch(() => showHelp(false))
    showHelp(open)
  }
  const [editing, setEditing] = createSignal<number | null>(null)
  const [trash, showTrash] = createSignal(false)
  const setTrash = (open: boolean) => {
    if (open && !TrashView()) import('./TrashView').then((module) => setTrashView(() => module.default), () => showTrash(false))
    showTrash(open)
  }

  // An edit the server refused after it waited for it opens again, with its text; a task
  // deleted elsewhere keeps its open form until it closes.
  props.board.onEditAgain(setEditing)
  props.board.watchEditing(editing)

  // The store says which task should have the focus; the rows are here.
  props.board.onFocusTask((number) =>
    queueMicrotask(() => {
      const row = number === null ? undefined : listEl?.querySelector<HTMLElement>(`[data-task-number="${number}"]`)
      ;(row ?? addInput)?.focus()
    }),
  )

  /** Each command of the keyboard map (lib/shortcuts.ts); false when it does not apply now. */
  function run(command: Command, ctrl: boolean): boolean {
    const board = props.board
    const task = board.current()
    const commands: Record<Command, () => unknown> = {
      add: () => addInput?.focus(),
      search: () => searchInput?.focus(),
      help: () => setHelp(true),
      next: () => board.move(1),
      previous: () => board.move(-1),
      toggle: () => task && void board.toggle(task),
      edit: () => task && setEditing(task.number),
      delete: () => task && void board.remove(task),
      undo: () => void board.undoDelete(),
      showAll: () => board.setFilter('all'),
      showOpen: () => board.setFilter('pending'),
      showDone: () => board.setFilter('completed'),
      trash: () => setTrash(true),
    }
    const needsTask = command === 'toggle' || command === 'edit' || command === 'delete'
    // A task the server has not numbered yet (a negative draft number) waits for it.
    if ((needsTask && (!task || task.number < 0)) || (command === 'undo' && ctrl && !board.canUndo())) return false
    commands[command]()
    return true
  }

  function onKey(event: KeyboardEvent) {
    if (event.defaultPrevented) return
    if (help()) {
      if (event.key === 'Escape') setHelp(false)
      return
    }
    const command = commandFor(event)
    if (command && run(command, event.ctrlKey || event.metaKey)) event.preventDefault()
  }
  onMount(() => document.addEventListener('keydown', onKey))
  onCleanup(() => document.removeEventListener('keydown', onKey))

  return (
    <section class={styles.board} aria-labelledby="tasks-title">
      <header class={styles.header}>
        <h2 id="tasks-title">Tasks</h2>
        <p class={styles.summary} aria-live="polite">
          {props.board.totals().pending} open · {props.board.totals().completed} done
        </p>
        <button class={styles.icon} onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </header>
      <TaskForm onAdd={props.board.add} ref={(el) => (addInput = el)} />
      <BoardToolbar board={props.board} searchRef={(el) => (searchInput = el)} trash={trash()} onTrash={setTrash} />
      <Show when={trash() && TrashView()} fallback={<TaskList board={props.board} ref={(el) => (listEl = el)} editing={editing()} onEditing={setEditing} />}>
        {(View) => {
          const Loaded = View()
          return <Loaded board={props.board} onBack={() => setTrash(false)} />
        }}
      </Show>
      <Show when={help() && ShortcutHelp()}>
        {(Help) => {
          const Loaded = Help()
          return <Loaded onClose={() => setHelp(false)} />
        }}
      </Show>
    </section>
  )
}

// The board's keyboard map: one table that the key handler (TaskBoard) and the "?" overlay
// (ShortcutHelp) both read, so the help can never list a key that does something else.

/** What a key does; the board maps each command to a store method. */
export type Command =
  | 'add'
  | 'search'
  | 'help'
  | 'next'
  | 'previous'
  | 'toggle'
  | 'edit'
  | 'delete'
  | 'undo'
  | 'showAll'
  | 'showOpen'
  | 'showDone'
  | 'trash'

export interface Key {
  /** KeyboardEvent.key, e.g. "j", "ArrowDown", " ". */
  key: string
  /** As the overlay shows it, when that differs from `key`. */
  label?: string
  /** Held with Ctrl (or ⌘). */
  ctrl?: true
  /** Only when a task row (or nothing in particular) has the focus, not a button or field. */
  onTask?: true
}

export interface Shortcut {
  what: string
  keys: Key[]
  /** Absent for keys the form or dialog with the focus handles itself (listed for the help). */
  command?: Command | Command[]
}

export const SHORTCUTS: Shortcut[] = [
  { what: 'New task', keys: [{ key: 'n' }], command: 'add' },
  { what: 'Add the new task exactly as typed (Enter: as its preview shows)', keys: [{ key: 'Enter', label: 'Shift+Enter' }] },
  { what: 'Search', keys: [{ key: '/' }], command: 'search' },
  { what: 'Next task', keys: [{ key: 'j' }, { key: 'ArrowDown', label: '↓', onTask: true }], command: 'next' },
  { what: 'Previous task', keys: [{ key: 'k' }, { key: 'ArrowUp', label: '↑', onTask: true }], command: 'previous' },
  { what: 'Mark done / not done', keys: [{ key: 'x', onTask: true }, { key: ' ', label: 'Space', onTask: true }], command: 'toggle' },
  { what: 'Edit the task', keys: [{ key: 'e', onTask: true }, { key: 'Enter', onTask: true }], command: 'edit' },
  {
    what: 'Delete the task',
    keys: [{ key: 'Delete', label: 'Del', onTask: true }, { key: 'Backspace', label: '⌫', onTask: true }, { key: '#', onTask: true }],
    command: 'delete',
  },
  { what: 'Undo the last delete', keys: [{ key: 'u' }, { key: 'z', label: 'Ctrl+Z', ctrl: true }], command: 'undo' },
  { what: 'Show all, open, done', keys: [{ key: '1' }, { key: '2' }, { key: '3' }], command: ['showAll', 'showOpen', 'showDone'] },
  { what: 'The trash (Esc: back)', keys: [{ key: 't' }], command: 'trash' },
  { what: 'This list', keys: [{ key: '?' }], command: 'help' },
  { what: 'Close, cancel an edit', keys: [{ key: 'Escape', label: 'Esc' }] },
]

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))

/** The command a key press asks for under SHORTCUTS, if any. */
export function commandFor(event: KeyboardEvent): Command | undefined {
  const ctrl = event.ctrlKey || event.metaKey
  if (event.altKey || (ctrl && event.shiftKey) || isTyping(event.target)) return undefined
  const onTask = event.target instanceof HTMLElement && (event.target.dataset.taskNumber !== undefined || event.target === document.body)
  const key = ctrl ? event.key.toLowerCase() : event.key
  for (const shortcut of SHORTCUTS) {
    const at = shortcut.keys.findIndex((k) => k.key === key && Boolean(k.ctrl) === ctrl && (!k.onTask || onTask))
    if (at === -1 || !shortcut.command) continue
    return Array.isArray(shortcut.command) ? shortcut.command[at] : shortcut.command
  }
  return undefined
}

import { For, onCleanup, onMount } from 'solid-js'
import styles from './TaskBoard.module.css'

/** The board's keyboard shortcuts, as the "?" overlay lists them. */
export const SHORTCUTS: [keys: string, what: string][] = [
  ['n', 'New task'],
  ['Shift+Enter', 'Add the new task exactly as typed (Enter: as its preview shows)'],
  ['/', 'Search'],
  ['j  ↓', 'Next task'],
  ['k  ↑', 'Previous task'],
  ['x  Space', 'Mark done / not done'],
  ['e  Enter', 'Edit the task'],
  ['Del  #', 'Delete the task'],
  ['u  Ctrl+Z', 'Undo the last delete'],
  ['1  2  3', 'Show all, open, done'],
  ['?', 'This list'],
  ['Esc', 'Close, cancel an edit'],
]

export default function ShortcutHelp(props: { onClose: () => void }) {
  let close!: HTMLButtonElement
  const before = document.activeElement as HTMLElement | null
  onMount(() => close.focus())
  onCleanup(() => before?.focus())
  return (
    <div class={styles.overlay} onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class={styles.dialog} role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
        <h3 id="shortcuts-title">Keyboard shortcuts</h3>
        <dl class={styles.shortcuts}>
          <For each={SHORTCUTS}>
            {([keys, what]) => (
              <>
                <dt>
                  <For each={keys.split('  ')}>{(key) => <kbd>{key}</kbd>}</For>
                </dt>
                <dd>{what}</dd>
              </>
            )}
          </For>
        </dl>
        <button ref={close} class={styles.primary} onClick={props.onClose} onKeyDown={(e) => e.key === 'Tab' && e.preventDefault()}>
          Close
        </button>
      </div>
    </div>
  )
}

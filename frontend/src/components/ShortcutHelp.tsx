import { For, onCleanup, onMount } from 'solid-js'
import { SHORTCUTS } from '../lib/shortcuts'
import styles from './TaskBoard.module.css'

/** The "?" overlay: the board's keyboard map, read from the same table as its key handler. */
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
            {(shortcut) => (
              <>
                <dt>
                  <For each={shortcut.keys}>{(key) => <kbd>{key.label ?? key.key}</kbd>}</For>
                </dt>
                <dd>{shortcut.what}</dd>
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

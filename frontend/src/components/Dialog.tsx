import { createUniqueId, onCleanup, onMount, Show, type JSX } from 'solid-js'
import styles from './Dialog.module.css'

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled):not([hidden]), a[href], [tabindex="0"]'

/**
 * A modal dialog: focus goes to its first field (else to the dialog itself) and stays
 * inside, Escape or a click outside closes it. Keys pressed in it never reach the page's
 * shortcuts. Where focus goes after closing is the opener's choice (its `onClose`).
 */
export default function Dialog(props: {
  title: string
  onClose: () => void
  children: JSX.Element
  /** false: only the dialog's own buttons end it (no ×, Escape or click outside). */
  dismissable?: boolean
}) {
  const titleId = createUniqueId()
  let panel!: HTMLDivElement

  function onKey(event: KeyboardEvent) {
    event.stopPropagation()
    if (event.key === 'Escape') {
      event.preventDefault()
      if (props.dismissable !== false) props.onClose()
    } else if (event.key === 'Tab') {
      const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)]
      const first = items[0]
      const last = items.at(-1)
      if (!first || !last) return event.preventDefault()
      if (event.shiftKey && (document.activeElement === first || document.activeElement === panel)) {
        event.preventDefault()
        last.focus()
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault()
        first.focus()
      }
    }
  }

  onMount(() => {
    panel.addEventListener('keydown', onKey)
    ;(panel.querySelector<HTMLElement>('input:not([hidden])') ?? panel).focus()
  })
  onCleanup(() => panel.removeEventListener('keydown', onKey))

  return (
    <div class={styles.overlay} onClick={(e) => e.target === e.currentTarget && props.dismissable !== false && props.onClose()}>
      <div ref={panel} class={styles.dialog} role="dialog" aria-modal="true" aria-labelledby={titleId} tabindex="-1">
        <header class={styles.header}>
          <h2 id={titleId}>{props.title}</h2>
          <Show when={props.dismissable !== false}>
            <button class={styles.close} aria-label="Close" onClick={() => props.onClose()}>
              ×
            </button>
          </Show>
        </header>
        {props.children}
      </div>
    </div>
  )
}

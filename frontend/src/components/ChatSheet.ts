import styles from '../App.module.css'

/** The one-column layout, where the chat panel is a sheet (App.module.css says the same). */
const ONE_COLUMN = '(max-width: 900px)'

/**
 * Opens the chat panel's wrapper as a sheet over the board: on a phone the panel waits behind
 * the floating Assistant button. The sheet is modal (the rest of the page is inert), takes the
 * focus into the message box, and closes by Escape, by its Close button, or when the window
 * grows to two columns; the focus goes back to `button`. The page under it never scrolls, so
 * the board is where it was. Loaded on the first open, as the dialogs are: the first paint's
 * JavaScript has a budget (test/e2e/app.test.ts).
 */
export function openSheet(panel: HTMLElement, button: HTMLElement): void {
  if (panel.classList.contains(styles.open!)) return
  const wide = matchMedia(ONE_COLUMN)
  const close = document.createElement('button')
  close.className = styles.close!
  close.setAttribute('aria-label', 'Close')
  close.textContent = '×'
  close.addEventListener('click', shut)

  // Everything beside the sheet, up to the body, is inert while it is open.
  const outside: HTMLElement[] = []
  for (let el: HTMLElement | null = panel; el && el !== document.body; el = el.parentElement) {
    for (const sibling of el.parentElement?.children ?? []) {
      if (sibling !== el && sibling instanceof HTMLElement && !sibling.inert) outside.push(sibling)
    }
  }

  function onKey(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault()
      shut()
    } else if (!(event.target instanceof HTMLTextAreaElement)) {
      // Keys on the sheet's buttons are not the board's shortcuts. The message box's keys go
      // on to the document, where Solid hands them to the composer (the board ignores typing).
      event.stopPropagation()
    }
  }

  function onResize() {
    if (!wide.matches) shut()
  }

  function shut() {
    panel.classList.remove(styles.open!)
    panel.removeAttribute('role')
    panel.removeAttribute('aria-modal')
    panel.removeAttribute('aria-labelledby')
    panel.removeEventListener('keydown', onKey)
    wide.removeEventListener('change', onResize)
    close.remove()
    for (const el of outside) el.inert = false
    button.focus()
  }

  for (const el of outside) el.inert = true
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-modal', 'true')
  panel.setAttribute('aria-labelledby', 'chat-title')
  panel.addEventListener('keydown', onKey)
  wide.addEventListener('change', onResize)
  panel.prepend(close)
  panel.classList.add(styles.open!)
  panel.querySelector<HTMLElement>('textarea')?.focus()
}

import { createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js'
import * as api from '../lib/api'
import { showError } from '../lib/toast'
import type AccountPanelComponent from './AccountPanel'
import type { Item } from './AccountPanel'
import styles from './AccountMenu.module.css'

// The dialogs are loaded when one is first opened: most visits never open one, and the
// board's first paint should not wait for them (the initial-bundle budget in
// test/e2e/app.test.ts). A plain import(): Solid's lazy() and Suspense cost more bytes in
// the first bundle than they would save.
const [AccountPanel, setAccountPanel] = createSignal<typeof AccountPanelComponent>()
const loadAccountPanel = () => import('./AccountPanel').then((module) => setAccountPanel(() => module.default))

/** The menu's entries, top to bottom; a panel's dialog is titled like its entry. */
export const ITEMS: Item[] = [
  { id: 'password', label: 'Change password' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'delete', label: 'Delete account', danger: true },
  { id: 'sign-out', label: 'Sign out' },
]

/**
 * The signed-in user's button in the header and its menu (the WAI-ARIA menu button:
 * Enter, Space or ↓ opens it on the first entry, ↑ on the last; arrows, Home and End move;
 * Escape or Tab closes it and focus goes back to the button), with the dialogs it opens.
 */
export default function AccountMenu(props: {
  email: string
  /** Asked before signing out (writes not sent yet go with it); false keeps the user in. */
  beforeSignOut?: () => boolean
  onSignOutFailed?: () => void
  onSignedOut: () => void
  onDeleted: () => void
}) {
  const menuId = createUniqueId()
  const [open, setOpen] = createSignal(false)
  const [panel, setPanel] = createSignal<Item | null>(null)
  let root!: HTMLDivElement
  let button!: HTMLButtonElement
  let menu: HTMLDivElement | undefined

  const entries = () => [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
  const focusEntry = (index: number) => {
    const list = entries()
    list[(index + list.length) % list.length]?.focus()
  }

  function show(at: 'first' | 'last') {
    setOpen(true)
    focusEntry(at === 'first' ? 0 : -1)
  }

  function close(returnFocus: boolean) {
    setOpen(false)
    if (returnFocus) button.focus()
  }

  function onButtonKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    show(event.key === 'ArrowDown' ? 'first' : 'last')
  }

  /** Listened to on the menu itself, so the board's shortcuts never see these keys. */
  function onMenuKey(event: KeyboardEvent) {
    event.stopPropagation()
    const at = entries().indexOf(document.activeElement as HTMLElement)
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 }
    if (event.key in moves) {
      event.preventDefault()
      focusEntry(moves[event.key]!)
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      close(true)
    }
  }

  const onPointerDown = (event: PointerEvent) => {
    if (open() && !root.contains(event.target as Node)) close(false)
  }
  document.addEventListener('pointerdown', onPointerDown)
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown))

  function choose(item: Item) {
    close(false)
    if (item.id === 'sign-out') void signOut()
    else {
      setPanel(item)
      loadAccountPanel().catch(() => {
        setPanel(null)
        showError('Could not load this dialog; check your connection and try again.')
      })
    }
  }

  function closePanel() {
    setPanel(null)
    button.focus()
  }

  async function signOut() {
    if (props.beforeSignOut?.() === false) return button.focus()
    try {
      await api.signOut()
    } catch (error) {
      showError(error, 'Could not sign out')
      props.onSignOutFailed?.()
      button.focus()
      return
    }
    props.onSignedOut()
  }

  return (
    <div ref={root} class={styles.root}>
      <button
        ref={button}
        class={styles.button}
        aria-label={`Account: ${props.email}`}
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? menuId : undefined}
        onClick={() => (open() ? close(true) : show('first'))}
        onKeyDown={onButtonKey}
      >
        <span class={styles.avatar} aria-hidden="true">
          {props.email.slice(0, 1).toUpperCase()}
        </span>
        <span class={styles.email}>{props.email}</span>
        <span class={styles.caret} aria-hidden="true">
          ▾
        </span>
      </button>
      <Show when={open()}>
        <div class={styles.popup}>
          <p class={styles.who}>
            Signed in as <strong>{props.email}</strong>
          </p>
          <div
            ref={(el) => {
              menu = el
              el.addEventListener('keydown', onMenuKey)
            }}
            id={menuId}
            role="menu"
            aria-label="Account"
          >
            <For each={ITEMS}>
              {(item) => (
                <>
                  <Show when={item.id === 'sign-out'}>
                    <div role="separator" class={styles.separator} />
                  </Show>
                  <button role="menuitem" tabindex="-1" class={styles.item} classList={{ [styles.danger!]: item.danger }} onClick={() => choose(item)}>
                    {item.label}
                  </button>
                </>
              )}
            </For>
          </div>
        </div>
      </Show>
      <Show when={panel() && AccountPanel()}>
        {(Panel) => {
          const Loaded = Panel()
          return <Loaded which={panel()!} email={props.email} onClose={closePanel} onDeleted={() => props.onDeleted()} />
        }}
      </Show>
    </div>
  )
}

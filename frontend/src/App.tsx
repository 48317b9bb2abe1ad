import { createEffect, createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import AccountMenu from './components/AccountMenu'
import type AuthScreenComponent from './components/AuthScreen'
import ChatPanel from './components/ChatPanel'
import TaskBoard from './components/TaskBoard'
import Toasts from './components/Toasts'
import * as api from './lib/api'
import { UNREACHABLE } from './lib/unreachable'
import { forgetConversation } from './lib/chat.store'
import { createBoard } from './lib/tasks.store'
import { clearToasts } from './lib/toast'
import type { User } from '@contract'
import styles from './App.module.css'

// The sign-in screen is loaded once the session check finds nobody signed in: a signed-in
// visit never shows it, and the first paint's JavaScript has a budget (test/e2e/app.test.ts;
// a plain import(), as AccountMenu.tsx loads its dialogs).
const [AuthScreen, setAuthScreen] = createSignal<typeof AuthScreenComponent>()
const loadAuthScreen = () => import('./components/AuthScreen').then((module) => setAuthScreen(() => module.default))

// On a phone the assistant is a sheet behind a floating button (App.module.css); what opens it
// is loaded on the first open, as the dialogs are: the first paint's JavaScript has a budget.
const openSheet = (panel: HTMLElement, button: HTMLElement) => void import('./components/ChatSheet').then((module) => module.openSheet(panel, button))

export default function App() {
  /** undefined while the session is being checked. */
  const [user, setUser] = createSignal<User | null | undefined>(undefined)
  const [bootError, setBootError] = createSignal('')
  const [online, setOnline] = createSignal(navigator.onLine)
  /** Said on the sign-in screen after the account left it, e.g. "Your account was deleted". */
  const [farewell, setFarewell] = createSignal('')

  async function checkSession() {
    setBootError('')
    try {
      setUser(await api.getSession())
    } catch (error) {
      setBootError(error instanceof Error ? error.message : String(error))
    }
  }

  onMount(() => {
    api.setUnauthorizedHandler(() => setUser(null))
    void checkSession()
    const update = () => setOnline(navigator.onLine)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    onCleanup(() => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    })
  })

  // Nobody signed in: fetch the sign-in screen (once; a failure says the server is out of reach).
  createEffect(() => {
    if (!bootError() && user() === null && !AuthScreen()) loadAuthScreen().catch(() => setBootError(UNREACHABLE))
  })

  function signedIn(next: User) {
    setFarewell('')
    setUser(next)
  }

  /**
   * Back to the sign-in screen with nothing of the account left: the board and the chat end
   * with their screen, and their messages (an Undo naming a task) and the open conversation go too.
   */
  function signedOut(message = '') {
    clearToasts()
    forgetConversation()
    setFarewell(message)
    setUser(null)
  }

  return (
    <>
      <Show when={!online()}>
        <p class={styles.offline} role="alert">
          You are offline. Changes will fail until the connection is back.
        </p>
      </Show>
      <Switch>
        <Match when={bootError()}>
          <main class={styles.center} role="alert">
            <p>Cannot reach Todo Chatbot: {bootError()}</p>
            <button class={styles.button} onClick={checkSession}>
              Try again
            </button>
          </main>
        </Match>
        <Match when={user() === undefined}>
          <main class={styles.center} aria-busy="true">
            <p>Loading…</p>
          </main>
        </Match>
        <Match when={user() === null}>
          <Show
            when={AuthScreen()}
            fallback={
              <main class={styles.center} aria-busy="true">
                <p>Loading…</p>
              </main>
            }
          >
            {(Screen) => {
              const Loaded = Screen()
              return <Loaded onSignedIn={signedIn} notice={farewell()} />
            }}
          </Show>
        </Match>
        <Match when={user()}>
          {(current) => {
            // One board per signed-in session; the assistant reloads it when it changed tasks.
            const board = createBoard()
            let chat!: HTMLDivElement
            return (
              <div class={styles.shell}>
                <header class={styles.topbar}>
                  <span class={styles.logo}>
                    <span class={styles.mark} aria-hidden="true">
                      ✓
                    </span>
                    Todo Chatbot
                  </span>
                  <AccountMenu
                    email={current().email}
                    onSignedOut={() => signedOut()}
                    onDeleted={() => signedOut('Your account was deleted')}
                  />
                </header>
                <main class={styles.grid}>
                  <TaskBoard board={board} />
                  <div ref={chat} class={styles.chat}>
                    <ChatPanel onTasksChanged={() => void board.reload()} />
                  </div>
                </main>
                <button class={styles.fab} onClick={(e) => openSheet(chat, e.currentTarget)}>
                  Assistant
                </button>
              </div>
            )
          }}
        </Match>
      </Switch>
      <Toasts />
    </>
  )
}

import { createEffect, createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import AccountMenu from './components/AccountMenu'
import type AuthScreenComponent from './components/AuthScreen'
import ChatPanel from './components/ChatPanel'
import TaskBoard from './components/TaskBoard'
import Toasts from './components/Toasts'
import * as api from './lib/api'
import { UNREACHABLE } from './lib/unreachable'
import { forgetConversation } from './lib/chat.store'
import { createBoard, type Board } from './lib/tasks.store'
import { clearToasts } from './lib/toast'
import type { User } from '@contract'
import type SessionDialogComponent from './components/SessionDialog'
import styles from './App.module.css'

// The sign-in screen is loaded once the session check finds nobody signed in: a signed-in
// visit never shows it, and the first paint's JavaScript has a budget (test/e2e/app.test.ts;
// a plain import(), as AccountMenu.tsx loads its dialogs).
const [AuthScreen, setAuthScreen] = createSignal<typeof AuthScreenComponent>()
const loadAuthScreen = () => import('./components/AuthScreen').then((module) => setAuthScreen(() => module.default))

// Loaded when a session ends under the user, which most visits never see (the first
// paint's budget, test/e2e/app.test.ts).
const [SessionDialog, setSessionDialog] = createSignal<typeof SessionDialogComponent>()
const loadSessionDialog = () => import('./components/SessionDialog').then((module) => setSessionDialog(() => module.default))

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
  /** Set while the session ended under a signed-in user: sign in again, or out. */
  const [lost, setLost] = createSignal<{ email: string; done: (again: boolean) => void } | null>(null)

  /** Asks to sign in again over the current screen; resolves true once signed in. */
  function sessionLost(): Promise<boolean> {
    const who = user()
    if (!who) return Promise.resolve(false)
    return new Promise((resolve) => {
      const done = (again: boolean) => {
        if (!again && !discardUnsent()) return
        setLost(null)
        if (!again) signedOut('Your session has ended. Sign in again.')
        resolve(again)
      }
      loadSessionDialog().then(() => setLost({ email: who.email, done }), () => done(false))
    })
  }

  /** The signed-in user's board, whose unsent writes go with a sign-out. */
  let board: Board | undefined
  /** Signing out discards writes not sent yet: true when there are none or the user agrees. */
  function discardUnsent(): boolean {
    const unsent = board?.outbox.waitingEverywhere() ?? 0
    const lose = unsent === 1 ? '1 change has' : `${unsent} changes have`
    return unsent === 0 || window.confirm(`${lose} not reached the server yet. Signing out discards them. Sign out anyway?`)
  }

  /** Before the sign-out request: asks about unsent writes, and the board stops asking the server. */
  function beforeSignOut(): boolean {
    if (!discardUnsent()) return false
    board?.quiet()
    return true
  }

  async function checkSession() {
    setBootError('')
    try {
      setUser(await api.getSession())
    } catch (error) {
      setBootError(error instanceof Error ? error.message : String(error))
    }
  }

  onMount(() => {
    api.setUnauthorizedHandler(sessionLost)
    // Every request names the account this page shows; if another tab signs a different
    // account in, the server refuses them and the page starts again as that account.
    createEffect(() => api.setExpectedUser(user()?.id ?? '', () => window.location.reload()))
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
   * with their screen, and their messages (an Undo naming a task), the open conversation and
   * the writes not sent (the user was asked) go too.
   */
  function signedOut(message = '') {
    board?.outbox.clear()
    board = undefined
    clearToasts()
    forgetConversation()
    setFarewell(message)
    setUser(null)
  }

  return (
    <>
      <Show when={!online()}>
        <p class={styles.offline} role="alert">
          You are offline. Changes are kept in this browser and sent when the connection is back.
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
            const mine = (board = createBoard(current().id))
            let chat!: HTMLDivElement
            const waiting = () => mine.outbox.waiting().length
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
                    beforeSignOut={beforeSignOut}
                    onSignOutFailed={() => mine.follow()}
                    onSignedOut={() => signedOut()}
                    onDeleted={() => signedOut('Your account was deleted')}
                  />
                </header>
                <Show when={mine.outbox.stalled() && waiting() > 0}>
                  <p class={styles.outbox} role="status">
                    {waiting() === 1 ? '1 change is' : `${waiting()} changes are`} waiting: the server cannot be reached. They are kept
                    in this browser and will be sent when it answers.{' '}
                    <button class={styles.link} onClick={() => mine.outbox.retry()}>
                      Try now
                    </button>
                  </p>
                </Show>
                <main class={styles.grid}>
                  <TaskBoard board={mine} />
                  <div ref={chat} class={styles.chat}>
                    <ChatPanel onTasksChanged={() => void mine.reload()} />
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
      <Show when={lost() && SessionDialog()}>
        {(Dialog) => {
          const Loaded = Dialog()
          const { email, done } = lost()!
          return <Loaded email={email} onSignedIn={() => done(true)} onSignOut={() => done(false)} />
        }}
      </Show>
      <Toasts />
    </>
  )
}

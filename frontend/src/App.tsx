import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js'
import AuthScreen from './components/AuthScreen'
import ChatPanel from './components/ChatPanel'
import TaskBoard from './components/TaskBoard'
import Toasts from './components/Toasts'
import * as api from './lib/api'
import { showError } from './lib/toast'
import type { User } from '@contract'
import styles from './App.module.css'

export default function App() {
  /** undefined while the session is being checked. */
  const [user, setUser] = createSignal<User | null | undefined>(undefined)
  const [bootError, setBootError] = createSignal('')
  const [online, setOnline] = createSignal(navigator.onLine)
  const [tasksVersion, setTasksVersion] = createSignal(0)

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

  async function signOut() {
    try {
      await api.signOut()
    } catch (error) {
      showError(error, 'Could not sign out')
      return
    }
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
          <AuthScreen onSignedIn={setUser} />
        </Match>
        <Match when={user()}>
          {(current) => (
            <div class={styles.shell}>
              <header class={styles.topbar}>
                <span class={styles.logo}>
                  <span class={styles.mark} aria-hidden="true">
                    ✓
                  </span>
                  Todo Chatbot
                </span>
                <span class={styles.account}>
                  <span class={styles.email}>{current().email}</span>
                  <button class={styles.button} onClick={signOut}>
                    Sign out
                  </button>
                </span>
              </header>
              <main class={styles.grid}>
                <TaskBoard refreshKey={tasksVersion()} />
                <ChatPanel onTasksChanged={() => setTasksVersion((v) => v + 1)} />
              </main>
            </div>
          )}
        </Match>
      </Switch>
      <Toasts />
    </>
  )
}

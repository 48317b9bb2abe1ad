import { For, Show } from 'solid-js'
import { describeDevice, lastUsed } from '../lib/device'
import { createSessions } from '../lib/sessions.store'
import form from '../styles/form.module.css'
import styles from './Sessions.module.css'

/** Where the account is signed in, with a way to sign out any other place. */
export default function Sessions() {
  const store = createSessions()
  const others = () => (store.sessions() ?? []).filter((s) => !s.current)

  return (
    <div class={styles.sessions}>
      <p class={styles.lead}>Devices and browsers signed in to your account. Sign out any you do not recognise, then change your password.</p>
      <Show when={!store.sessions.error} fallback={
        <div class={form.formError} role="alert">
          Could not load the sessions: {store.sessions.error instanceof Error ? store.sessions.error.message : String(store.sessions.error)}{' '}
          <button class={form.ghost} onClick={() => void store.refetch()}>
            Try again
          </button>
        </div>
      }>
        <Show when={store.sessions()} fallback={<p class={styles.lead} aria-busy="true">Loading…</p>}>
          <ul class={styles.list} aria-label="Sessions">
            <For each={store.sessions()}>
              {(session) => (
                <li class={styles.item}>
                  <div class={styles.what}>
                    <span class={styles.device}>
                      {describeDevice(session.user_agent)}
                      <Show when={session.current}>
                        <span class={styles.badge}>This device</span>
                      </Show>
                    </span>
                    <span class={styles.meta}>
                      {session.ip_address ?? 'Unknown address'} ·{' '}
                      <time datetime={session.updated_at} title={new Date(session.updated_at).toLocaleString()}>
                        {session.current ? 'Active now' : `Last used ${lastUsed(session.updated_at)}`}
                      </time>
                    </span>
                  </div>
                  <Show when={!session.current}>
                    <button
                      class={form.ghost}
                      disabled={store.busy() !== null}
                      aria-label={`Sign out ${describeDevice(session.user_agent)}, ${session.ip_address ?? 'unknown address'}`}
                      onClick={() => void store.revoke(session)}
                    >
                      {store.busy() === session.id ? 'Signing out…' : 'Sign out'}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={others().length > 0}>
            <div class={form.actions}>
              <button class={form.ghost} disabled={store.busy() !== null} onClick={() => void store.revokeOthers()}>
                {store.busy() === 'others' ? 'Signing out…' : 'Sign out all other sessions'}
              </button>
            </div>
          </Show>
        </Show>
      </Show>
      <p class={styles.status} classList={{ [form.notice!]: Boolean(store.notice()) }} role="status">
        {store.notice()}
      </p>
      <Show when={store.failure()}>
        <p class={form.formError} role="alert">
          {store.failure()}
        </p>
      </Show>
    </div>
  )
}

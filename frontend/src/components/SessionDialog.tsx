import { createSignal, createUniqueId, Show } from 'solid-js'
import { signIn } from '../lib/api'
import form from '../styles/form.module.css'
import Dialog from './Dialog'

/**
 * Opened over whatever the user was doing when the session ended (it expired, or was
 * signed out from another device): sign in again, with the email filled in, and what was
 * interrupted goes through; nothing on the screen is lost. Its Sign out button signs out.
 */
export default function SessionDialog(props: { email: string; onSignedIn: () => void; onSignOut: () => void }) {
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const id = createUniqueId()

  async function submit(event: Event) {
    event.preventDefault()
    if (!password()) return setError('Enter your password')
    setBusy(true)
    try {
      await signIn(props.email, password())
      props.onSignedIn()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    // Not closed by Escape or a click outside: either would sign out and lose what is on the
    // screen; only the two buttons decide.
    <Dialog title="Sign in again" onClose={props.onSignOut} dismissable={false}>
      <form class={form.form} onSubmit={submit} novalidate>
        <p>Your session has ended. Sign in again to go on: nothing you typed is lost.</p>
        <label for={`${id}-email`}>Email</label>
        <input id={`${id}-email`} type="email" autocomplete="username" value={props.email} readonly />
        <label for={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autocomplete="current-password"
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          aria-invalid={Boolean(error())}
          ref={(el) => queueMicrotask(() => el.focus())}
        />
        <Show when={error()}>
          <p class={form.formError} role="alert">
            {error()}
          </p>
        </Show>
        <div class={form.actions}>
          <button type="button" class={form.ghost} onClick={() => props.onSignOut()}>
            Sign out
          </button>
          <button type="submit" class={form.primary} disabled={busy()}>
            {busy() ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

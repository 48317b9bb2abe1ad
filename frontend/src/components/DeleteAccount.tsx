import { createSignal, createUniqueId, Show } from 'solid-js'
import { ApiError, deleteAccount } from '../lib/api'
import form from '../styles/form.module.css'
import styles from './DeleteAccount.module.css'

/** Deletes the account for good, once the password is typed again. */
export default function DeleteAccount(props: { email: string; onCancel: () => void; onDeleted: () => void }) {
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const id = createUniqueId()
  let input!: HTMLInputElement

  function refuse(message: string) {
    setError(message)
    input.focus()
  }

  async function submit(event: Event) {
    event.preventDefault()
    setFailure('')
    if (password() === '') return refuse('Enter your password to confirm')
    setBusy(true)
    try {
      await deleteAccount(password())
    } catch (caught) {
      setBusy(false)
      if (caught instanceof ApiError && (caught.code === 'WRONG_PASSWORD' || caught.code === 'VALIDATION_ERROR')) refuse(caught.message)
      else setFailure(caught instanceof Error ? caught.message : String(caught))
      return
    }
    props.onDeleted()
  }

  return (
    <form class={form.form} onSubmit={submit} novalidate>
      <div class={styles.warning}>
        <p>
          This deletes the account <strong>{props.email}</strong> with all its tasks and assistant conversations, for good. It
          cannot be undone, and every device signed in to it is signed out.
        </p>
      </div>
      <input type="email" autocomplete="username" value={props.email} hidden readonly />
      <label for={`${id}-password`}>Type your password to confirm</label>
      <input
        ref={input}
        id={`${id}-password`}
        type="password"
        autocomplete="current-password"
        value={password()}
        onInput={(e) => {
          setPassword(e.currentTarget.value)
          setError('')
        }}
        aria-invalid={Boolean(error())}
        aria-describedby={error() ? `${id}-error` : undefined}
      />
      <Show when={error()}>
        <p id={`${id}-error`} class={form.fieldError}>
          {error()}
        </p>
      </Show>
      <Show when={failure()}>
        <p class={form.formError} role="alert">
          {failure()}
        </p>
      </Show>
      <div class={form.actions}>
        <button type="button" class={form.ghost} onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="submit" class={form.danger} disabled={busy()}>
          {busy() ? 'Deleting…' : 'Delete account for good'}
        </button>
      </div>
    </form>
  )
}

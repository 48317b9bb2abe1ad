import { createSignal, createUniqueId, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { ApiError, changePassword } from '../lib/api'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@contract/limits'
import form from '../styles/form.module.css'
import styles from './ChangePassword.module.css'

type Field = 'current' | 'next' | 'confirm'
type Errors = Partial<Record<Field | 'form', string>>

const signedOut = (n: number) =>
  `Password changed; ${n === 0 ? 'no other sessions were' : n === 1 ? '1 other session was' : `${n} other sessions were`} signed out`

/** The change-password form; every other session of the account is signed out by it. */
export default function ChangePassword(props: { email: string; onDone: () => void }) {
  const [values, setValues] = createStore<Record<Field, string>>({ current: '', next: '', confirm: '' })
  const [errors, setErrors] = createSignal<Errors>({})
  const [busy, setBusy] = createSignal(false)
  const [done, setDone] = createSignal('')
  const id = createUniqueId()
  let formEl!: HTMLFormElement

  /** Errors are said next to their field, and focus goes to the first of them. */
  function showErrors(found: Errors) {
    setErrors(found)
    formEl.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }

  /** The checks the server makes anyway, said before the round trip. */
  function check(): boolean {
    const found: Errors = {}
    if (values.current === '') found.current = 'Enter your current password'
    if (values.next.length < MIN_PASSWORD_LENGTH) found.next = `Use at least ${MIN_PASSWORD_LENGTH} characters`
    else if (values.next.length > MAX_PASSWORD_LENGTH) found.next = `Use at most ${MAX_PASSWORD_LENGTH} characters`
    else if (values.confirm !== values.next) found.confirm = 'The two new passwords differ'
    showErrors(found)
    return Object.keys(found).length === 0
  }

  async function submit(event: Event) {
    event.preventDefault()
    if (!check()) return
    setBusy(true)
    try {
      setDone(signedOut(await changePassword(values.current, values.next)))
    } catch (error) {
      if (error instanceof ApiError && error.code === 'WRONG_PASSWORD') showErrors({ current: error.message })
      else if (error instanceof ApiError && error.code === 'VALIDATION_ERROR') {
        showErrors(error.field === 'current_password' ? { current: error.message } : { next: error.message })
      } else setErrors({ form: error instanceof Error ? error.message : String(error) })
    } finally {
      setBusy(false)
    }
  }

  const field = (name: Field, label: string, autocomplete: string, hint?: string) => (
    <>
      <label for={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="password"
        autocomplete={autocomplete}
        value={values[name]}
        onInput={(e) => setValues(name, e.currentTarget.value)}
        aria-invalid={Boolean(errors()[name])}
        aria-describedby={errors()[name] || hint ? `${id}-${name}-note` : undefined}
      />
      <Show when={errors()[name]} fallback={hint && <p id={`${id}-${name}-note`} class={form.hint}>{hint}</p>}>
        <p id={`${id}-${name}-note`} class={form.fieldError}>
          {errors()[name]}
        </p>
      </Show>
    </>
  )

  return (
    <Show
      when={!done()}
      fallback={
        <>
          <p class={form.notice} role="status">
            {done()}
          </p>
          <div class={form.actions}>
            <button class={form.primary} ref={(el) => queueMicrotask(() => el.focus())} onClick={() => props.onDone()}>
              Done
            </button>
          </div>
        </>
      }
    >
      <form ref={formEl} class={form.form} onSubmit={submit} novalidate>
        <p class={styles.lead}>Every other device signed in to this account will be signed out.</p>
        {/* For password managers: which account this password belongs to. */}
        <input type="email" autocomplete="username" value={props.email} hidden readonly />
        {field('current', 'Current password', 'current-password')}
        {field('next', 'New password', 'new-password', `At least ${MIN_PASSWORD_LENGTH} characters.`)}
        {field('confirm', 'Confirm new password', 'new-password')}
        <Show when={errors().form}>
          <p class={form.formError} role="alert">
            {errors().form}
          </p>
        </Show>
        <div class={form.actions}>
          <button type="button" class={form.ghost} onClick={() => props.onDone()}>
            Cancel
          </button>
          <button type="submit" class={form.primary} disabled={busy()}>
            {busy() ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </Show>
  )
}

import { createResource, createSignal, Show } from 'solid-js'
import { ApiError, getDemoAccount, signIn, signUp } from '../lib/api'
import type { User } from '@contract'
import { MIN_PASSWORD_LENGTH } from '@contract/limits'
import styles from './AuthScreen.module.css'

/** `notice`: a line for whoever just left, e.g. "Your account was deleted". */
export default function AuthScreen(props: { onSignedIn: (user: User) => void; notice?: string }) {
  const [mode, setMode] = createSignal<'sign-in' | 'sign-up'>('sign-in')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  /** `taken`: the email has an account already, and the error offers to sign in instead. */
  const [errors, setErrors] = createSignal<{ email?: string; password?: string; form?: string; taken?: boolean }>({})
  let passwordInput!: HTMLInputElement
  const [demo] = createResource(getDemoAccount)

  /** Field checks the server would make anyway, said before the round trip. */
  function check(): boolean {
    const found: { email?: string; password?: string } = {}
    if (!/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email().trim())) found.email = 'Enter an email address like you@example.com'
    if (mode() === 'sign-up' && password().length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`
    if (mode() === 'sign-in' && password() === '') found.password = 'Enter your password'
    setErrors(found)
    return Object.keys(found).length === 0
  }

  async function submit(event?: Event) {
    event?.preventDefault()
    if (!check()) return
    setBusy(true)
    try {
      const action = mode() === 'sign-in' ? signIn : signUp
      props.onSignedIn(await action(email().trim(), password()))
    } catch (error) {
      if (error instanceof ApiError && (error.field === 'email' || error.field === 'password')) {
        setErrors({ [error.field]: error.message })
      } else if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') {
        setErrors({ email: 'An account with this email already exists.', taken: true })
      } else {
        setErrors({ form: error instanceof Error ? error.message : String(error) })
      }
    } finally {
      setBusy(false)
    }
  }

  /** One click: signs in as the demo account (the form shows what it used). */
  function useDemo() {
    const account = demo()
    if (!account) return
    setMode('sign-in')
    setEmail(account.email)
    setPassword(account.password)
    setErrors({})
    void submit()
  }

  const switchMode = (next: 'sign-in' | 'sign-up') => {
    setMode(next)
    setErrors({})
  }

  /** From "this email already has an account": the same email, signing in; the password is next. */
  function signInInstead() {
    switchMode('sign-in')
    passwordInput.focus()
  }

  return (
    <main class={styles.screen}>
      <section class={styles.card} aria-labelledby="auth-title">
        <div class={styles.brand} aria-hidden="true">✓</div>
        <h1 id="auth-title">Todo Chatbot</h1>
        <p class={styles.lead}>Your tasks, and an assistant that manages them in plain language.</p>
        <Show when={props.notice}>
          <p class={styles.notice} role="status">
            {props.notice}
          </p>
        </Show>

        <div class={styles.tabs} role="tablist" aria-label="Account">
          <button role="tab" aria-selected={mode() === 'sign-in'} onClick={() => switchMode('sign-in')}>
            Sign in
          </button>
          <button role="tab" aria-selected={mode() === 'sign-up'} onClick={() => switchMode('sign-up')}>
            Create account
          </button>
        </div>

        <form onSubmit={submit} novalidate>
          <label for="auth-email">Email</label>
          <input
            id="auth-email"
            type="email"
            autocomplete="email"
            value={email()}
            onInput={(e) => setEmail(e.currentTarget.value)}
            aria-invalid={Boolean(errors().email)}
            aria-describedby={errors().email ? 'auth-email-error' : undefined}
            autofocus
          />
          <Show when={errors().email}>
            <p id="auth-email-error" class={styles.fieldError}>
              {errors().email}
              <Show when={errors().taken}>
                {' '}
                <button type="button" class={styles.inline} onClick={signInInstead}>
                  Sign in instead
                </button>
              </Show>
            </p>
          </Show>

          <label for="auth-password">Password</label>
          <input
            id="auth-password"
            ref={passwordInput}
            type="password"
            autocomplete={mode() === 'sign-in' ? 'current-password' : 'new-password'}
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={Boolean(errors().password)}
            aria-describedby={errors().password ? 'auth-password-error' : 'auth-password-hint'}
          />
          <Show
            when={errors().password}
            fallback={
              // The line is there in both modes (empty when signing in), so switching tabs
              // never moves the button under the pointer.
              <p id="auth-password-hint" class={styles.hint} aria-hidden={mode() !== 'sign-up'}>
                {mode() === 'sign-up' ? `At least ${MIN_PASSWORD_LENGTH} characters.` : '\u00a0'}
              </p>
            }
          >
            <p id="auth-password-error" class={styles.fieldError}>{errors().password}</p>
          </Show>

          <Show when={errors().form}>
            <p class={styles.formError} role="alert">{errors().form}</p>
          </Show>

          <button class={styles.submit} type="submit" disabled={busy()}>
            {busy() ? 'Please wait…' : mode() === 'sign-in' ? 'Sign in' : 'Create account'}
          </button>
        </form>

        <Show when={demo()}>
          <p class={styles.demo}>
            Just looking?{' '}
            <button onClick={useDemo} disabled={busy()}>
              Try the demo account
            </button>{' '}
            ({demo()!.email})
          </p>
        </Show>
      </section>
    </main>
  )
}

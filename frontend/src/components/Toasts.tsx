import { For } from 'solid-js'
import { dismissToast, toasts } from '../lib/toast'
import styles from './Toasts.module.css'

export default function Toasts() {
  return (
    <div class={styles.region} role="status" aria-live="polite">
      <For each={toasts}>
        {(toast) => (
          <div class={styles.toast} classList={{ [styles.error!]: toast.kind === 'error' }}>
            <span>{toast.message}</span>
            {toast.action && (
              <button
                class={styles.action}
                onClick={() => {
                  toast.action!.run()
                  dismissToast(toast.id)
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button class={styles.close} aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  )
}

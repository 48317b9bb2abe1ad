// A small app-wide queue of messages: errors, confirmations, and "Undo" offers.
import { createStore } from 'solid-js/store'

export interface Toast {
  id: number
  message: string
  kind: 'info' | 'error'
  action?: { label: string; run: () => void }
}

const [toasts, setToasts] = createStore<Toast[]>([])
let nextId = 1

export { toasts }

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id))
}

/** Drops every message, e.g. on sign-out: none may show the next person the last one's tasks. */
export const clearToasts = () => setToasts([])

/** Shows a message for `ms` (errors stay longer); returns its id so it can be dismissed early. */
export function showToast(message: string, options: Partial<Omit<Toast, 'id' | 'message'>> & { ms?: number } = {}): number {
  const id = nextId++
  const kind = options.kind ?? 'info'
  setToasts((list) => [...list.slice(-3), { id, message, kind, ...(options.action && { action: options.action }) }])
  setTimeout(() => dismissToast(id), options.ms ?? (kind === 'error' ? 8000 : 4000))
  return id
}

export function showError(error: unknown, prefix?: string, action?: Toast['action']): void {
  const message = error instanceof Error ? error.message : String(error)
  showToast(prefix ? `${prefix}: ${message}` : message, { kind: 'error', ...(action && { action }) })
}

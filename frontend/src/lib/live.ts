// The signed-in user's task changes as the server records them (GET /api/tasks/events, a
// server-sent event stream): what another tab, another device, the assistant or a script
// changed reaches every open board within about a second. The browser's EventSource
// reconnects by itself after a dropped connection, sending the last event's id so nothing
// is missed; when the server refused the stream (restarting, or the session ended) this
// module reconnects from that id itself.
import type { Task } from '@contract'
import { expectedUserQuery } from './api'

export interface LiveHandlers {
  /** The stream is (again) at the server's head: what was loaded before may be stale. */
  onReady: () => void
  /** A task as it now is (in the trash when deleted_at is set). */
  onTask: (task: Task) => void
  /** A task removed for good. */
  onRemoved: (number: number) => void
  /** The stream reopened after an outage: a moment to send what waited for the server. */
  onOpen: () => void
  /** The server refused the stream: find out why (a lost session asks to sign in again). */
  onRefused: () => Promise<unknown>
}

/** Waits before reconnecting a refused stream: quick after a restart, then every 30 s. */
const RECONNECT_MS = [1000, 2000, 5000, 15_000, 30_000]

/** Follows the changes until the returned function is called. */
export function followTasks(handlers: LiveHandlers): () => void {
  // Every browser has EventSource; a test's DOM may not, and then the board is not live.
  if (typeof EventSource === 'undefined') return () => {}
  let source: EventSource | undefined
  let lastId = ''
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const parse = (event: Event) => {
    const message = event as MessageEvent<string>
    if (message.lastEventId) lastId = message.lastEventId
    return JSON.parse(message.data)
  }

  function connect() {
    if (stopped) return
    const query = [lastId && `last_event_id=${encodeURIComponent(lastId)}`, expectedUserQuery()].filter(Boolean).join('&')
    source = new EventSource(`/api/tasks/events${query ? `?${query}` : ''}`)
    source.addEventListener('open', () => {
      if (failures > 0) handlers.onOpen()
      failures = 0
    })
    for (const name of ['ready', 'reset']) source.addEventListener(name, (event) => (parse(event), handlers.onReady()))
    source.addEventListener('task', (event) => handlers.onTask(parse(event).task))
    source.addEventListener('removed', (event) => handlers.onRemoved(parse(event).number))
    source.addEventListener('error', () => {
      // CONNECTING: the browser is reconnecting by itself. CLOSED: the server answered with an
      // error (a 401, a 502 while it restarts), after which EventSource gives up.
      if (source?.readyState !== EventSource.CLOSED) return
      source = undefined
      const wait = RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)]
      timer = setTimeout(() => void handlers.onRefused().catch(() => {}).finally(connect), wait)
    })
  }
  connect()

  return () => {
    stopped = true
    clearTimeout(timer)
    source?.close()
  }
}

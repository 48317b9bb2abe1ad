// Writes the server has not confirmed yet, kept in the browser's storage so that nothing
// typed is lost while the server cannot be reached (offline, a restart, a rollout): they
// are shown as pending and sent in order when it answers again. A create carries an
// Idempotency-Key made when it was typed, so sending it again after a lost answer never
// makes a second task. Only lib/api.ts talks to the server; this module decides when.
import { createSignal } from 'solid-js'
import type { Task, TaskCreate, TaskPatch } from '@contract'
import { ApiError } from './api'

export type Write =
  | { kind: 'create'; key: string; temp: number; input: TaskCreate }
  | { kind: 'update'; number: number; patch: TaskPatch; version?: number }
  | { kind: 'delete'; number: number }
  | { kind: 'restore'; number: number }

/** What a send does with one write: the server's task, or nothing (a delete). */
export type Send = (write: Write) => Promise<Task | undefined>

/**
 * Failures worth waiting out: the server (or the way to it) is down, busy or rate limiting,
 * or this create's first send is still being made (its answer was lost, the retry overtook it).
 */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 0 || error.status === 429 || error.status >= 502 || error.code === 'IDEMPOTENCY_KEY_IN_USE')
  )
}

/** Waits between tries while the server cannot be reached: quick at first, then every 5 s. */
const RETRY_MS = [500, 1000, 2000, 5000]

/** A random key: crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

interface Entry {
  write: Write
  settle?: { resolve: (task: Task | undefined) => void; reject: (error: unknown) => void }
}

/**
 * One user's outbox. `run` sends a write after every write before it; its promise settles
 * with the server's answer, however late (a write made offline settles when it is sent).
 * Writes still waiting when the page closes are sent by the next page of the same user.
 */
export function createOutbox(storageKey: string, send: Send) {
  const saved = (() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '[]') as Write[]
    } catch {
      return []
    }
  })()
  const entries: Entry[] = saved.map((write) => ({ write }))
  const [waiting, setWaiting] = createSignal<Write[]>(saved)
  /** True while the server cannot be reached and writes are waiting for it. */
  const [stalled, setStalled] = createSignal(false)
  /** Who waits to hear that the server cannot be reached (see whenStalled). */
  const stallWaiters: (() => void)[] = []
  function markStalled(value: boolean) {
    setStalled(value)
    // Past waiters are let go either way: an answer reached them, or this one does.
    if (value || entries.length === 0) for (const wake of stallWaiters.splice(0)) wake()
  }
  let sending = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  function save() {
    const writes = entries.map((e) => e.write)
    setWaiting(writes)
    try {
      if (writes.length > 0) localStorage.setItem(storageKey, JSON.stringify(writes))
      else localStorage.removeItem(storageKey)
    } catch {
      // storage full or refused: the writes still wait in memory
    }
  }

  /** A create's answer gives its task a real number: later writes to the temporary one follow. */
  function renumber(temp: number, number: number) {
    for (const entry of entries) {
      const w = entry.write
      if (w.kind !== 'create' && w.number === temp) entry.write = { ...w, number }
    }
  }

  async function flush(): Promise<void> {
    if (sending || stopped) return
    sending = true
    clearTimeout(timer)
    try {
      while (entries.length > 0 && !stopped) {
        const entry = entries[0]!
        let task: Task | undefined
        try {
          task = await send(entry.write)
        } catch (error) {
          if (isTransient(error)) {
            markStalled(true)
            const wait = error instanceof ApiError && error.retryAfter ? error.retryAfter * 1000 : RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!
            attempt++
            timer = setTimeout(() => void flush(), wait)
            return
          }
          entries.shift()
          save()
          entry.settle?.reject(error)
          continue
        }
        attempt = 0
        entries.shift()
        if (entry.write.kind === 'create' && task) renumber(entry.write.temp, task.number)
        save()
        markStalled(false)
        entry.settle?.resolve(task)
      }
    } finally {
      sending = false
    }
  }

  return {
    /** Queues a write behind the others and sends what can be sent. */
    run(write: Write): Promise<Task | undefined> {
      return new Promise((resolve, reject) => {
        entries.push({ write, settle: { resolve, reject } })
        save()
        void flush()
      })
    },
    /**
     * Takes back a write not sent yet (an Undo of a delete made offline); false when it is
     * being sent or was sent already.
     */
    cancel(match: (write: Write) => boolean): boolean {
      const at = entries.findIndex((e, i) => (i > 0 || !sending) && match(e.write))
      if (at === -1) return false
      const [entry] = entries.splice(at, 1)
      save()
      entry!.settle?.resolve(undefined)
      return true
    },
    /** Tries now (the server answered again, the browser is back online). */
    retry: () => void flush(),
    waiting,
    stalled,
    /** Resolves when the server cannot be reached (at once if it cannot now). */
    whenStalled: (): Promise<void> => (stalled() ? Promise.resolve() : new Promise((wake) => stallWaiters.push(wake))),
    /** Forgets every waiting write (signing out: they belong to the previous user). */
    clear() {
      entries.length = 0
      save()
      markStalled(false)
    },
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>

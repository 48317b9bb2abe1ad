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
    (error.status === 0 ||
      error.status === 429 ||
      error.status >= 502 ||
      error.code === 'IDEMPOTENCY_KEY_IN_USE' ||
      // Another account signed in meanwhile: kept for this one, sent when it is back.
      error.code === 'ACCOUNT_CHANGED')
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

/** How a write is kept in storage: with the page (tab) that sends it. */
interface Stored {
  owner: string
  write: Write
}

/** How often a page says it is alive, and after how long without it its writes are taken over. */
const ALIVE_MS = 2000
const ABANDONED_MS = 10_000

/** What becomes of writes no promise waits for: taken over from a page that closed. */
export interface Adopted {
  sent: (write: Write, task: Task | undefined) => void
  refused: (write: Write, error: unknown) => void
}

/**
 * One user's outbox in one page. `run` sends a write after every write before it; its
 * promise settles with the server's answer, however late (a write made offline settles
 * when it is sent). The writes are kept in localStorage, each with the page that sends it:
 * several tabs of one user keep their own, and a page that closed (or crashed) with writes
 * waiting is noticed by its silence, and another page of that user, or the next one
 * opened, takes them over and sends them (`adopted` hears how they went).
 */
export function createOutbox(storageKey: string, send: Send, adopted?: Adopted) {
  const me = newKey()
  const aliveKey = (owner: string) => `${storageKey}.alive.${owner}`
  const read = (): Stored[] => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '[]') as Stored[]
    } catch {
      return []
    }
  }
  const entries: Entry[] = []
  const [waiting, setWaiting] = createSignal<Write[]>([])
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

  /** Stores this page's writes beside the other pages' (theirs as they stored them). */
  function save() {
    setWaiting(entries.map((e) => e.write))
    try {
      const all = [...read().filter((s) => s.owner !== me), ...entries.map((e) => ({ owner: me, write: e.write }))]
      if (all.length > 0) localStorage.setItem(storageKey, JSON.stringify(all))
      else localStorage.removeItem(storageKey)
    } catch {
      // storage full or refused: the writes still wait in memory
    }
  }

  /** Takes over the writes of pages that stopped saying they are alive, oldest first. */
  function adopt(): boolean {
    const now = Date.now()
    const silent = (owner: string) => owner !== me && !(now - Number(localStorage.getItem(aliveKey(owner)) ?? 0) < ABANDONED_MS)
    const taken = read().filter((s) => silent(s.owner))
    if (taken.length === 0) return false
    for (const owner of new Set(taken.map((s) => s.owner))) localStorage.removeItem(aliveKey(owner))
    entries.unshift(...taken.map((s) => ({ write: s.write })))
    localStorage.setItem(storageKey, JSON.stringify(read().filter((s) => !silent(s.owner))))
    save()
    return true
  }

  const sayAlive = () => {
    try {
      localStorage.setItem(aliveKey(me), String(Date.now()))
    } catch {
      // storage refused: other pages may take these writes over; they are idempotent
    }
  }
  sayAlive()
  // A page going away leaves its writes to the next one at once, not after its silence.
  const leaving = () => localStorage.removeItem(aliveKey(me))
  window.addEventListener('pagehide', leaving)
  const aliveTimer = setInterval(() => {
    sayAlive()
    if (adopt()) void flush()
  }, ALIVE_MS)

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
          if (entry.settle) entry.settle.reject(error)
          else adopted?.refused(entry.write, error)
          continue
        }
        attempt = 0
        entries.shift()
        if (entry.write.kind === 'create' && task) renumber(entry.write.temp, task.number)
        save()
        markStalled(false)
        if (entry.settle) entry.settle.resolve(task)
        else adopted?.sent(entry.write, task)
      }
    } finally {
      sending = false
    }
  }

  // What a closed page left waiting is sent now, not at this page's first write.
  if (adopt()) void flush()

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
    /** Writes waiting in every page of this user (what a sign-out would discard). */
    waitingEverywhere: () => read().length,
    /** Forgets every waiting write of this user, every page's (signing out signs them all out). */
    clear() {
      entries.length = 0
      try {
        localStorage.removeItem(storageKey)
      } catch {
        // nothing kept
      }
      save()
      markStalled(false)
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      clearInterval(aliveTimer)
      window.removeEventListener('pagehide', leaving)
      try {
        localStorage.removeItem(aliveKey(me))
      } catch {
        // its writes are taken over once it is silent
      }
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>

// Which open event streams this process holds, and how it learns that a user's tasks
// changed: a write answered here wakes that user's streams at once; writes by other
// processes are seen by one poll of the log per process every POLL_MS while a stream is
// open (SQLite, whose one writer commits in id order), or by LISTEN task_changes, which the
// log's trigger notifies with the user's id (PostgreSQL). A woken stream reads the log
// itself from its own position, so a lost wake-up only delays it: after the listener's
// connection fails and comes back, every open stream is woken to read what it missed.
// Nothing per user is held beyond the open streams.
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import pg from 'pg'
import type { DatabaseConfig } from '../db/connect.js'
import type { Database } from '../db/database.js'
import { latestChangeId, usersChangedSince } from './changes.repository.js'

/** How often a process polls SQLite's log for other processes' changes while a stream is open. */
export const POLL_MS = 250
/** A comment line this often keeps proxies (nginx: 60 s) and clients from deeming a stream idle. */
export const PING_MS = 15_000
/**
 * How often the PostgreSQL listener asks `select 1`, and how long it waits for the answer: a
 * connection dropped without a word (a NAT or proxy forgetting it) is noticed and replaced.
 */
export const LISTENER_CHECK_MS = 30_000
/** The longest wait before the PostgreSQL listener connects again after a failure. */
const RECONNECT_MAX_MS = 5_000

/** An open stream as the hub sees it. */
export interface Subscriber {
  readonly userId: string
  /** Something changed for this user: read the log from your position. */
  wake(): void
  ping(): void
  /** The process is shutting down: end the response. */
  end(): void
}

export interface HubOptions {
  pollMs?: number
  pingMs?: number
  /** What an open stream may hold unsent before it is ended (event-stream.ts). */
  maxBufferedBytes?: number
  /** Default LISTENER_CHECK_MS. */
  listenerCheckMs?: number
}

export interface HubStats {
  streams: number
  /** A SQLite poll timer is running. */
  polling: boolean
  /** The PostgreSQL listener is connected. */
  listening: boolean
  /** Log polls made since start (SQLite). */
  polls: number
}

export class LiveHub {
  private readonly streams = new Map<string, Set<Subscriber>>()
  private size = 0
  private pollTimer: NodeJS.Timeout | undefined
  private pollFrom: Promise<number> | undefined
  private polling = false
  private polls = 0
  private pingTimer: NodeJS.Timeout | undefined
  private listener: pg.Client | undefined
  private listening: Promise<void> | undefined
  private reconnectTimer: NodeJS.Timeout | undefined
  private checkTimer: NodeJS.Timeout | undefined
  private reconnectMs = 250
  closing = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly database: DatabaseConfig,
    private readonly log: FastifyBaseLogger,
    private readonly options: HubOptions = {},
  ) {}

  /** Adds a stream; resolves once changes made from now on will wake it. */
  async subscribe(sub: Subscriber): Promise<void> {
    let subs = this.streams.get(sub.userId)
    if (!subs) this.streams.set(sub.userId, (subs = new Set()))
    subs.add(sub)
    this.size++
    this.pingTimer ??= setInterval(() => this.each((s) => s.ping()), this.options.pingMs ?? PING_MS)
    if (this.database.kind === 'sqlite') await this.startPolling()
    else await this.startListening()
  }

  unsubscribe(sub: Subscriber): void {
    const subs = this.streams.get(sub.userId)
    if (!subs?.delete(sub)) return
    this.size--
    if (subs.size === 0) this.streams.delete(sub.userId)
    if (this.size > 0) return
    clearInterval(this.pingTimer)
    this.pingTimer = undefined
    clearInterval(this.pollTimer)
    this.pollTimer = undefined
    this.pollFrom = undefined
  }

  /** How many streams this process holds for a user. */
  countFor(userId: string): number {
    return this.streams.get(userId)?.size ?? 0
  }

  /** A session of this user ended: each of their streams asks whether its own still holds. */
  recheck(userId: string): void {
    for (const sub of this.streams.get(userId) ?? []) sub.ping()
  }

  wake(userId: string): void {
    for (const sub of this.streams.get(userId) ?? []) sub.wake()
  }

  /** What each stream may hold unsent for a client that stopped reading (undefined: the default). */
  get maxBufferedBytes(): number | undefined {
    return this.options.maxBufferedBytes
  }

  stats(): HubStats {
    return { streams: this.size, polling: this.pollTimer !== undefined, listening: this.listener !== undefined, polls: this.polls }
  }

  /** Ends every stream and stops polling and listening (before the server closes). */
  async close(): Promise<void> {
    this.closing = true
    const all: Subscriber[] = []
    this.each((s) => all.push(s))
    for (const sub of all) {
      sub.end()
      this.unsubscribe(sub)
    }
    clearTimeout(this.reconnectTimer)
    clearInterval(this.checkTimer)
    const listener = this.listener
    this.listener = undefined
    await listener?.end().catch(() => {})
  }

  private each(fn: (sub: Subscriber) => void): void {
    for (const subs of this.streams.values()) for (const sub of subs) fn(sub)
  }

  // SQLite: the log's global id grows in commit order, so "id > the last one seen" is
  // exactly what other processes wrote since.
  private async startPolling(): Promise<void> {
    if (!this.pollFrom) {
      this.pollFrom = latestChangeId(this.db)
      const from = this.pollFrom
      let last = await from
      const timer = setInterval(async () => {
        if (this.polling) return
        this.polling = true
        try {
          this.polls++
          const seen = await usersChangedSince(this.db, last)
          last = seen.last
          for (const user of seen.users) this.wake(user)
        } catch (err) {
          this.log.warn({ err }, 'live: polling the change log failed; trying again')
        } finally {
          this.polling = false
        }
      }, this.options.pollMs ?? POLL_MS)
      // The last stream may have gone while the first read ran.
      if (this.pollFrom === from && this.size > 0) this.pollTimer = timer
      else clearInterval(timer)
    }
    await this.pollFrom
  }

  // PostgreSQL: one connection per process LISTENs; it lives until the app closes.
  private async startListening(): Promise<void> {
    this.listening ??= this.connect()
    await this.listening
  }

  private async connect(): Promise<void> {
    if (this.closing || this.database.kind !== 'postgres') return
    const client = new pg.Client({ connectionString: this.database.url, application_name: 'todo-live', keepAlive: true })
    let dead = false
    const failed = (err: Error) => {
      if (dead) return
      dead = true
      clearInterval(this.checkTimer)
      if (this.listener === client) this.listener = undefined
      client.removeAllListeners('notification')
      client.end().catch(() => {})
      if (this.closing) return
      this.log.warn({ err }, `live: the change listener lost its connection; connecting again in ${this.reconnectMs} ms`)
      clearTimeout(this.reconnectTimer)
      this.reconnectTimer = setTimeout(() => {
        this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS)
        this.listening = this.connect()
      }, this.reconnectMs)
    }
    client.on('error', failed)
    client.on('end', () => failed(new Error('connection ended')))
    client.on('notification', (message) => message.payload && this.wake(message.payload))
    try {
      await client.connect()
      await client.query('listen task_changes')
    } catch (err) {
      failed(err as Error)
      return
    }
    if (this.closing) return void client.end().catch(() => {})
    const reconnected = this.listener === undefined && this.reconnectMs > 250
    this.listener = client
    this.reconnectMs = 250
    const checkMs = this.options.listenerCheckMs ?? LISTENER_CHECK_MS
    clearInterval(this.checkTimer)
    this.checkTimer = setInterval(() => {
      let timer: NodeJS.Timeout | undefined
      const silent = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`select 1 unanswered after ${checkMs} ms`)), checkMs)
      })
      Promise.race([client.query('select 1'), silent])
        .catch((err: Error) => failed(err))
        .finally(() => clearTimeout(timer))
    }, checkMs)
    // Whatever was written while no one listened: each stream reads from its last seq.
    if (reconnected) this.each((s) => s.wake())
  }
}

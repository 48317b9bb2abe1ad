// One open GET /api/tasks/events response: writes the server-sent events and, whenever the
// hub wakes it, reads the user's log after its position and sends what changed. Reads never
// overlap: a wake-up during a read makes the read run once more.
import type { ServerResponse } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { changesAfter } from './changes.repository.js'
import type { Subscriber } from './live.hub.js'

/**
 * What a stream may hold unsent for a client that stopped reading before it is ended; the
 * client resumes with Last-Event-ID and loses nothing.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024

export interface EventStreamOptions {
  /** Called once when the stream ends (on its own or by the hub), to leave the hub. */
  onEnd?: (stream: EventStream) => void
  /** Default MAX_BUFFERED_BYTES. */
  maxBufferedBytes?: number
}

export class EventStream implements Subscriber {
  private position = 0
  private started = false
  private reading = false
  private again = false
  closed = false

  constructor(
    readonly userId: string,
    private readonly db: Kysely<Database>,
    private readonly res: ServerResponse,
    private readonly log: FastifyBaseLogger,
    /** Whether the session that opened the stream still holds: asked before sending anything. */
    private readonly signedIn: () => Promise<boolean> = async () => true,
    private readonly options: EventStreamOptions = {},
  ) {}

  /** The seq of the last change sent (or announced by ready/reset). */
  get seq(): number {
    return this.position
  }

  write(text: string): void {
    if (this.closed || this.res.destroyed || this.res.writableEnded) return
    this.res.write(text)
    // Node buffers whatever the socket does not take: a client that keeps the connection
    // but stops reading would make the server hold every event it is sent.
    const max = this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES
    if (this.res.writableLength > max) {
      this.log.warn({ buffered: this.res.writableLength }, 'live: the client is not reading; ending the stream')
      this.end()
    }
  }

  send(event: string, seq: number, data: unknown): void {
    this.write(`id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  ping(): void {
    void this.signedIn().then(
      (holds) => (holds ? this.write(': ping\n\n') : this.end()),
      () => this.end(),
    )
  }

  /** Sends every change after `seq`, then whatever the hub wakes it for. */
  start(seq: number): void {
    this.position = seq
    this.started = true
    this.wake()
  }

  wake(): void {
    if (this.closed || !this.started) return
    if (this.reading) {
      this.again = true
      return
    }
    void this.read()
  }

  end(): void {
    this.closed = true
    if (!this.res.writableEnded) this.res.end()
    this.options.onEnd?.(this)
  }

  private async read(): Promise<void> {
    this.reading = true
    try {
      do {
        this.again = false
        const { changes, last, more } = await changesAfter(this.db, this.userId, this.position)
        if (this.closed) return
        // Signed out, revoked or a changed password since the stream opened: nothing more.
        if (changes.length > 0 && !(await this.signedIn())) return this.end()
        if (this.closed) return
        for (const change of changes) {
          if (this.closed) return
          if ('task' in change) this.send('task', change.seq, { seq: change.seq, task: change.task })
          else this.send('removed', change.seq, { seq: change.seq, number: change.removed })
        }
        // Every log row up to `last` is covered, collapsed ones included.
        this.position = last
        if (more) this.again = true
      } while (this.again && !this.closed)
    } catch (err) {
      // The client reconnects with Last-Event-ID and loses nothing.
      this.log.warn({ err }, 'live: reading the change log failed; ending the stream')
      this.end()
    } finally {
      this.reading = false
    }
  }
}

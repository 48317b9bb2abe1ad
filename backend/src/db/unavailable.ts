// PostgreSQL gone (stopped, restarting, failing over, unreachable): every query that needs
// it fails with DatabaseUnavailableError, which the API answers 503 DATABASE_UNAVAILABLE with
// Retry-After (errors.ts) instead of 500. The pool waits at most CONNECT_TIMEOUT_MS for a
// connection (a new one, or a free one when all are busy), so a request never hangs on a
// server that is not there; pg-pool drops a connection that failed, and the next query
// opens a new one, so the app recovers by itself once the server is back.
import type pg from 'pg'
import type { PostgresPool, PostgresPoolClient } from 'kysely'

/** How long a query waits for a pooled connection, or for a new one to be opened. */
export const CONNECT_TIMEOUT_MS = 3000

/** What a client is told to wait before trying again (Retry-After, seconds). */
export const RETRY_AFTER_SECONDS = 5

export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE'
  constructor(override readonly cause: Error) {
    super('The database is unavailable right now; it may not have been saved; try again in a few seconds.')
    this.name = 'DatabaseUnavailableError'
  }
}

/** Node's errors for a server that cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'])

/** SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03'])

/** node-postgres's own errors for a lost or unobtainable connection (they carry no code). */
const POOL_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]

/** Whether an error means the server is unreachable or going away, rather than a bad query. */
export function isUnavailable(error: unknown): error is Error {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SHUTDOWN_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true
  }
  return POOL_MESSAGES.some((message) => error.message.startsWith(message))
}

/**
 * The DatabaseUnavailableError behind an error, if any: the error itself or one of its
 * causes (Better Auth wraps a failed session lookup in an APIError whose cause it is).
 * At most five links are followed.
 */
export function unavailableCause(error: unknown): DatabaseUnavailableError | undefined {
  let current = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DatabaseUnavailableError) return current
    current = current.cause
  }
  return undefined
}

const translate = (error: unknown): never => {
  throw isUnavailable(error) ? new DatabaseUnavailableError(error) : error
}

/**
 * The pool as Kysely sees it, with connection failures turned into DatabaseUnavailableError.
 * Only errors from the database pass through here, so an ECONNREFUSED from elsewhere (the
 * model server) is never mistaken for the database's.
 */
export function reportingUnavailable(pool: pg.Pool): PostgresPool {
  // Kysely keeps its connection state (a discarded one, for instance) per client object, so
  // a pooled connection gets the same wrapper each time it is handed out.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    // A connection the server ends while it is checked out (between a transaction's
    // queries, say) emits 'error' on the client, which the pool hears only while it is
    // idle: unheard, it would be an uncaught error. The query in flight, or the next one,
    // fails on its own and is answered 503, so the event itself needs no more than this.
    client.on('error', () => {})
    const query = (...args: unknown[]) => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args)
      // A cursor (streamed query) is returned as is; a plain query is a promise.
      return result instanceof Promise ? result.catch(translate) : result
    }
    // Kysely passes true (or pg an Error) for a connection that must not serve anyone again:
    // one whose ROLLBACK failed may still be inside an aborted transaction.
    const release = (destroy?: boolean | Error) => client.release(destroy)
    return { query, release } as unknown as PostgresPoolClient
  }
  return {
    async connect() {
      const client = await pool.connect().catch(translate)
      let wrapper = wrappers.get(client)
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)))
      return wrapper
    },
    end: () => pool.end(),
  }
}

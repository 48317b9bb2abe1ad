// The pool wrapper Kysely talks to must hand Kysely's "destroy this connection" through to
// pg-pool, and give one pooled connection the same wrapper each time (Kysely keeps its state
// per client object). Runs against the real test PostgreSQL.
import pg from 'pg'
import { describe, expect, it, onTestFinished } from 'vitest'
import { reportingUnavailable } from '../../src/db/unavailable.js'
import { postgresDatabase } from '../helper.js'

describe.skipIf(!process.env.TEST_DATABASE_URL)('reportingUnavailable (PostgreSQL)', () => {
  async function pool() {
    const raw = new pg.Pool({ connectionString: await postgresDatabase(), max: 1 })
    onTestFinished(() => raw.end())
    return { raw, wrapped: reportingUnavailable(raw) }
  }

  it('release(true) destroys the connection instead of returning it to the pool', async () => {
    const { raw, wrapped } = await pool()
    const first = await wrapped.connect()
    const { rows } = await first.query<{ pid: number }>('select pg_backend_pid() as pid', [])
    first.release(true)
    expect(raw.totalCount).toBe(0)
    const second = await wrapped.connect()
    const again = await second.query<{ pid: number }>('select pg_backend_pid() as pid', [])
    expect(again.rows[0]?.pid).not.toBe(rows[0]?.pid)
    second.release()
  })

  it('a connection left in an aborted transaction never serves the next caller when released with true', async () => {
    const { raw, wrapped } = await pool()
    const client = await wrapped.connect()
    await client.query('begin', [])
    await expect(client.query('select 1/0', [])).rejects.toThrow()
    client.release(true)
    const next = await wrapped.connect()
    const { rows } = await next.query<{ one: number }>('select 1 as one', [])
    expect(rows[0]?.one).toBe(1)
    next.release()
    expect(raw.idleCount).toBe(1)
  })

  it('the same pooled connection gets the same wrapper each time', async () => {
    const { wrapped } = await pool()
    const first = await wrapped.connect()
    first.release()
    const second = await wrapped.connect()
    second.release()
    expect(second).toBe(first)
  })
})

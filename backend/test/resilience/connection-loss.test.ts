// PostgreSQL closing the backend's idle pooled connections (a server restart, a failover,
// pg_terminate_backend) must cost a log line, not the process: an unheard 'error' event on
// the pool would end it. Vitest reports such an event as an unhandled error, so without the
// pool's listener this test fails even before its assertions.
import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { buildTestApp, engines, signUp } from '../helper.js'

/** Ends every connection to a database, as an administrator (or a server restart) would. */
async function terminateConnections(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await admin.connect()
  try {
    const { rows } = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    )
    return rows.length
  } finally {
    await admin.end()
  }
}

describe.runIf(engines.includes('postgres'))('losing PostgreSQL connections', () => {
  it('the server closing idle pooled connections is logged, and the next requests succeed on new ones', async () => {
    const warnings: string[] = []
    const app = await buildTestApp('postgres', {
      logger: { level: 'warn', stream: { write: (line: string) => void warnings.push(line) } },
    })
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(app.db)
    const user = await signUp(app)
    // Several requests at once, so the pool holds several idle connections afterwards.
    await Promise.all(
      ['one', 'two', 'three', 'four'].map((title) =>
        user.inject({ method: 'POST', url: '/api/tasks', payload: { title } }),
      ),
    )

    const ended = await terminateConnections(rows[0]!.name)
    expect(ended).toBeGreaterThan(0)
    // Each ended connection is reported on its own; waiting for the first only raced the rest
    // (a request then took a connection whose end had not been heard yet).
    const closed = () => warnings.filter((line) => line.includes('the server closed an idle connection')).length
    await expect.poll(closed, { timeout: 5000 }).toBe(ended)

    const list = await user.inject('/api/tasks')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((t: { title: string }) => t.title).sort()).toEqual(['four', 'one', 'three', 'two'])
    const created = await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'five' } })
    expect(created.statusCode).toBe(201)
    expect((await app.inject('/ready')).statusCode).toBe(200)
  })
})

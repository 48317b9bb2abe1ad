import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { sql } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createDatabase } from '../../src/db/connect.js'
import { sqliteFile } from '../helper.js'

/** Another process that creates the file and holds its write lock for `holdMs`. */
async function holdWriteLock(file: string, holdMs: number): Promise<{ released: Promise<unknown> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1])
    db.exec('begin immediate'); db.exec('create table held (x)')
    process.stdout.write('held\\n')
    setTimeout(() => { db.exec('commit'); db.close() }, Number(process.argv[2]))`
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
  onTestFinished(() => void child.kill())
  await once(child.stdout!, 'data')
  return { released: once(child, 'exit') }
}

describe('opening a SQLite file', () => {
  it('waits for another process that holds the write lock of a file not yet in WAL mode, then switches it', async () => {
    // Two replicas starting on a fresh file: the first is migrating when the second opens it.
    // Switching to WAL needs the lock, and SQLite does not call the busy handler for it.
    const file = sqliteFile()
    const holder = await holdWriteLock(file, 600)
    const db = createDatabase({ kind: 'sqlite', path: file })
    onTestFinished(() => db.destroy())
    await holder.released
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)
    expect(rows[0]!.journal_mode).toBe('wal')
  })
})

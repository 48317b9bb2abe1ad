// 9. What one account can take of the volume at its quotas (backend/src/limits/quotas.ts):
// one account filled to every quota with text that indexes worst (random, so the FTS5
// trigram index holds a distinct entry for nearly every three characters), on a SQLite
// file, against the same file holding one account with one task (the baseline).
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { addMessage, createConversation } from '../../backend/src/chat/conversations.repository.js'
import { createDatabase } from '../../backend/src/db/connect.js'
import { migrateToLatest } from '../../backend/src/db/migrate.js'
import { DEFAULT_QUOTAS } from '../../backend/src/defaults.js'
import { createTask, deleteTask } from '../../backend/src/tasks/tasks.repository.js'
import { fmt, row, table, tempDir } from './lib.js'

const VOLUME = 1024 ** 3 // the chart's default PersistentVolumeClaim

function randomText(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  let text = ''
  while (text.length < length) text += text.length % 7 === 6 ? ' ' : letters[Math.floor(Math.random() * 26)]
  return text
}

async function sizeOf(file: string, db: ReturnType<typeof createDatabase>): Promise<number> {
  await sql`pragma wal_checkpoint(truncate)`.execute(db)
  return [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0)
}

export default async function quota(): Promise<string> {
  const file = path.join(tempDir('todo-quota-'), 'todo.db')
  const db = createDatabase({ kind: 'sqlite', path: file })
  try {
    await migrateToLatest(db)
    await createTask(db, 'baseline-user', { title: 'one task' })
    const baseline = await sizeOf(file, db)

    const user = 'full-user'
    const q = DEFAULT_QUOTAS
    const perTask = Math.floor(q.taskTextBytes / q.storedTasks) // the text quota spread over every stored task
    const task = () => ({ title: randomText(Math.min(200, perTask)), description: randomText(Math.max(0, perTask - 200)) })
    const started = Date.now()
    for (let i = 0; i < q.tasks; i++) await createTask(db, user, task())
    for (let n = 1; n <= q.tasks; n++) await deleteTask(db, user, n)
    for (let i = 0; i < q.storedTasks - q.tasks; i++) await createTask(db, user, task())
    const conversation = await createConversation(db, user, 'full')
    for (let i = 0; i < q.messages; i++) await addMessage(db, user, conversation.id, { role: i % 2 ? 'assistant' : 'user', content: randomText(4000) })
    const full = await sizeOf(file, db)
    const account = full - baseline
    const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MiB`
    return table(`9. One account at every quota, on SQLite (filled in ${Math.round((Date.now() - started) / 1000)} s)`, [
      row('database with one account, one task', mib(baseline)),
      row(
        `one account at every quota (${q.tasks} live + ${q.storedTasks - q.tasks} trashed tasks of ${perTask} B of text, ${q.messages} messages of 4,000 characters)`,
        mib(account),
        { baseline: mib(baseline), ratio: `${fmt(account / VOLUME * 100, 1)} % of 1 GiB`, target: '≤ 10 % of the chart’s 1 GiB volume', met: account <= VOLUME / 10 },
      ),
      row('accounts at every quota that fill 1 GiB', fmt(Math.floor(VOLUME / account), 0)),
    ])
  } finally {
    await db.destroy()
  }
}

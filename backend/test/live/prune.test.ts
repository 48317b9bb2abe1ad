// The hourly job (tasks/trash.plugin.ts, which also runs at start) keeps the change log and
// the Idempotency-Keys for a day: older rows go, newer ones stay.
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../../src/app.js'
import { deleteAccount } from '../../src/auth/accounts.js'
import { engines, freshDatabase, signUp } from '../helper.js'

describe.each(engines)('pruning the change log and the create keys (%s)', (engine) => {
  it('removes changes and keys older than 24 h at start, and keeps newer ones', async () => {
    const database = await freshDatabase(engine)
    const first = await buildApp({ database, corsOrigins: [] })
    onTestFinished(() => first.close())
    const user = await signUp(first)
    for (const key of ['old', 'new']) {
      await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: key }, headers: { 'idempotency-key': key } })
    }
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString()
    await first.db.updateTable('task_changes').set({ created_at: dayAgo }).where('seq', '=', 1).execute()
    await first.db.updateTable('idempotency_keys').set({ created_at: dayAgo }).where('key', '=', 'old').execute()

    const second = await buildApp({ database, corsOrigins: [] })
    onTestFinished(() => second.close())
    await second.ready()
    const changes = await second.db.selectFrom('task_changes').select('seq').where('user_id', '=', user.userId).execute()
    expect(changes.map((c) => c.seq)).toEqual([2])
    const keys = await second.db.selectFrom('idempotency_keys').select('key').where('user_id', '=', user.userId).execute()
    expect(keys.map((k) => k.key)).toEqual(['new'])
    // The expired key is free again: it creates a new task.
    const again = await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'old' }, headers: { 'idempotency-key': 'old' } })
    expect(again.json().number).toBe(3)
  })

  it('deleting an account takes its change log and keys with it', async () => {
    const database = await freshDatabase(engine)
    const app = await buildApp({ database, corsOrigins: [] })
    onTestFinished(() => app.close())
    const user = await signUp(app)
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'x' }, headers: { 'idempotency-key': 'k' } })
    await deleteAccount(app.db, user.userId)
    for (const table of ['task_changes', 'idempotency_keys', 'task_numbers'] as const) {
      const rows = await app.db.selectFrom(table).selectAll().where('user_id', '=', user.userId).execute()
      expect(rows, table).toEqual([])
    }
  })
})

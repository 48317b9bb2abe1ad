// Rate limits live in the database, so replicas share one allowance: each process used to
// count on its own, and every replica added its own.
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../src/app.js'
import { createDatabase } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { take } from '../src/limits/database-store.js'
import { engines, freshDatabase, signUp, uniqueEmail } from './helper.js'

describe.each(engines)('rate limits shared in the database (%s)', (engine) => {
  async function twoReplicas(options = {}) {
    const database = await freshDatabase(engine)
    const replicas = [await buildApp({ database, corsOrigins: [], ...options }), await buildApp({ database, corsOrigins: [], ...options })]
    onTestFinished(() => Promise.all(replicas.map((r) => r.close())).then(() => undefined))
    return replicas
  }

  it('sign-ins per address: two replicas together allow the limit once, not twice', async () => {
    const replicas = await twoReplicas({ authRateLimit: { max: 4, windowMs: 60_000 } })
    const codes = []
    for (let i = 0; i < 8; i++) {
      const res = await replicas[i % 2]!.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: '198.51.100.40',
        payload: { email: `nobody-${i}@example.com`, password: 'wrong password' },
      })
      codes.push(res.statusCode)
    }
    expect(codes).toEqual([401, 401, 401, 401, 429, 429, 429, 429])
  })

  it('chat turns per user: two replicas together allow the limit once', async () => {
    const replicas = await twoReplicas({ chatRateLimit: 3 })
    const user = await signUp(replicas[0]!, uniqueEmail())
    const codes = []
    for (let i = 0; i < 6; i++) {
      const res = await replicas[i % 2]!.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { authorization: `Bearer ${user.token}` },
        payload: { message: 'help' },
      })
      codes.push(res.statusCode)
    }
    expect(codes).toEqual([200, 200, 200, 429, 429, 429])
  })

  it('a bucket lets max through at once, then one per window / max, and a refusal costs nothing', async () => {
    const db = createDatabase(await freshDatabase(engine))
    onTestFinished(() => db.destroy())
    await migrateToLatest(db)
    const at = 1_000_000
    const results = []
    for (let i = 0; i < 5; i++) results.push((await take(db, 'k', 60_000, 3, at)).allowed)
    expect(results).toEqual([true, true, true, false, false])
    const refused = await take(db, 'k', 60_000, 3, at)
    expect(refused.ttlMs).toBe(20_000) // the next share frees up in window / max
    expect((await take(db, 'k', 60_000, 3, at + 19_999)).allowed).toBe(false)
    expect((await take(db, 'k', 60_000, 3, at + 20_000)).allowed).toBe(true)
    expect((await take(db, 'k', 60_000, 3, at + 20_001)).allowed).toBe(false)
    expect((await take(db, 'other', 60_000, 3, at)).allowed).toBe(true)
  })
})

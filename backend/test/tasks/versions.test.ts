// Task versions, If-Match on PATCH (409 with the current task, nothing written) and
// Idempotency-Key on POST (one task however often, per user, concurrent duplicates too).
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../../src/app.js'
import { engines, freshDatabase, setup, signUp, type Client } from '../helper.js'

async function create(client: Pick<Client, 'inject'>, title: string, headers: Record<string, string> = {}) {
  return client.inject({ method: 'POST', url: '/api/tasks', payload: { title }, headers })
}

describe.each(engines)('task versions and preconditions (%s)', (engine) => {
  it('a task starts at version 1 and every write to it adds 1, with the ETag saying so', async () => {
    const user = await setup(engine)
    const created = await create(user, 'water plants')
    expect(created.json().version).toBe(1)
    expect(created.headers.etag).toBe('"1"')
    const steps = [
      { method: 'PATCH' as const, url: '/api/tasks/1', payload: { title: 'water the plants' } },
      { method: 'POST' as const, url: '/api/tasks/1/complete' },
      { method: 'PATCH' as const, url: '/api/tasks/1', payload: { completed: false } },
      { method: 'DELETE' as const, url: '/api/tasks/1' },
      { method: 'POST' as const, url: '/api/tasks/1/restore' },
    ]
    for (const [i, step] of steps.entries()) {
      const res = await user.inject(step)
      expect(res.statusCode, `${step.method} ${step.url}`).toBe(200)
      expect(res.json().version).toBe(i + 2)
    }
    const got = await user.inject('/api/tasks/1')
    expect(got.json().version).toBe(6)
    expect(got.headers.etag).toBe('"6"')
    expect((await user.inject('/api/tasks')).json().items[0].version).toBe(6)
  })

  it('PATCH with a current If-Match writes, quoted or bare, and answers the new ETag', async () => {
    const user = await setup(engine)
    await create(user, 'a')
    const quoted = await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'b' }, headers: { 'if-match': '"1"' } })
    expect(quoted.statusCode).toBe(200)
    expect(quoted.headers.etag).toBe('"2"')
    const bare = await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'c' }, headers: { 'if-match': '2' } })
    expect(bare.statusCode).toBe(200)
    expect(bare.json()).toMatchObject({ title: 'c', version: 3 })
  })

  it('PATCH with a stale If-Match answers 409 EDIT_CONFLICT with the current task and writes nothing', async () => {
    const user = await setup(engine)
    await create(user, 'draft')
    await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'edited elsewhere' } })
    const stale = await user.inject({
      method: 'PATCH',
      url: '/api/tasks/1',
      payload: { title: 'my edit', priority: 'high' },
      headers: { 'if-match': '"1"' },
    })
    expect(stale.statusCode).toBe(409)
    const body = stale.json()
    expect(Object.keys(body)).toEqual(['error'])
    expect(body.error.code).toBe('EDIT_CONFLICT')
    expect(body.error.message).toMatch(/changed elsewhere/)
    expect(body.error.task).toMatchObject({ number: 1, title: 'edited elsewhere', priority: 'medium', version: 2 })
    const now = (await user.inject('/api/tasks/1')).json()
    expect(now).toMatchObject({ title: 'edited elsewhere', priority: 'medium', version: 2 })
  })

  it('If-Match on a task that does not exist is 404, and a malformed one is 400', async () => {
    const user = await setup(engine)
    const missing = await user.inject({ method: 'PATCH', url: '/api/tasks/9', payload: { title: 'x' }, headers: { 'if-match': '"1"' } })
    expect(missing.statusCode).toBe(404)
    await create(user, 'a')
    for (const bad of ['"1', 'W/"1"', 'one', '"-1"', '1'.repeat(11)]) {
      const res = await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'x' }, headers: { 'if-match': bad } })
      expect(res.statusCode, bad).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_ERROR')
    }
    expect((await user.inject('/api/tasks/1')).json().version).toBe(1)
  })

  it('an If-Match beyond a 32-bit version is 400, never a 500 from an integer column', async () => {
    const user = await setup(engine)
    await create(user, 'a')
    for (const big of ['"9999999999"', '9999999999', '"2147483648"', '1000000000']) {
      const res = await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'x' }, headers: { 'if-match': big } })
      expect(res.statusCode, big).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_ERROR')
    }
    expect((await user.inject('/api/tasks/1')).json().version).toBe(1)
  })

  it('a repeated Idempotency-Key answers the first create again (201, same body) and creates nothing', async () => {
    const user = await setup(engine)
    const first = await create(user, 'pay rent', { 'idempotency-key': 'create-1' })
    expect(first.statusCode).toBe(201)
    const again = await create(user, 'pay rent', { 'idempotency-key': 'create-1' })
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    const other = await create(user, 'pay rent', { 'idempotency-key': 'create-2' })
    expect(other.json().number).toBe(2)
    expect((await user.inject('/api/tasks')).json().items).toHaveLength(2)
  })

  it('a repeated Idempotency-Key answers the task as it is now: edited, in the trash, or as created once purged', async () => {
    const user = await setup(engine)
    const first = await create(user, 'pay rent', { 'idempotency-key': 'k' })
    const edited = await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'paid rent' } })
    const afterEdit = await create(user, 'pay rent', { 'idempotency-key': 'k' })
    expect(afterEdit.statusCode).toBe(201)
    expect(afterEdit.json()).toEqual(edited.json())
    const trashed = await user.inject({ method: 'DELETE', url: '/api/tasks/1' })
    const afterDelete = await create(user, 'pay rent', { 'idempotency-key': 'k' })
    expect(afterDelete.json()).toEqual(trashed.json())
    expect(afterDelete.json().deleted_at).toEqual(expect.any(String))
    expect((await user.inject({ method: 'DELETE', url: '/api/trash/1' })).statusCode).toBe(204)
    const afterPurge = await create(user, 'pay rent', { 'idempotency-key': 'k' })
    expect(afterPurge.statusCode).toBe(201)
    expect(afterPurge.json()).toEqual(first.json())
    expect((await user.inject('/api/tasks')).json().items).toHaveLength(0)
  })

  it("a key is per user: another user's same key creates that user's own task", async () => {
    const { app, ...ada } = await setup(engine)
    const bob = await signUp(app)
    const a = await create(ada, "ada's", { 'idempotency-key': 'same' })
    const b = await create(bob, "bob's", { 'idempotency-key': 'same' })
    expect(a.json().title).toBe("ada's")
    expect(b.json().title).toBe("bob's")
    expect((await bob.inject('/api/tasks')).json().items.map((t: { title: string }) => t.title)).toEqual(["bob's"])
  })

  it('an Idempotency-Key outside 1–100 printable ASCII characters is 400', async () => {
    const user = await setup(engine)
    for (const bad of ['', 'k'.repeat(101), 'clé', 'tab\there']) {
      const res = await create(user, 'x', { 'idempotency-key': bad })
      expect(res.statusCode, JSON.stringify(bad)).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_ERROR')
    }
    expect((await create(user, 'x', { 'idempotency-key': 'k'.repeat(100) })).statusCode).toBe(201)
    expect((await user.inject('/api/tasks')).json().items).toHaveLength(1)
  })

  it('concurrent creates with one key, on two app instances of one database, create one task', async () => {
    const database = await freshDatabase(engine)
    const apps = await Promise.all([0, 1].map(() => buildApp({ database, corsOrigins: [], writeRateLimit: 0 })))
    onTestFinished(async () => {
      await Promise.all(apps.map((a) => a.close()))
    })
    const user = await signUp(apps[0]!)
    const send = (i: number) =>
      apps[i % 2]!.inject({
        method: 'POST',
        url: '/api/tasks',
        payload: { title: 'once' },
        headers: { authorization: `Bearer ${user.token}`, 'idempotency-key': 'race' },
      })
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i)))
    expect(answers.map((r) => r.statusCode)).toEqual(Array(12).fill(201))
    expect(new Set(answers.map((r) => r.body)).size).toBe(1)
    const list = await user.inject({ url: '/api/tasks' })
    expect(list.json().items).toHaveLength(1)
  })
})

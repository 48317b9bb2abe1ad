// The task routes' HTTP contract: create, list (filter, search, cursor, sort), patch,
// complete, delete and restore, errors, the trash's purge and the quick-add parser.
//
// Longer than the 300-line guideline on purpose: one describe per route, all using the same
// small create() below; the other task suites (versions, trash, due windows, control
// characters) stand apart.
import { describe, expect, it } from 'vitest'
import { buildTestApp, setup, signUp, sqliteFile, type Client } from '../helper.js'

async function create(app: Pick<Client, 'inject'>, body: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/tasks', payload: body })
  expect(res.statusCode).toBe(201)
  return res.json()
}

function expectError(res: { statusCode: number; json: () => any }, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  const body = res.json()
  expect(Object.keys(body)).toEqual(['error'])
  expect(body.error.code).toBe(code)
  expect(typeof body.error.message).toBe('string')
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/) // no stack frames
  return body.error
}

describe('POST /api/tasks', () => {
  it('creates a task with defaults and trims the title', async () => {
    const app = await setup()
    const task = await create(app, { title: '  buy milk  ' })
    expect(task).toMatchObject({
      title: 'buy milk',
      description: null,
      completed: false,
      priority: 'medium',
      due_date: null,
    })
    expect(task.number).toBe(1)
    expect(task).not.toHaveProperty('id')
    expect(new Date(task.created_at).toISOString()).toBe(task.created_at)
    expect(task).not.toHaveProperty('user_id')
  })

  it('stores every field it is given', async () => {
    const app = await setup()
    const task = await create(app, {
      title: 'file taxes',
      description: 'forms in the drawer',
      priority: 'high',
      due_date: '2027-04-15',
    })
    const res = await app.inject({ url: `/api/tasks/${task.number}` })
    expect(res.json()).toMatchObject({ description: 'forms in the drawer', priority: 'high', due_date: '2027-04-15' })
  })

  it.each([
    [{}, 'title', 'is required'],
    [{ title: '' }, 'title', 'fewer than 1'],
    [{ title: '    ' }, 'title', 'fewer than 1'],
    [{ title: 'x'.repeat(201) }, 'title', 'more than 200'],
    [{ title: 42 }, 'title', 'must be string'],
    [{ title: 'ok', description: 'd'.repeat(2001) }, 'description', 'more than 2000'],
    [{ title: 'ok', priority: 'urgent' }, 'priority', 'must be one of low, medium, high'],
    [{ title: 'ok', due_date: 'tomorrow' }, 'due_date', 'format'],
    [{ title: 'ok', due_date: '2026-02-30' }, 'due_date', 'format'],
    [{ title: 'ok', owner: 'someone' }, 'owner', 'is not a known field'],
    [{ title: 'ok', completed: 'yes' }, 'completed', 'must be boolean'],
  ])('rejects %j with a 400 naming %s', async (body, field, message) => {
    const app = await setup()
    const res = await app.inject({ method: 'POST', url: '/api/tasks', payload: body })
    const error = expectError(res, 400, 'VALIDATION_ERROR')
    expect(error.field).toBe(field)
    expect(error.message).toContain(field)
    expect(error.message).toContain(message)
    expect((await app.inject({ url: '/api/tasks' })).json().items).toEqual([])
  })

  it('accepts a title of exactly 200 characters after trimming', async () => {
    const app = await setup()
    const task = await create(app, { title: ` ${'x'.repeat(200)} ` })
    expect(task.title).toHaveLength(200)
  })

  it('answers 415 for a body that is not JSON', async () => {
    const app = await setup()
    const res = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'text/plain' },
      payload: 'buy milk',
    })
    expect(expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toContain('application/json')
  })

  it('answers 400 for malformed JSON and for an empty JSON body', async () => {
    const app = await setup()
    const headers = { 'content-type': 'application/json' }
    expectError(await app.inject({ method: 'POST', url: '/api/tasks', headers, payload: '{"title": ' }), 400, 'INVALID_JSON')
    expectError(await app.inject({ method: 'POST', url: '/api/tasks', headers, payload: '' }), 400, 'INVALID_JSON')
  })

  it('answers 400 for a JSON body that is not an object', async () => {
    const app = await setup()
    const res = await app.inject({ method: 'POST', url: '/api/tasks', payload: [1, 2] })
    expectError(res, 400, 'VALIDATION_ERROR')
  })

  it('answers 413 for a body over 1 MiB', async () => {
    const app = await setup()
    const res = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'big', description: 'x'.repeat(1024 * 1024) }),
    })
    expectError(res, 413, 'PAYLOAD_TOO_LARGE')
  })
})

describe('GET /api/tasks', () => {
  it('lists newest first and filters by status', async () => {
    const app = await setup()
    const a = await create(app, { title: 'a' })
    const b = await create(app, { title: 'b' })
    await app.inject({ method: 'POST', url: `/api/tasks/${a.number}/complete` })

    const all = (await app.inject({ url: '/api/tasks' })).json()
    expect(all.items.map((t: any) => t.title)).toEqual(['b', 'a'])
    expect(all.next_cursor).toBeNull()
    const pending = (await app.inject({ url: '/api/tasks?status=pending' })).json()
    expect(pending.items.map((t: any) => t.number)).toEqual([b.number])
    const completed = (await app.inject({ url: '/api/tasks?status=completed' })).json()
    expect(completed.items.map((t: any) => t.number)).toEqual([a.number])
  })

  it('searches title and description, case-insensitively', async () => {
    const app = await setup()
    await create(app, { title: 'Buy MILK' })
    await create(app, { title: 'call mom', description: 'about the milk run' })
    await create(app, { title: 'pay bills' })
    const res = (await app.inject({ url: '/api/tasks?q=milk' })).json()
    expect(res.items.map((t: any) => t.title).sort()).toEqual(['Buy MILK', 'call mom'])
  })

  it('treats % and _ in a search as literal text', async () => {
    const app = await setup()
    await create(app, { title: 'grow 100% organic' })
    await create(app, { title: 'grow tomatoes' })
    const res = (await app.inject({ url: `/api/tasks?q=${encodeURIComponent('100%')}` })).json()
    expect(res.items.map((t: any) => t.title)).toEqual(['grow 100% organic'])
    expect((await app.inject({ url: '/api/tasks?q=_' })).json().items).toEqual([])
  })

  it('pages with a cursor through every task exactly once', async () => {
    const app = await setup()
    for (let i = 0; i < 7; i++) await create(app, { title: `task ${i}` })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const url: string = `/api/tasks?limit=3${cursor ? `&cursor=${cursor}` : ''}`
      const page: any = (await app.inject({ url })).json()
      seen.push(...page.items.map((t: any) => t.title))
      cursor = page.next_cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `task ${i}`))
  })

  it('sorts by due date or priority, open tasks first, and counts what a search finds', async () => {
    const app = await setup()
    await create(app, { title: 'undated milk', priority: 'low' })
    await create(app, { title: 'later', due_date: '2027-02-01', priority: 'high' })
    await create(app, { title: 'sooner milk', due_date: '2027-01-01' })
    const done = await create(app, { title: 'done first', due_date: '2026-01-01', priority: 'high' })
    await app.inject({ method: 'POST', url: `/api/tasks/${done.number}/complete` })
    const titles = async (query: string) => (await app.inject({ url: `/api/tasks?${query}` })).json().items.map((t: any) => t.title)
    expect(await titles('sort=due')).toEqual(['sooner milk', 'later', 'undated milk', 'done first'])
    expect(await titles('sort=priority')).toEqual(['later', 'sooner milk', 'undated milk', 'done first'])
    expect(await titles('sort=created')).toEqual(['sooner milk', 'later', 'undated milk', 'done first'])
    expect((await app.inject({ url: '/api/tasks/counts?q=milk' })).json()).toEqual({ all: 2, pending: 2, completed: 0, deleted: 0 })
    expect((await app.inject({ url: '/api/tasks/counts' })).json()).toEqual({ all: 4, pending: 3, completed: 1, deleted: 0 })
  })

  it('answers a cursor it did not give out with a 400', async () => {
    const app = await setup()
    expect(expectError(await app.inject({ url: '/api/tasks?cursor=abc' }), 400, 'INVALID_CURSOR').message).toContain('cursor')
  })

  it.each([
    ['status=done', 'status'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=a%2Bb', 'cursor'],
    ['cursor=' + 'a'.repeat(600), 'cursor'],
    ['sort=title', 'sort'],
  ])('rejects ?%s with a 400 naming %s', async (query, field) => {
    const app = await setup()
    const error = expectError(await app.inject({ url: `/api/tasks?${query}` }), 400, 'VALIDATION_ERROR')
    expect(error.field).toBe(field)
  })
})

describe('/api/tasks/:number', () => {
  it('patches any subset of fields and bumps updated_at', async () => {
    const app = await setup()
    const task = await create(app, { title: 'call mom', description: 'sunday' })
    await new Promise((r) => setTimeout(r, 5))
    const res = await app.inject({ method: 'PATCH', url: `/api/tasks/${task.number}`, payload: { priority: 'high' } })
    expect(res.statusCode).toBe(200)
    const patched = res.json()
    expect(patched).toMatchObject({ title: 'call mom', description: 'sunday', priority: 'high' })
    expect(patched.updated_at > task.updated_at).toBe(true)

    const cleared = (
      await app.inject({
        method: 'PATCH',
        url: `/api/tasks/${task.number}`,
        payload: { title: ' call mom tonight ', description: null, due_date: '2026-12-24', completed: true },
      })
    ).json()
    expect(cleared).toMatchObject({ title: 'call mom tonight', description: null, due_date: '2026-12-24', completed: true })
  })

  it('rejects an empty or invalid patch and leaves the task as it was', async () => {
    const app = await setup()
    const task = await create(app, { title: 'keep me' })
    expectError(await app.inject({ method: 'PATCH', url: `/api/tasks/${task.number}`, payload: {} }), 400, 'VALIDATION_ERROR')
    const bad = await app.inject({ method: 'PATCH', url: `/api/tasks/${task.number}`, payload: { title: '' } })
    expect(expectError(bad, 400, 'VALIDATION_ERROR').field).toBe('title')
    expect((await app.inject({ url: `/api/tasks/${task.number}` })).json().title).toBe('keep me')
  })

  it('completes a task, idempotently', async () => {
    const app = await setup()
    const task = await create(app, { title: 'x' })
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'POST', url: `/api/tasks/${task.number}/complete` })
      expect(res.statusCode).toBe(200)
      expect(res.json().completed).toBe(true)
    }
  })

  it('deletes a task to the trash at once; restore brings it back with its number', async () => {
    const app = await setup()
    const task = await create(app, { title: 'x' })
    const res = await app.inject({ method: 'DELETE', url: `/api/tasks/${task.number}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ number: task.number, title: 'x' })
    expect(res.json().deleted_at).toBeTypeOf('string')
    expectError(await app.inject({ url: `/api/tasks/${task.number}` }), 404, 'NOT_FOUND')
    // Deleting it again (a client whose first answer was lost) is done already: the same task,
    // unchanged, with no new version.
    const again = await app.inject({ method: 'DELETE', url: `/api/tasks/${task.number}` })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(res.json())
    expectError(await app.inject({ method: 'DELETE', url: '/api/tasks/999' }), 404, 'NOT_FOUND')
    expect((await app.inject({ url: '/api/tasks' })).json().items).toEqual([])
    expect((await app.inject({ url: '/api/tasks?status=deleted' })).json().items.map((t: any) => t.title)).toEqual(['x'])
    expect((await app.inject({ url: '/api/tasks/counts' })).json()).toEqual({ all: 0, pending: 0, completed: 0, deleted: 1 })

    const restored = await app.inject({ method: 'POST', url: `/api/tasks/${task.number}/restore` })
    expect(restored.statusCode).toBe(200)
    expect(restored.json()).toMatchObject({ number: task.number, title: 'x', deleted_at: null })
    expect((await app.inject({ url: `/api/tasks/${task.number}` })).statusCode).toBe(200)
    expectError(await app.inject({ method: 'POST', url: '/api/tasks/999/restore' }), 404, 'NOT_FOUND')
  })

  it('numbers each user’s tasks from 1', async () => {
    const alice = await setup()
    const bob = await signUp(alice.app)
    expect((await create(alice, { title: 'a' })).number).toBe(1)
    expect((await create(bob, { title: 'b' })).number).toBe(1)
    expect((await create(alice, { title: 'a2' })).number).toBe(2)
    expect((await bob.inject({ url: '/api/tasks/1' })).json().title).toBe('b')
    expectError(await bob.inject({ url: '/api/tasks/2' }), 404, 'NOT_FOUND')
  })

  it.each([
    ['GET', '/api/tasks/999'],
    ['PATCH', '/api/tasks/999'],
    ['DELETE', '/api/tasks/999'],
    ['POST', '/api/tasks/999/complete'],
  ])('%s %s of a missing task is 404', async (method, url) => {
    const app = await setup()
    const payload = method === 'PATCH' ? { title: 'x' } : undefined
    const res = await app.inject({ method: method as 'GET', url, ...(payload && { payload }) })
    expect(expectError(res, 404, 'NOT_FOUND').message).toBe('Task not found')
  })

  it.each(['abc', '0', '-1', '1.5', '99999999999'])('rejects the number %s with a 400', async (id) => {
    const app = await setup()
    expect(expectError(await app.inject({ url: `/api/tasks/${id}` }), 400, 'VALIDATION_ERROR').field).toBe('number')
  })
})

describe('errors', () => {
  it('answers an unknown route with a 404 in the error shape', async () => {
    const app = await setup()
    expectError(await app.inject({ url: '/api/nope' }), 404, 'NOT_FOUND')
    expectError(await app.inject({ method: 'PUT', url: '/api/tasks' }), 404, 'NOT_FOUND')
  })

  it('answers a server failure with a bare 500 and no details', async () => {
    const app = await setup()
    await app.app.db.destroy() // the database goes away under the running app
    const res = await app.inject({ url: '/api/tasks' })
    const error = expectError(res, 500, 'INTERNAL')
    expect(error.message).toBe('Internal Server Error')
    expect(res.body).not.toMatch(/driver|destroy|sqlite|kysely/i)
  })

  it('echoes the request id so a client can quote it', async () => {
    const app = await setup()
    const res = await app.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers['x-request-id']).toBe('abc-123')
  })
})

describe('the trash', () => {
  it('is purged at start of what was deleted before the retention, and keeps the rest', async () => {
    const database = { kind: 'sqlite' as const, path: sqliteFile() }
    const first = await buildTestApp('sqlite', { database })
    const user = await signUp(first)
    for (const title of ['old', 'new', 'kept']) await create(user, { title })
    await user.inject({ method: 'DELETE', url: '/api/tasks/1' })
    await new Promise((r) => setTimeout(r, 300))
    await user.inject({ method: 'DELETE', url: '/api/tasks/2' })
    // Another process starting with a retention of 150 ms purges only the older delete.
    const second = await buildTestApp('sqlite', { database, trashRetentionMs: 150 })
    await second.ready()
    const trash = await second.inject({ url: '/api/tasks?status=deleted', headers: { authorization: `Bearer ${user.token}` } })
    expect(trash.json().items.map((t: any) => t.title)).toEqual(['new'])
    expect((await user.inject({ method: 'POST', url: '/api/tasks/1/restore' })).statusCode).toBe(404)
  })
})

describe('GET /api/tasks/parse', () => {
  it('reads a quick-add line with the assistant’s rules, counting dates from the user’s today', async () => {
    const app = await setup()
    const parse = async (text: string, today = '2026-12-01') =>
      (await app.inject({ url: `/api/tasks/parse?text=${encodeURIComponent(text)}&today=${today}` })).json()
    const fields = ({ title, priority, due_date }: { title: string; priority?: string; due_date?: string }) => ({ title, priority, due_date })
    expect(fields(await parse('pay rent friday !high'))).toEqual({ title: 'pay rent', priority: 'high', due_date: '2026-12-04' })
    expect(fields(await parse('urgent: fix the tap tomorrow'))).toEqual({ title: 'fix the tap', priority: 'high', due_date: '2026-12-02' })
    expect(fields(await parse('buy milk', '2027-03-01'))).toEqual({ title: 'buy milk', priority: undefined, due_date: undefined })
    expect(fields(await parse('call mom tomorrow', '2027-03-01'))).toEqual({ title: 'call mom', priority: undefined, due_date: '2027-03-02' })
    // A marker switched off stays in the title and sets nothing.
    const off = (await app.inject({ url: `/api/tasks/parse?text=${encodeURIComponent('call mom tomorrow')}&today=2027-03-01&off=0` })).json()
    expect(off).toMatchObject({ title: 'call mom tomorrow', markers: [{ kind: 'due', text: 'tomorrow', on: false }] })
    expect(off.due_date).toBeUndefined()
    expectError(await app.inject({ url: '/api/tasks/parse?text=' }), 400, 'VALIDATION_ERROR')
    expectError(await app.inject({ url: '/api/tasks/parse?text=x&today=friday' }), 400, 'VALIDATION_ERROR')
    expect((await app.app.inject({ url: '/api/tasks/parse?text=x' })).statusCode).toBe(401)
  })
})

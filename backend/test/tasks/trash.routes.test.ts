import { describe, expect, it } from 'vitest'
import { engines, setup, signUp, type Client } from '../helper.js'

async function create(client: Pick<Client, 'inject'>, title: string): Promise<number> {
  const res = await client.inject({ method: 'POST', url: '/api/tasks', payload: { title } })
  expect(res.statusCode).toBe(201)
  return res.json().number
}

const trash = async (client: Pick<Client, 'inject'>) =>
  (await client.inject({ url: '/api/tasks?status=deleted' })).json().items.map((t: { title: string }) => t.title)
const live = async (client: Pick<Client, 'inject'>) =>
  (await client.inject({ url: '/api/tasks' })).json().items.map((t: { title: string }) => t.title)

function expectError(res: { statusCode: number; json: () => any }, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  expect(Object.keys(res.json())).toEqual(['error'])
  expect(res.json().error.code).toBe(code)
  expect(typeof res.json().error.message).toBe('string')
}

describe.each(engines)('the trash routes (%s)', (engine) => {
  it('DELETE /api/trash/:number removes a trashed task for good: not restorable, not in the trash, gone from the counts', async () => {
    const me = await setup(engine)
    const milk = await create(me, 'buy milk')
    await create(me, 'pay rent')
    await me.inject({ method: 'DELETE', url: `/api/tasks/${milk}` })

    const res = await me.inject({ method: 'DELETE', url: `/api/trash/${milk}` })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect(await trash(me)).toEqual([])
    expect(await live(me)).toEqual(['pay rent'])
    expect((await me.inject({ url: '/api/tasks/counts' })).json()).toEqual({ all: 1, pending: 1, completed: 0, deleted: 0 })
    expectError(await me.inject({ method: 'POST', url: `/api/tasks/${milk}/restore` }), 404, 'NOT_FOUND')
    // Twice is a 404: there is nothing left to remove.
    expectError(await me.inject({ method: 'DELETE', url: `/api/trash/${milk}` }), 404, 'NOT_FOUND')
    // The number is never handed out again.
    expect(await create(me, 'next')).toBe(3)
  })

  it('DELETE /api/trash/:number answers 404 for a live task, a missing one and another user’s, and leaves them', async () => {
    const me = await setup(engine)
    const other = await signUp(me.app)
    const mine = await create(me, 'still live')
    const theirs = await create(other, 'their trash')
    await other.inject({ method: 'DELETE', url: `/api/tasks/${theirs}` })

    expectError(await me.inject({ method: 'DELETE', url: `/api/trash/${mine}` }), 404, 'NOT_FOUND')
    expectError(await me.inject({ method: 'DELETE', url: `/api/trash/${theirs}` }), 404, 'NOT_FOUND')
    expectError(await me.inject({ method: 'DELETE', url: '/api/trash/999' }), 404, 'NOT_FOUND')
    expect(await live(me)).toEqual(['still live'])
    expect(await trash(other)).toEqual(['their trash'])
  })

  it('DELETE /api/trash empties the user’s trash → {deleted: n}, keeps live tasks and another user’s trash', async () => {
    const me = await setup(engine)
    const other = await signUp(me.app)
    for (const title of ['a', 'b', 'c', 'keep']) await create(me, title)
    for (const n of [1, 2, 3]) await me.inject({ method: 'DELETE', url: `/api/tasks/${n}` })
    await create(other, 'theirs')
    await other.inject({ method: 'DELETE', url: '/api/tasks/1' })

    const res = await me.inject({ method: 'DELETE', url: '/api/trash' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ deleted: 3 })
    expect(await trash(me)).toEqual([])
    expect(await live(me)).toEqual(['keep'])
    expect(await trash(other)).toEqual(['theirs'])
    // An empty trash empties to nothing.
    expect((await me.inject({ method: 'DELETE', url: '/api/trash' })).json()).toEqual({ deleted: 0 })
  })

  it('DELETE /api/trash?deleted_up_to= removes only what was trashed at or before it; later ones stay', async () => {
    const me = await setup(engine)
    for (const title of ['old', 'older', 'newer']) await create(me, title)
    await me.inject({ method: 'DELETE', url: '/api/tasks/1' })
    const shown = await me.inject({ method: 'DELETE', url: '/api/tasks/2' })
    const upTo = shown.json().deleted_at as string
    await new Promise((r) => setTimeout(r, 5)) // a later millisecond
    await me.inject({ method: 'DELETE', url: '/api/tasks/3' })
    const res = await me.inject({ method: 'DELETE', url: `/api/trash?deleted_up_to=${encodeURIComponent(upTo)}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ deleted: 2 })
    expect(await trash(me)).toEqual(['newer'])
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00+01:00', '9'.repeat(5000)]) {
      expectError(await me.inject({ method: 'DELETE', url: `/api/trash?deleted_up_to=${encodeURIComponent(bad)}` }), 400, 'VALIDATION_ERROR')
    }
    expect(await trash(me)).toEqual(['newer'])
  })

  it('checks the number, and needs a signed-in user', async () => {
    const me = await setup(engine)
    for (const bad of ['0', 'abc', '1.5', '99999999999']) {
      expectError(await me.inject({ method: 'DELETE', url: `/api/trash/${bad}` }), 400, 'VALIDATION_ERROR')
    }
    expect((await me.app.inject({ method: 'DELETE', url: '/api/trash' })).statusCode).toBe(401)
    expect((await me.app.inject({ method: 'DELETE', url: '/api/trash/1' })).statusCode).toBe(401)
  })

  it('counts against the write limit like every other change', async () => {
    const me = await setup(engine, { writeRateLimit: 2 })
    expect((await me.inject({ method: 'DELETE', url: '/api/trash' })).statusCode).toBe(200)
    expect((await me.inject({ method: 'DELETE', url: '/api/trash' })).statusCode).toBe(200)
    expectError(await me.inject({ method: 'DELETE', url: '/api/trash' }), 429, 'RATE_LIMITED')
  })
})

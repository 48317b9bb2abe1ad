// Tasks are personal: another user's row is indistinguishable from a missing one.
import { describe, expect, it } from 'vitest'
import { buildTestApp, engines, signUp } from './helper.js'

describe.each(engines)('isolation between users on %s', (engine) => {
  it('user B gets 404 for every read, update, complete and delete of A’s task, and never lists it', async () => {
    const app = await buildTestApp(engine)
    const alice = await signUp(app)
    const bob = await signUp(app)
    const task = (await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice only' } })).json()
    await bob.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'bob’s own' } })

    const attempts = [
      bob.inject(`/api/tasks/${task.id}`),
      bob.inject({ method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { title: 'taken over' } }),
      bob.inject({ method: 'POST', url: `/api/tasks/${task.id}/complete` }),
      bob.inject({ method: 'DELETE', url: `/api/tasks/${task.id}` }),
    ]
    const missing = await bob.inject('/api/tasks/999999')
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual(missing.json()) // the same answer as for a row that does not exist
    }

    for (const query of ['', '?status=pending', '?q=alice', '?status=all&q=only']) {
      const titles = (await bob.inject(`/api/tasks${query}`)).json().items.map((t: { title: string }) => t.title)
      expect(titles).not.toContain('alice only')
    }
    expect((await bob.inject('/api/tasks')).json().items.map((t: { title: string }) => t.title)).toEqual(['bob’s own'])

    const untouched = (await alice.inject(`/api/tasks/${task.id}`)).json()
    expect(untouched).toEqual(task)
  })

  it('user B gets 404 for A’s conversation and its messages, cannot post into it or delete it, and never lists it', async () => {
    const app = await buildTestApp(engine)
    const alice = await signUp(app)
    const bob = await signUp(app)
    const turn = (await alice.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add secret plan' } })).json()
    const id = turn.conversation_id

    for (const res of [
      await bob.inject(`/api/conversations/${id}/messages`),
      await bob.inject({ method: 'POST', url: '/api/chat', payload: { message: 'show my tasks', conversation_id: id } }),
      await bob.inject({ method: 'DELETE', url: `/api/conversations/${id}` }),
    ]) {
      expect(res.statusCode).toBe(404)
      expect(res.json().error).toEqual({ code: 'NOT_FOUND', message: 'Conversation not found' })
    }
    expect((await bob.inject('/api/conversations')).json().items).toEqual([])
    expect((await alice.inject(`/api/conversations/${id}/messages`)).json().items).toHaveLength(2)
  })
})

// Tasks are personal: another user's row is indistinguishable from a missing one.
import { describe, expect, it } from 'vitest'
import { buildTestApp, engines, signUp } from './helper.js'

describe.each(engines)('isolation between users on %s', (engine) => {
  it('user B gets 404 for every read, update, complete, delete and restore of A’s task, and never lists it', async () => {
    const app = await buildTestApp(engine)
    const alice = await signUp(app)
    const bob = await signUp(app)
    await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice first' } })
    const task = (await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice only' } })).json()
    const trashed = (await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice trash' } })).json()
    await alice.inject({ method: 'DELETE', url: `/api/tasks/${trashed.number}` })
    // Bob's own #1: numbers are per user, so both of them have a task #1.
    await bob.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'bob’s own' } })
    expect(task.number).toBe(2)

    const attempts = [
      bob.inject(`/api/tasks/${task.number}`),
      bob.inject({ method: 'PATCH', url: `/api/tasks/${task.number}`, payload: { title: 'taken over' } }),
      bob.inject({ method: 'POST', url: `/api/tasks/${task.number}/complete` }),
      bob.inject({ method: 'DELETE', url: `/api/tasks/${task.number}` }),
      bob.inject({ method: 'POST', url: `/api/tasks/${trashed.number}/restore` }),
    ]
    const missing = await bob.inject('/api/tasks/999999')
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual(missing.json()) // the same answer as for a row that does not exist
    }
    // What Bob does to his #1 is done to his task only.
    await bob.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { title: 'bob renamed' } })
    await bob.inject({ method: 'DELETE', url: '/api/tasks/1' })
    await bob.inject({ method: 'POST', url: '/api/tasks/1/restore' })

    for (const query of ['', '?status=pending', '?q=alice', '?status=all&q=only', '?status=deleted', '?sort=due', '?sort=priority']) {
      const titles = (await bob.inject(`/api/tasks${query}`)).json().items.map((t: { title: string }) => t.title)
      expect(titles.filter((t: string) => t.startsWith('alice'))).toEqual([])
    }
    expect((await bob.inject('/api/tasks')).json().items.map((t: { title: string }) => t.title)).toEqual(['bob renamed'])
    expect((await bob.inject('/api/tasks/counts')).json()).toEqual({ all: 1, pending: 1, completed: 0, deleted: 0 })

    // Nor through the assistant, by number or by words.
    for (const message of ['complete task 2', 'delete the only task', 'restore task 3', 'show my tasks', 'what is in the trash']) {
      const turn = (await bob.inject({ method: 'POST', url: '/api/chat', payload: { message } })).json()
      expect(JSON.stringify(turn)).not.toMatch(/alice (first|only|trash)/)
    }

    expect((await alice.inject(`/api/tasks/${task.number}`)).json()).toEqual(task)
    expect((await alice.inject('/api/tasks/1')).json().title).toBe('alice first')
    expect((await alice.inject('/api/tasks?status=deleted')).json().items.map((t: { title: string }) => t.title)).toEqual(['alice trash'])
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

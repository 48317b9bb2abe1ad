// The built-in assistant, end to end through POST /api/chat: each phrasing is checked by the
// state of the tasks afterwards, not only by the words of the reply.
import { describe, expect, it } from 'vitest'
import { addDays, isoDate } from '../../src/lib/dates.js'
import { setup, signUp, type Client } from '../helper.js'

type Task = { id: number; title: string; completed: boolean; priority: string; due_date: string | null }

async function start() {
  const user = await setup('sqlite', { chatRateLimit: 0 })
  const ids: Record<string, number> = {}
  for (const title of ['buy groceries', 'pay bills', 'team meeting prep', 'call mom']) {
    ids[title] = (await user.inject({ method: 'POST', url: '/api/tasks', payload: { title } })).json().id
  }
  return { user, ids }
}

async function chat(user: Client, message: string) {
  const res = await user.inject({ method: 'POST', url: '/api/chat', payload: { message } })
  expect(res.statusCode).toBe(200)
  return res.json() as { response: string; tool_calls: { name: string; arguments: any; result: any }[] }
}

async function tasks(user: Client): Promise<Task[]> {
  return (await user.inject('/api/tasks?limit=100')).json().items
}

const byTitle = (list: Task[], title: string) => list.find((t) => t.title === title)

describe('the built-in assistant', () => {
  it('says it runs in built-in mode', async () => {
    const { user } = await start()
    expect((await user.inject('/api/chat/info')).json()).toEqual({ mode: 'builtin', model: null })
  })

  it.each([
    ['Add a task to buy bread', (l: Task[]) => expect(byTitle(l, 'buy bread')).toMatchObject({ completed: false })],
    ['add buy milk', (l: Task[]) => expect(byTitle(l, 'buy milk')).toBeDefined()],
    ['I need to remember to renew my passport', (l: Task[]) => expect(byTitle(l, 'renew my passport')).toBeDefined()],
    [
      'Create a task called call grandma with high priority due tomorrow',
      (l: Task[]) =>
        expect(byTitle(l, 'call grandma')).toMatchObject({ priority: 'high', due_date: isoDate(addDays(new Date(), 1)) }),
    ],
    ['add buy milk tomorrow', (l: Task[]) => expect(byTitle(l, 'buy milk')?.due_date).toBe(isoDate(addDays(new Date(), 1)))],
    ['I finished the groceries one', (l: Task[]) => expect(byTitle(l, 'buy groceries')?.completed).toBe(true)],
    ['the bills are done', (l: Task[]) => expect(byTitle(l, 'pay bills')?.completed).toBe(true)],
    ['Delete the meeting task', (l: Task[]) => expect(byTitle(l, 'team meeting prep')).toBeUndefined()],
    ['Rename the bills task to pay rent', (l: Task[]) => {
      expect(byTitle(l, 'pay rent')).toBeDefined()
      expect(byTitle(l, 'pay bills')).toBeUndefined()
    }],
    ['change the mom task priority to high', (l: Task[]) => expect(byTitle(l, 'call mom')?.priority).toBe('high')],
  ])('%j changes the tasks as asked', async (message, check) => {
    const { user } = await start()
    const reply = await chat(user, message)
    expect(reply.response).toMatch(/^✓/)
    expect(reply.tool_calls).toHaveLength(1)
    check(await tasks(user))
  })

  it('acts on tasks by their number: complete, remove, change', async () => {
    const { user, ids } = await start()
    await chat(user, `Mark task ${ids['pay bills']} as complete`)
    await chat(user, `Remove task ${ids['team meeting prep']}`)
    const renamed = await chat(user, `Change task ${ids['call mom']} to 'Call mom tonight'`)
    expect(renamed.tool_calls[0]).toMatchObject({ name: 'update_task', arguments: { task_id: ids['call mom'], title: 'Call mom tonight' } })
    const list = await tasks(user)
    expect(byTitle(list, 'pay bills')?.completed).toBe(true)
    expect(list.find((t) => t.id === ids['team meeting prep'])).toBeUndefined()
    expect(list.find((t) => t.id === ids['call mom'])?.title).toBe('Call mom tonight')
  })

  it('lists all, pending and completed tasks through list_tasks', async () => {
    const { user, ids } = await start()
    await user.inject({ method: 'POST', url: `/api/tasks/${ids['pay bills']}/complete` })
    const all = await chat(user, 'Show me all my tasks')
    expect(all.tool_calls[0]).toMatchObject({ name: 'list_tasks', arguments: { status: 'all' } })
    expect(all.response).toContain('You have 4 tasks')
    for (const title of ['buy groceries', 'pay bills', 'team meeting prep', 'call mom']) expect(all.response).toContain(title)

    const pending = await chat(user, "What's pending?")
    expect(pending.response).toContain('3 pending tasks')
    expect(pending.response).not.toContain('pay bills')
    const done = await chat(user, 'What have I completed?')
    expect(done.response).toContain('1 completed task')
    expect(done.response).toContain('pay bills')
  })

  it('asks back instead of guessing when two tasks match, and changes nothing', async () => {
    const { user } = await start()
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'buy groceries for mom' } })
    const before = await tasks(user)
    const reply = await chat(user, 'delete the groceries one')
    expect(reply.response).toMatch(/^Which one do you mean/)
    expect(reply.response).toContain('buy groceries for mom')
    expect(reply.tool_calls).toEqual([])
    expect(await tasks(user)).toEqual(before)
  })

  it('says so when no task matches, by name or by number', async () => {
    const { user } = await start()
    const byName = await chat(user, 'complete the dentist task')
    expect(byName.response).toMatch(/couldn't find a task matching "dentist"/)
    const byNumber = await chat(user, 'Mark task 99999 as complete')
    expect(byNumber.response).toMatch(/There is no task #99999/)
  })

  it('answers with help when it does not understand, and touches nothing', async () => {
    const { user } = await start()
    const reply = await chat(user, 'what is the meaning of life')
    expect(reply.response).toMatch(/didn't understand/)
    expect(reply.response).toContain('Add a task to buy groceries')
    expect(reply.tool_calls).toEqual([])
  })

  it('follows "add buy milk" with "what\'s pending?" listing it', async () => {
    const user = await setup()
    const first = (await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add buy milk' } })).json()
    const second = (
      await user.inject({ method: 'POST', url: '/api/chat', payload: { message: "what's pending?", conversation_id: first.conversation_id } })
    ).json()
    expect(second.response).toContain('buy milk')
    expect(second.conversation_id).toBe(first.conversation_id)
  })

  it('cannot reach another user’s tasks by number', async () => {
    const { user: alice, ids } = await start()
    const bob = await signUp(alice.app)
    const before = await tasks(alice)
    for (const message of [`Mark task ${ids['pay bills']} as complete`, `Remove task ${ids['call mom']}`, `Change task ${ids['buy groceries']} to mine`]) {
      expect((await chat(bob, message)).response).toMatch(/There is no task #\d+/)
    }
    expect((await chat(bob, 'delete the groceries one')).response).toMatch(/couldn't find/)
    expect(await tasks(alice)).toEqual(before)
  })
})

// The built-in assistant, end to end through POST /api/chat: each finding of the review it
// was rebuilt for is checked by the state of the tasks afterwards, not only by the words of
// the reply. Breadth of phrasing is measured by the corpus (corpus.test.ts).
import { describe, expect, it } from 'vitest'
import { addDays, isoDate } from '../../src/lib/dates.js'
import { buildTestApp, setup, signUp, sqliteFile, type Client } from '../helper.js'

type Task = { number: number; title: string; completed: boolean; priority: string; due_date: string | null }
type Turn = { conversation_id: number; response: string; tool_calls: { name: string; arguments: any; result: any }[] }

const TITLES = ['buy groceries', 'pay bills', 'team meeting prep', 'call mom', 'email the landlord about rent']

async function start(user?: Client) {
  const u = user ?? (await setup('sqlite', { chatRateLimit: 0 }))
  for (const title of TITLES) await u.inject({ method: 'POST', url: '/api/tasks', payload: { title } })
  return u
}

/** One conversation: each call continues it. */
function conversation(user: Client) {
  let id: number | undefined
  return async (message: string): Promise<Turn> => {
    const res = await user.inject({ method: 'POST', url: '/api/chat', payload: { message, ...(id && { conversation_id: id }) } })
    expect(res.statusCode).toBe(200)
    const turn = res.json() as Turn
    id = turn.conversation_id
    return turn
  }
}

async function tasks(user: Client, status = 'all'): Promise<Task[]> {
  return (await user.inject(`/api/tasks?limit=100&status=${status}`)).json().items
}
const byTitle = (list: Task[], title: string) => list.find((t) => t.title === title)
const changes = (turn: Turn) => turn.tool_calls.filter((c) => !['find_tasks', 'get_task', 'list_tasks'].includes(c.name))

describe('the built-in assistant', () => {
  it('says it runs in built-in mode', async () => {
    const user = await start()
    expect((await user.inject('/api/chat/info')).json()).toEqual({ mode: 'builtin', model: null })
  })

  it('never acts on a guess: a non-matching name changes nothing, a vague one asks', async () => {
    const user = await start()
    const before = await tasks(user)
    const chat = conversation(user)
    const unicorns = await chat('delete the task about unicorns')
    expect(unicorns.response).toMatch(/couldn't find a task about "unicorns"/)
    expect(changes(unicorns)).toEqual([])
    const garage = await chat('make the garage task high priority')
    expect(changes(garage)).toEqual([])
    const vague = await chat('delete the task')
    expect(vague.response).toMatch(/Which task do you mean\?/)
    expect(await tasks(user)).toEqual(before)
  })

  it('strips the words wrapped around a new title and reads priorities and dates anywhere', async () => {
    const user = await start()
    const chat = conversation(user)
    const tomorrow = addDays(new Date(), 1)
    await chat('Can you add call the plumber to my list?')
    await chat("please add 'renew passport' to my list")
    await chat('add low priority task organise the garage')
    await chat('urgent: fix the leaking tap')
    const added = await chat("Don't let me forget to water the plants tomorrow")
    const list = await tasks(user)
    expect(byTitle(list, 'call the plumber')).toBeDefined()
    expect(byTitle(list, 'renew passport')).toBeDefined()
    expect(byTitle(list, 'organise the garage')?.priority).toBe('low')
    expect(byTitle(list, 'fix the leaking tap')?.priority).toBe('high')
    expect(byTitle(list, 'water the plants')?.due_date).toBe(isoDate(tomorrow))
    // Replies say dates as the board does.
    const weekday = tomorrow.toLocaleDateString('en-GB', { weekday: 'short' })
    expect(added.response).toMatch(new RegExp(`due tomorrow \\(${weekday} ${tomorrow.getDate()} \\w{3}\\)`))
  })

  it('asks which one when several match, and the next turn answers it from the stored question', async () => {
    const user = await start()
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'buy groceries for mom' } })
    const chat = conversation(user)
    const asked = await chat('mark the groceries one done')
    expect(asked.response).toMatch(/^Which one do you mean\?/)
    expect(changes(asked)).toEqual([])
    const answered = await chat('the second one')
    expect(changes(answered)).toEqual([expect.objectContaining({ name: 'complete_task', arguments: { task_number: 1 } })])
    expect(byTitle(await tasks(user), 'buy groceries')?.completed).toBe(true)
    expect(byTitle(await tasks(user), 'buy groceries for mom')?.completed).toBe(false)
  })

  it('a "yes" answers a one-candidate question, and "mark it done" follows the task just named', async () => {
    const user = await start()
    const chat = conversation(user)
    const asked = await chat('finish the landlord invoice')
    expect(asked.response).toMatch(/^Do you mean #5 "email the landlord about rent"\?/)
    expect(changes(asked)).toEqual([])
    const yes = await chat('yes')
    expect(changes(yes)).toEqual([expect.objectContaining({ name: 'complete_task', arguments: { task_number: 5 } })])
    await chat('add book the vet')
    const it_ = await chat('mark it done')
    expect(changes(it_)).toEqual([expect.objectContaining({ name: 'complete_task', arguments: { task_number: 6 } })])
  })

  it('undoes a delete from chat ("undo that") and the task keeps its number', async () => {
    const user = await start()
    const chat = conversation(user)
    const deleted = await chat('delete the meeting task')
    expect(changes(deleted)).toEqual([expect.objectContaining({ name: 'delete_task', arguments: { task_number: 3 } })])
    expect(byTitle(await tasks(user), 'team meeting prep')).toBeUndefined()
    // The board's trash holds it, so the board's Undo works for it too.
    expect((await tasks(user, 'deleted')).map((t) => t.number)).toEqual([3])
    const undone = await chat('undo that')
    expect(changes(undone)).toEqual([expect.objectContaining({ name: 'restore_tasks', arguments: { task_numbers: [3] } })])
    expect(byTitle(await tasks(user), 'team meeting prep')?.number).toBe(3)
  })

  it('clears completed tasks only after a yes, and that too can be undone', async () => {
    const user = await start()
    await user.inject({ method: 'POST', url: '/api/tasks/2/complete' })
    const chat = conversation(user)
    const asked = await chat('clear all completed tasks')
    expect(asked.response).toMatch(/Should I go ahead\?/)
    expect(changes(asked)).toEqual([])
    expect(await tasks(user, 'completed')).toHaveLength(1)
    await chat('yes')
    expect(await tasks(user, 'completed')).toEqual([])
    await chat('undo')
    expect((await tasks(user, 'completed')).map((t) => t.title)).toEqual(['pay bills'])
  })

  it('answers questions: how many, what is due, overdue, high priority', async () => {
    const user = await start()
    const today = new Date()
    await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { due_date: isoDate(addDays(today, 1)) } })
    await user.inject({ method: 'PATCH', url: '/api/tasks/4', payload: { due_date: isoDate(addDays(today, -2)), priority: 'high' } })
    const chat = conversation(user)
    expect((await chat('how many tasks do I have?')).response).toBe('You have 5 open tasks.')
    const tomorrow = await chat('what is due tomorrow?')
    expect(tomorrow.response).toMatch(/^You have 1 open task due tomorrow:\n• #1 "buy groceries"/)
    const overdue = await chat('anything overdue?')
    expect(overdue.response).toContain('#4 "call mom"')
    expect(overdue.response).toContain('overdue since')
    const high = await chat('show me everything that is high priority')
    expect(high.response).toMatch(/1 high-priority task/)
    // "the first one" then means the first of that list.
    const done = await chat('mark the first one done')
    expect(changes(done)).toEqual([expect.objectContaining({ name: 'complete_task', arguments: { task_number: 4 } })])
  })

  it('reopens, reschedules and understands past-tense reports', async () => {
    const user = await start()
    const chat = conversation(user)
    await chat('I paid the bills')
    expect(byTitle(await tasks(user), 'pay bills')?.completed).toBe(true)
    await chat('reopen the bills task')
    expect(byTitle(await tasks(user), 'pay bills')?.completed).toBe(false)
    await chat('push the landlord email to next week')
    expect(byTitle(await tasks(user), 'email the landlord about rent')?.due_date).toBe(isoDate(addDays(new Date(), 7)))
  })

  it('finds a task among all of a user’s tasks, not only the newest hundred', async () => {
    const user = await setup('sqlite', { chatRateLimit: 0 })
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'the oldest: renew the lease' } })
    for (let i = 0; i < 150; i++) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: `chore ${i}` } })
    const turn = await conversation(user)('complete the lease task')
    expect(changes(turn)).toEqual([expect.objectContaining({ name: 'complete_task', arguments: { task_number: 1 } })])
  })

  it('keeps its question with the conversation, so another server process answers the follow-up', async () => {
    const database = { kind: 'sqlite' as const, path: sqliteFile() }
    const first = await buildTestApp('sqlite', { database, chatRateLimit: 0 })
    const user = await start(await signUp(first))
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'call mom back' } })
    const asked = await conversation(user)('delete the mom one')
    expect(asked.response).toMatch(/^Which one do you mean\?/)
    // A second app on the same database stands in for another replica behind the Service.
    const second = await buildTestApp('sqlite', { database, chatRateLimit: 0 })
    const res = await second.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { message: '#6', conversation_id: asked.conversation_id },
    })
    expect(changes(res.json())).toEqual([expect.objectContaining({ name: 'delete_task', arguments: { task_number: 6 } })])
  })

  it('cannot reach another user’s tasks by number or by name', async () => {
    const app = await buildTestApp('sqlite', { chatRateLimit: 0 })
    const alice = await start(await signUp(app))
    const bob = await signUp(app)
    const before = await tasks(alice)
    const chat = conversation(bob)
    for (const message of ['Mark task 2 as complete', 'Remove task 4', "Change task 1 to 'mine'", 'delete the groceries one']) {
      expect(changes(await chat(message))).toEqual([])
    }
    expect(await tasks(alice)).toEqual(before)
  })
})

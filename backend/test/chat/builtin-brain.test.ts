// The built-in assistant, end to end through POST /api/chat: each finding of the review it
// was rebuilt for is checked by the state of the tasks afterwards, not only by the words of
// the reply. Breadth of phrasing is measured by the corpus (corpus.test.ts).
import { describe, expect, it } from 'vitest'
import { addDays, isoDate } from '../../src/lib/dates.js'
import { buildTestApp, setup, signUp, sqliteFile, type Client } from '../helper.js'

type Task = { number: number; title: string; completed: boolean; priority: string; due_date: string | null }
type Turn = { conversation_id: number; response: string; tool_calls: { name: string; arguments: any; result: any; read_only: boolean }[] }

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
const changes = (turn: Turn) => turn.tool_calls.filter((c) => !c.read_only)

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
    // Candidates are listed by number: "buy groceries" (#1) first.
    expect(asked.response).toMatch(/1\. #1 "buy groceries"\n2\. #6 "buy groceries for mom"/)
    const answered = await chat('the first one')
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
    // Words that fit one task but not its whole title: it asks first, showing the title.
    const asked = await chat('delete the meeting task')
    expect(asked.response).toMatch(/^Do you mean #3 "team meeting prep"\?/)
    expect(changes(asked)).toEqual([])
    const deleted = await chat('yes')
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
    // A past tense of the whole title acts at once ("I paid the bills" names "pay bills").
    await chat('I paid the bills')
    expect(byTitle(await tasks(user), 'pay bills')?.completed).toBe(true)
    await chat('reopen pay bills')
    expect(byTitle(await tasks(user), 'pay bills')?.completed).toBe(false)
    // Part of a title asks first; "yes" acts on exactly the task shown.
    expect((await chat('push the landlord email to next week')).response).toMatch(/^Do you mean #5 "email the landlord about rent"\?/)
    await chat('yes')
    expect(byTitle(await tasks(user), 'email the landlord about rent')?.due_date).toBe(isoDate(addDays(new Date(), 7)))
  })

  it('finds a task among all of a user’s tasks, not only the newest hundred', async () => {
    const user = await setup('sqlite', { chatRateLimit: 0 })
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'the oldest: renew the lease' } })
    for (let i = 0; i < 150; i++) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: `chore ${i}` } })
    const chat = conversation(user)
    expect((await chat('complete the lease task')).response).toMatch(/^Do you mean #1 "the oldest: renew the lease"\?/)
    const turn = await chat('yes')
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

// The walkthrough that had the language layer rebuilt: each case failed on the old layer.
describe('the built-in assistant, as a new user tried it', () => {
  it('asks, listing both, when a number and words name different tasks', async () => {
    const user = await setup('sqlite', { chatRateLimit: 0 })
    for (let i = 1; i <= 39; i++) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: `filler ${i}` } })
    for (const title of ['Bulk task 42 meeting', 'Bulk task 43 call', 'Bulk task 44 errand']) await user.inject({ method: 'POST', url: '/api/tasks', payload: { title } })
    const turn = await conversation(user)('mark bulk task 42 meeting as done')
    expect(changes(turn)).toEqual([])
    expect(turn.response).toContain('#42 "Bulk task 44 errand"')
    expect(turn.response).toContain('#40 "Bulk task 42 meeting"')
    expect((await tasks(user, 'completed')).length).toBe(0)
  })

  it('does several things in one message, and "undo that" takes the whole turn back', async () => {
    const user = await start()
    const chat = conversation(user)
    const added = await chat('add milk, eggs and bread')
    expect(changes(added).map((c) => c.arguments.title)).toEqual(['milk', 'eggs', 'bread'])
    const done = await chat('mark 2 and 3 done')
    expect(changes(done).map((c) => [c.name, c.arguments.task_number])).toEqual([['complete_task', 2], ['complete_task', 3]])
    const undone = await chat('undo that')
    expect(changes(undone).map((c) => [c.name, c.arguments.task_number])).toEqual([['reopen_task', 3], ['reopen_task', 2]])
    expect(await tasks(user, 'completed')).toEqual([])
  })

  it('understands typos in the command word and politeness around the request', async () => {
    const user = await start()
    const chat = conversation(user)
    expect(changes(await chat('compelte task 1'))).toEqual([expect.objectContaining({ name: 'complete_task', arguments: { task_number: 1 } })])
    const polite = await chat('hey so um would you mind removing task 2 for me? thanks so much')
    expect(changes(polite)).toEqual([expect.objectContaining({ name: 'delete_task', arguments: { task_number: 2 } })])
  })

  it('answers "what did I finish today?" by completion time and "today" with the overdue ones', async () => {
    const user = await start()
    await user.inject({ method: 'POST', url: '/api/tasks/4/complete' })
    await user.inject({ method: 'PATCH', url: '/api/tasks/1', payload: { due_date: isoDate(addDays(new Date(), -2)) } })
    const chat = conversation(user)
    const finished = await chat('what did I finish today?')
    expect(finished.response).toContain('#4 "call mom"')
    const today = await chat('what do I have to do today?')
    expect(today.response).toMatch(/Overdue \(1\):\n.*#1 "buy groceries"/)
  })

  it('reaches the trash by words and by number', async () => {
    const user = await start()
    await user.inject({ method: 'DELETE', url: '/api/tasks/3' })
    await user.inject({ method: 'DELETE', url: '/api/tasks/2' })
    const chat = conversation(user)
    expect(changes(await chat('restore task 3'))).toEqual([expect.objectContaining({ name: 'restore_tasks', arguments: { task_numbers: [3] } })])
    expect((await chat('bring back the bills task')).response).toMatch(/^Do you mean #2 "pay bills"\?/)
    expect(changes(await chat('yes'))).toEqual([expect.objectContaining({ name: 'restore_tasks', arguments: { task_numbers: [2] } })])
    expect(await tasks(user, 'deleted')).toEqual([])
  })

  it('schedules an existing task instead of adding "dentist for next month", and searches by words', async () => {
    const user = await start()
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'dentist appointment' } })
    await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'get the car washed' } })
    const chat = conversation(user)
    const scheduled = await chat('schedule dentist for next month')
    expect(changes(scheduled)).toEqual([])
    expect(scheduled.response).toMatch(/^Do you mean #6 "dentist appointment"\?/)
    const search = await chat('anything about the car?')
    expect(search.tool_calls[0]).toMatchObject({ name: 'list_tasks', arguments: { query: 'car' }, read_only: true })
    expect(search.response).toContain('#7 "get the car washed"')
    const rename = await chat('task 4 should actually say call mom and dad')
    expect(changes(rename)).toEqual([expect.objectContaining({ name: 'update_task', arguments: { task_number: 4, title: 'call mom and dad' } })])
  })
})

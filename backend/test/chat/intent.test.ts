// The pieces of the built-in assistant's understanding, one at a time. Whole phrasings are
// measured by the corpus (corpus.test.ts); these pin the parts it is built from.
import { describe, expect, it } from 'vitest'
import { cleanTitle, newTask, normalize, parseIntent, parseTarget } from '../../src/chat/builtin/intent.js'
import { findDate, speakDate, speakDue, withoutDate } from '../../src/lib/when.js'
import { matchTask, meaningfulWords, sameWord, stem } from '../../src/chat/match.js'

// A fixed Tuesday, so relative dates are checkable.
const today = new Date(2026, 11, 1, 12) // 2026-12-01

describe('dates (chrono-node)', () => {
  it.each([
    ['buy milk today', '2026-12-01', 'buy milk'],
    ['buy milk tomorrow', '2026-12-02', 'buy milk'],
    ['buy milk tomorow', undefined, 'buy milk tomorow'], // typos are spelled out by normalize() first
    ['pay rent on friday', '2026-12-04', 'pay rent'],
    ['call mom in 3 days', '2026-12-04', 'call mom'],
    ['report due next week', '2026-12-08', 'report'],
    ['file taxes by end of month', '2026-12-31', 'file taxes'],
    ['send card by dec 24', '2026-12-24', 'send card'],
    ['send card 12/24', '2026-12-24', 'send card'],
    ['finish essay by the 10th', '2026-12-10', 'finish essay'],
    ['watch march of the penguins', undefined, 'watch march of the penguins'],
    ['pick up the kids at 5', undefined, 'pick up the kids at 5'],
  ])('%j → %s, leaving %j', (text, date, rest) => {
    const found = findDate(text, today)
    expect(found?.date).toBe(date)
    expect(found ? withoutDate(text, found) : text).toBe(rest)
  })

  it('speaks dates as the board shows them', () => {
    expect(speakDate('2026-12-01', today)).toBe('today (Tue 1 Dec)')
    expect(speakDate('2026-12-02', today)).toBe('tomorrow (Wed 2 Dec)')
    expect(speakDate('2026-12-04', today)).toBe('Friday (4 Dec)')
    expect(speakDate('2026-12-24', today)).toBe('Thu 24 Dec')
    expect(speakDate('2027-01-05', today)).toBe('Tue 5 Jan 2027')
    expect(speakDue('2026-11-28', today)).toBe('overdue since Sat 28 Nov')
    expect(speakDue('2026-11-28', today, true)).toBe('due Sat 28 Nov')
  })
})

describe('titles and targets', () => {
  it.each([
    ['Can you please add call the plumber to my list?', 'add call the plumber to my list'],
    ['hey, could you show my tasks thanks', 'show my tasks'],
    ['ok so delete task 3 please!!', 'delete task 3'],
    ['remind me tommorow', 'remind me tomorrow'],
  ])('normalize(%j) → %j', (text, expected) => {
    expect(normalize(text)).toBe(expected)
  })

  it.each([
    ['a task to buy milk', 'buy milk'],
    ['"renew passport" to my list', 'renew passport'],
    ['task called call grandma', 'call grandma'],
    ['water the plants on my todo list', 'water the plants'],
  ])('cleanTitle(%j) → %j', (text, title) => {
    expect(cleanTitle(text)).toBe(title)
  })

  it('reads priorities anywhere and keeps a quoted title whole', () => {
    expect(newTask('pay rent friday !high', today)).toEqual({ title: 'pay rent', priority: 'high', due_date: '2026-12-04' })
    expect(newTask('email the accountant, it is important', today)).toEqual({ title: 'email the accountant', priority: 'high' })
    expect(newTask('"book a table for saturday" to my list', today)).toEqual({ title: 'book a table for saturday' })
    expect(newTask('low priority task organise the garage', today)).toEqual({ title: 'organise the garage', priority: 'low' })
  })

  it.each([
    ['task 3', { number: 3 }],
    ['#7', { number: 7 }],
    ['42', { number: 42 }],
    ['the second one', { ordinal: 2 }],
    ['the last one', { ordinal: -1 }],
    ['it', { ref: true }],
    ['the groceries one', { text: 'groceries' }],
    ['the task about rent', { text: 'rent' }],
    ['"Buy Milk"', { text: 'Buy Milk' }],
  ])('parseTarget(%j) → %j', (text, target) => {
    expect(parseTarget(text)).toEqual(target)
  })
})

describe('intents', () => {
  it.each([
    ['what is due tomorrow?', { kind: 'list', status: 'pending', due: 'tomorrow' }],
    ['how many tasks do I have?', { kind: 'count', status: 'all' }],
    ['clear all completed tasks', { kind: 'clear_completed' }],
    ['undo that', { kind: 'undo' }],
    ['yes please', { kind: 'yes' }],
    ['none of them', { kind: 'no' }],
    ['#4', { kind: 'choose', target: { number: 4 } }],
    ['mark it done', { kind: 'complete', target: { ref: true } }],
    ['I called the plumber', { kind: 'complete', target: { text: 'plumber' } }],
    ['reopen the passport one', { kind: 'reopen', target: { text: 'passport' } }],
    ['make the garage task high priority', { kind: 'update', target: { text: 'garage' }, changes: { priority: 'high' } }],
    ['push the expense report to next week', { kind: 'update', target: { text: 'expense report' }, changes: { due_date: '2026-12-08' } }],
    ['buy milk tomorrow', { kind: 'maybe_add', title: 'buy milk', due_date: '2026-12-02' }],
    ['what is the meaning of life', { kind: 'unknown' }],
    ['', { kind: 'help' }],
  ])('%j → %j', (message, intent) => {
    expect(parseIntent(message, today)).toEqual(intent)
  })
})

describe('matching a task by words', () => {
  const tasks = [
    { number: 1, title: 'buy groceries', completed: false },
    { number: 2, title: 'email the landlord about rent', completed: false },
    { number: 3, title: 'pay rent', completed: false },
    { number: 4, title: 'pay rent', completed: true },
  ]

  it('stems and forgives one typo in longer words', () => {
    expect(stem('Groceries')).toBe('grocery')
    expect(stem('called')).toBe('call')
    expect(stem('bought')).toBe('buy')
    expect(sameWord('grocry', 'grocery')).toBe(true)
    expect(sameWord('cat', 'car')).toBe(false)
    expect(meaningfulWords('the task about unicorns')).toEqual(['unicorn'])
  })

  it('is confident only when exactly one task holds every meaningful word', () => {
    expect(matchTask('the grocries one', tasks).match?.number).toBe(1)
    expect(matchTask('unicorns', tasks)).toEqual({ candidates: [], vague: false })
    expect(matchTask('the task about', tasks)).toEqual({ candidates: [], vague: true })
    // "rent" is in three titles: a question, not an action.
    const rent = matchTask('rent', tasks)
    expect(rent.match).toBeUndefined()
    expect(rent.candidates.map((t) => t.number)).toEqual([3, 2, 4])
    // Completing prefers the open one of two equal titles; reopening the done one.
    expect(matchTask('pay rent', tasks, 'pending').match?.number).toBe(3)
    expect(matchTask('pay rent', tasks, 'completed').match?.number).toBe(4)
    // Half the words is a candidate only.
    expect(matchTask('landlord invoice', tasks)).toMatchObject({ candidates: [{ number: 2 }] })
    expect(matchTask('landlord invoice', tasks).match).toBeUndefined()
  })
})

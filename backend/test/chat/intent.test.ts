import { describe, expect, it } from 'vitest'
import { parseDate, parseIntent, parseTarget } from '../../src/chat/builtin/intent.js'

// A fixed Thursday, so relative dates are checkable.
const today = new Date(2026, 10, 26) // 2026-11-26

describe('parseIntent', () => {
  it.each([
    ['Add a task to buy groceries', { kind: 'add', title: 'buy groceries' }],
    ['add buy milk', { kind: 'add', title: 'buy milk' }],
    ['add buy milk tomorrow', { kind: 'add', title: 'buy milk', due_date: '2026-11-27' }],
    ['I need to remember to pay bills', { kind: 'add', title: 'pay bills' }],
    ['I need to call the bank', { kind: 'add', title: 'call the bank' }],
    ['Remind me to water the plants on friday', { kind: 'add', title: 'water the plants', due_date: '2026-11-27' }],
    [
      'Create a task called call mom with high priority due tomorrow',
      { kind: 'add', title: 'call mom', priority: 'high', due_date: '2026-11-27' },
    ],
    ['new task: file taxes, low priority, due 2027-04-15', { kind: 'add', title: 'file taxes', priority: 'low', due_date: '2027-04-15' }],
    ['Add a task to delete old photos', { kind: 'add', title: 'delete old photos' }],
    ['Show me all my tasks', { kind: 'list', status: 'all' }],
    ['list my todos', { kind: 'list', status: 'all' }],
    ["What's pending?", { kind: 'list', status: 'pending' }],
    ['what is left to do', { kind: 'list', status: 'pending' }],
    ['What have I completed?', { kind: 'list', status: 'completed' }],
    ['show completed tasks', { kind: 'list', status: 'completed' }],
    ['Mark task 3 as complete', { kind: 'complete', target: { id: 3 } }],
    ['mark #12 done', { kind: 'complete', target: { id: 12 } }],
    ['complete task 4', { kind: 'complete', target: { id: 4 } }],
    ['I finished the groceries one', { kind: 'complete', target: { text: 'groceries' } }],
    ['the laundry is done', { kind: 'complete', target: { text: 'laundry' } }],
    ['Delete the meeting task', { kind: 'delete', target: { text: 'meeting' } }],
    ['Remove task 2', { kind: 'delete', target: { id: 2 } }],
    ['cancel the dentist appointment', { kind: 'delete', target: { text: 'dentist appointment' } }],
    ["Change task 1 to 'Call mom tonight'", { kind: 'update', target: { id: 1 }, changes: { title: 'Call mom tonight' } }],
    ['Rename the bills task to pay rent', { kind: 'update', target: { text: 'bills' }, changes: { title: 'pay rent' } }],
    ['change task 2 priority to high', { kind: 'update', target: { id: 2 }, changes: { priority: 'high' } }],
    ['set the milk task to low priority', { kind: 'update', target: { text: 'milk' }, changes: { priority: 'low' } }],
    ['move task 5 due date to next week', { kind: 'update', target: { id: 5 }, changes: { due_date: '2026-12-03' } }],
    ['help', { kind: 'help' }],
    ['what can you do?', { kind: 'help' }],
    ['the weather is nice', { kind: 'unknown' }],
    ['', { kind: 'help' }],
  ])('%j → %j', (message, intent) => {
    expect(parseIntent(message, today)).toEqual(intent)
  })
})

describe('parseDate', () => {
  it.each([
    ['today', '2026-11-26'],
    ['tomorrow', '2026-11-27'],
    ['in 3 days', '2026-11-29'],
    ['next week', '2026-12-03'],
    ['monday', '2026-11-30'],
    ['thursday', '2026-12-03'],
    ['2027-01-31', '2027-01-31'],
    ['someday', undefined],
  ])('%s → %s', (text, date) => {
    expect(parseDate(text, today)).toBe(date)
  })
})

describe('parseTarget', () => {
  it.each([
    ['task 3', { id: 3 }],
    ['#7', { id: 7 }],
    ['42', { id: 42 }],
    ['the groceries one', { text: 'groceries' }],
    ['"Buy Milk"', { text: 'buy milk' }],
  ])('%s → %j', (text, target) => {
    expect(parseTarget(text)).toEqual(target)
  })
})

// What the assistant says when a tool refuses, and how it says dates: words a person
// understands, the same the board uses, never a schema's or a developer's.
import { describe, expect, it } from 'vitest'
import { speakDate } from '../../src/dates.format.js'
import { addDays, isoDate } from '../../src/lib/dates.js'
import { setup } from '../helper.js'

const DEVELOPER_WORDS = /Invalid arguments|must NOT|JSON|OPENAI|arguments|title must|_/

async function say(message: string, user?: Awaited<ReturnType<typeof setup>>) {
  const u = user ?? (await setup('sqlite', { chatRateLimit: 0 }))
  const res = await u.inject({ method: 'POST', url: '/api/chat', payload: { message } })
  expect(res.statusCode).toBe(200)
  return { user: u, reply: res.json().response as string }
}

describe('the assistant’s words', () => {
  it('a title over the limit is refused with the limit and the length, not the schema’s words', async () => {
    const { user, reply } = await say(`add ${'very long title '.repeat(20).trim()}`)
    expect(reply).toMatch(/titles can be up to 200 characters; this one has 319/i)
    expect(reply).not.toMatch(DEVELOPER_WORDS)
    expect((await user.inject('/api/tasks')).json().items).toEqual([])
  })

  it('says a due date in the words the board shows it with (dates.format.ts)', async () => {
    const today = new Date()
    const { reply } = await say('add call the plumber in 3 days')
    expect(reply).toContain(`due ${speakDate(isoDate(addDays(today, 3)), today)}`)
  })

  it('says today, tomorrow and the days of the coming week by name, farther days by the date', () => {
    const monday = new Date(2030, 11, 2) // Mon 2 Dec 2030
    expect(speakDate('2030-12-02', monday)).toBe('today (Mon 2 Dec)')
    expect(speakDate('2030-12-03', monday)).toBe('tomorrow (Tue 3 Dec)')
    expect(speakDate('2030-12-01', monday)).toBe('yesterday (Sun 1 Dec)')
    expect(speakDate('2030-12-06', monday)).toBe('Friday (6 Dec)')
    expect(speakDate('2030-12-09', monday)).toBe('Mon 9 Dec')
    expect(speakDate('2031-01-02', monday)).toBe('Thu 2 Jan 2031')
  })
})

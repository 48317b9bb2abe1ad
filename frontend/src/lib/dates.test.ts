import { describe, expect, it } from 'vitest'
import { formatDue } from './dates'

/** YYYY-MM-DD of today plus `days`, in the browser's calendar. */
function day(days: number): { iso: string; date: Date } {
  const date = new Date()
  date.setDate(date.getDate() + days)
  const iso = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
  return { iso, date }
}
const short = (date: Date) => `${date.toLocaleDateString('en-GB', { weekday: 'short' })} ${date.getDate()} ${date.toLocaleDateString('en-GB', { month: 'short' })}`

describe('formatDue: the board says dates in the assistant’s words', () => {
  it('today, tomorrow and yesterday with the short date, as the chat says them', () => {
    expect(formatDue(day(0).iso)).toBe(`today (${short(day(0).date)})`)
    expect(formatDue(day(1).iso)).toBe(`tomorrow (${short(day(1).date)})`)
    expect(formatDue(day(-1).iso)).toBe(`yesterday (${short(day(-1).date)})`)
  })

  it('a day within the week by its name, farther days by the short date, whatever the browser’s language', () => {
    const { iso, date } = day(3)
    expect(formatDue(iso)).toBe(`${date.toLocaleDateString('en-GB', { weekday: 'long' })} (${date.getDate()} ${date.toLocaleDateString('en-GB', { month: 'short' })})`)
    const far = day(20)
    expect(formatDue(far.iso)).toMatch(far.date.getFullYear() === new Date().getFullYear() ? /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}$/ : /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}$/)
    expect(formatDue(far.iso)).toBe(short(far.date) + (far.date.getFullYear() === new Date().getFullYear() ? '' : ` ${far.date.getFullYear()}`))
  })
})

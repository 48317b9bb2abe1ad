// Dates in people's words, both ways: chrono-node reads "friday", "next week", "in 3 days",
// "dec 24", "12/24", "end of month" out of a message, and replies say a date the way the
// board shows it ("tomorrow (Wed 2 Dec)").
import * as chrono from 'chrono-node'
import { addDays, isoDate } from './dates.js'

/** Spellings people type for a day that chrono does not know, and their words. */
const TYPOS: [RegExp, string][] = [
  [/\b(?:tomorow|tommorow|tommorrow|tomorrw|tmr|tmrw|2moro|2morrow)\b/gi, 'tomorrow'],
  [/\b(?:tday|2day)\b/gi, 'today'],
  [/\b(?:eod|end of day|end of the day)\b/gi, 'today'],
  [/\b(?:eow|end of the week|end of week)\b/gi, 'friday'],
]

/** The message with day typos spelled out, so chrono reads them. */
export function spellDays(text: string): string {
  return TYPOS.reduce((t, [typo, word]) => t.replace(typo, word), text)
}

export interface FoundDate {
  /** YYYY-MM-DD */
  date: string
  /** Where the words naming it start and end in the text (with "due", "by", "on"… before them). */
  start: number
  end: number
}

/** Words that introduce a date and go with it when it is cut out of a title. */
const LEAD_IN = /(?:[\s,]*\b(?:is|it's|its|due|by|on|before|for|until|till|to|at|from|sometime|starting)\b)*[\s,]*$/i

/**
 * The last date named in a text, with the span of words that name it. Only a day counts
 * ("at 5" or "march" alone do not): a title like "march of the penguins" keeps its words.
 */
export function findDate(text: string, today: Date): FoundDate | undefined {
  const results = chrono.casual.parse(text, today, { forwardDate: true })
  const last = results.filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday')).at(-1)
  if (!last) return dayOfMonth(text, today)
  const before = LEAD_IN.exec(text.slice(0, last.index))
  const start = before ? last.index - before[0].length : last.index
  return { date: isoDate(last.start.date()), start, end: last.index + last.text.length }
}

/** "by the 10th", "on the 3rd" (which chrono leaves alone): the next such day of a month. */
function dayOfMonth(text: string, today: Date): FoundDate | undefined {
  const match = /(?:[\s,]*\b(?:due|by|on|before|for|until|till)\b)?[\s,]*\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[a-z]{3})/i.exec(text)
  if (!match) return undefined
  const day = Number(match[1])
  if (day < 1 || day > 31) return undefined
  let date = new Date(today.getFullYear(), today.getMonth(), day, 12)
  if (day < today.getDate()) date = new Date(today.getFullYear(), today.getMonth() + 1, day, 12)
  if (date.getDate() !== day) return undefined
  return { date: isoDate(date), start: match.index, end: match.index + match[0].length }
}

/** Cuts a found date's words out of a text. */
export function withoutDate(text: string, found: FoundDate): string {
  return `${text.slice(0, found.start)} ${text.slice(found.end)}`.replace(/\s+/g, ' ').trim()
}

const dayOf = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d)
}

/** Whole days from today to a date (negative in the past). */
export function daysFrom(today: Date, iso: string): number {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((dayOf(iso).getTime() - start.getTime()) / 86_400_000)
}

/** "Wed 2 Dec" (with the year when it is not this year's). */
export function shortDate(iso: string, today: Date): string {
  const d = dayOf(iso)
  const text = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '')
  return d.getFullYear() === today.getFullYear() ? text : `${text} ${d.getFullYear()}`
}

/** "today (Tue 1 Dec)", "tomorrow (Wed 2 Dec)", "Friday (4 Dec)", "Thu 24 Dec". */
export function speakDate(iso: string, today: Date): string {
  const days = daysFrom(today, iso)
  const short = shortDate(iso, today)
  if (days === 0) return `today (${short})`
  if (days === 1) return `tomorrow (${short})`
  if (days === -1) return `yesterday (${short})`
  if (days > 1 && days < 7) {
    const weekday = dayOf(iso).toLocaleDateString('en-GB', { weekday: 'long' })
    return `${weekday} (${short.replace(/^\S+ /, '')})`
  }
  return short
}

/** "due tomorrow (Wed 2 Dec)" or "overdue since Sat 28 Nov". */
export function speakDue(iso: string, today: Date, completed = false): string {
  return !completed && daysFrom(today, iso) < 0 ? `overdue since ${speakDate(iso, today)}` : `due ${speakDate(iso, today)}`
}

export { addDays, isoDate }

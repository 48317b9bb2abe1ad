// Dates in people's words, read relative to the user's own local date and time of day:
// chrono-node reads "friday", "next week", "in 3 days", "dec 24", "12/24", "end of month";
// the phrases it reads differently from how people mean them ("this weekend" asked on a
// Saturday, "end of the week", day-name typos) are a table here. chrono only ever sees a
// short window of text (DATE_WINDOW characters), so its cost does not grow with the input.
import * as chrono from 'chrono-node'
import { addDays, isoDate } from '../lib/dates.js'
import type { Token } from './english.js'

/** How much text before the end chrono reads when looking for a date (a date phrase is short). */
export const DATE_WINDOW = 60

export interface FoundDate {
  /** YYYY-MM-DD */
  date: string
  /** Where the date phrase starts and ends in the text (with a lead-in word such as "by"). */
  start: number
  end: number
  /** The phrase also names a time of day ("at 3pm"), which a task cannot hold. */
  time: boolean
}

type Rule = (now: Date) => Date
const saturdayOrToday: Rule = (now) => (now.getDay() === 6 || now.getDay() === 0 ? now : addDays(now, 6 - now.getDay()))
const friday: Rule = (now) => addDays(now, (5 - now.getDay() + 7) % 7)
const today: Rule = (now) => now
const tomorrow: Rule = (now) => addDays(now, 1)

/** Phrases read by this table, not by chrono: the words (lower case) and the day they mean. */
const PHRASES: [string[], Rule][] = [
  [['this', 'weekend'], saturdayOrToday],
  [['the', 'weekend'], saturdayOrToday],
  [['weekend'], saturdayOrToday],
  [['end', 'of', 'the', 'week'], friday],
  [['end', 'of', 'week'], friday],
  [['eow'], friday],
  [['end', 'of', 'the', 'day'], today],
  [['end', 'of', 'day'], today],
  [['eod'], today],
  [['tonight'], today],
  [['tmrw'], tomorrow],
  [['tmr'], tomorrow],
  [['tomorow'], tomorrow],
  [['tommorow'], tomorrow],
  [['tommorrow'], tomorrow],
  [['tomorrw'], tomorrow],
  [['2moro'], tomorrow],
  [['2morrow'], tomorrow],
  [['tday'], today],
]

/** Words that introduce a date and go with it when it is read out of a title. */
export const LEAD_INS = new Set(['due', 'by', 'on', 'before', 'until', 'till', 'til', 'for'])

/** A date phrase from the table that ends exactly at token `last`. */
function phraseEndingAt(tokens: Token[], last: number, now: Date): { first: number; date: Date } | undefined {
  for (const [words, rule] of PHRASES) {
    const first = last - words.length + 1
    if (first < 0) continue
    if (words.every((w, i) => tokens[first + i]!.lower === w)) return { first, date: rule(now) }
  }
  return undefined
}

/** The date phrase ending at the end of `tokens` (trailing punctuation aside), if there is one. */
export function trailingDate(text: string, tokens: Token[], now: Date): FoundDate | undefined {
  let last = tokens.length - 1
  while (last >= 0 && tokens[last]!.kind === 'punct' && '.!?'.includes(tokens[last]!.lower)) last--
  if (last < 0) return undefined
  const end = tokens[last]!.end
  const table = phraseEndingAt(tokens, last, now)
  if (table) return withLeadIn(tokens, table.first, { date: isoDate(table.date), start: tokens[table.first]!.start, end, time: false })
  // "the 10th" (which chrono leaves alone): the next such day of a month.
  const ordinal = tokens[last]!.lower
  if (tokens[last - 1]?.lower === 'the' && /^\d{1,2}(?:st|nd|rd|th)$/.test(ordinal)) {
    const date = nextDayOfMonth(Number.parseInt(ordinal, 10), now)
    if (date) return withLeadIn(tokens, last - 1, { date, start: tokens[last - 1]!.start, end, time: false })
  }
  let from = Math.max(0, end - DATE_WINDOW)
  for (let attempt = 0; attempt < 2; attempt++) {
    const found = chrono.casual.parse(text.slice(from, end), now, { forwardDate: true }).at(-1)
    if (!found || from + found.index + found.text.length !== end) return undefined
    if (!found.start.isCertain('day') && !found.start.isCertain('weekday')) return undefined
    const start = from + found.index
    const first = tokens.findIndex((t) => t.start >= start)
    // chrono may start inside a word ("...8th"): only whole words count.
    if (first < 0 || tokens[first]!.start !== start) return undefined
    // "chapter 10 in 2 weeks": chrono takes the 10 for a time of day; the 10 is the title's.
    if (tokens[first]!.kind === 'number' && found.start.isCertain('hour') && first < last) {
      from = tokens[first + 1]!.start
      continue
    }
    return withLeadIn(tokens, first, { date: dayOf(found, now), start, end, time: found.start.isCertain('hour') })
  }
  return undefined
}

/**
 * The day a chrono result names. A weekday means the next such day ("tuesday" said on a
 * Tuesday is next week's; chrono reads today); a month alone ("next month") its first day.
 */
function dayOf(found: chrono.ParsedResult, now: Date): string {
  const date = found.start.date()
  if (found.start.isCertain('day')) return isoDate(date)
  if (found.start.isCertain('weekday')) return isoDate(isoDate(date) === isoDate(now) ? addDays(date, 7) : date)
  date.setDate(1)
  return isoDate(date)
}

function nextDayOfMonth(day: number, now: Date): string | undefined {
  if (day < 1 || day > 31) return undefined
  let date = new Date(now.getFullYear(), now.getMonth(), day, 12)
  if (day < now.getDate()) date = new Date(now.getFullYear(), now.getMonth() + 1, day, 12)
  return date.getDate() === day ? isoDate(date) : undefined
}

function withLeadIn(tokens: Token[], first: number, found: FoundDate): FoundDate {
  // "by the end of the month": chrono reads "end of the month"; "by the" goes with it.
  const at = tokens[first - 1]?.lower === 'the' && LEAD_INS.has(tokens[first - 2]?.lower ?? '') ? first - 1 : first
  const before = tokens[at - 1]
  return before && LEAD_INS.has(before.lower) ? { ...found, start: before.start } : found
}

/** The last day a text names anywhere in it (for "push the report to friday"), if any. */
export function anyDate(text: string, now: Date): string | undefined {
  const window = text.length > DATE_WINDOW * 2 ? text.slice(-DATE_WINDOW * 2) : text
  const lower = window.toLowerCase()
  for (const [words, rule] of PHRASES) if (` ${lower} `.includes(` ${words.join(' ')} `)) return isoDate(rule(now))
  const found = chrono.casual
    .parse(window, now, { forwardDate: true })
    // "next month" names a month, not a day: its first day.
    .filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('month'))
    .at(-1)
  if (found) return dayOf(found, now)
  return dayOfMonth(lower, now)
}

/** "the 10th" anywhere in a text. */
function dayOfMonth(text: string, now: Date): string | undefined {
  const words = text.split(' ')
  const at = words.findIndex((w, i) => words[i - 1] === 'the' && /^\d{1,2}(?:st|nd|rd|th)$/.test(w))
  return at < 0 ? undefined : nextDayOfMonth(Number.parseInt(words[at]!, 10), now)
}

/**
 * The user's wall-clock time now, as a Date whose local fields (getFullYear, getDate,
 * getHours…) read that time: every date rule here works on local fields, so this is how a
 * browser's time zone reaches them. An unknown zone falls back to the server's.
 */
export function nowIn(timeZone: string | undefined, at: Date = new Date()): Date {
  const format = timeZone ? formatter(timeZone) : undefined
  if (!format) return at
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)])) as Record<string, number>
  return new Date(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
}

/** One formatter per known zone, made on first use (there are a few hundred zones at most). */
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat | undefined {
  let format = formatters.get(timeZone)
  if (format) return format
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch {
    return undefined
  }
  formatters.set(timeZone, format)
  return format
}

// A new task as a person types it: the text is the title, except "markers" that are read
// into a field — a date phrase at the end ("… friday", "… by dec 24") and priority markers
// ("!high" anywhere, "high priority" or "(urgent)" at the end, "urgent:" at the start).
// Nothing inside quotes, no word in the middle of the title and no time of day is ever taken
// out; every marker is listed, so the board's preview can show it before saving and the
// user can switch it off (its words then stay in the title). The built-in assistant's "add"
// reads a task with the same function.
import type { Priority, QuickAdd, QuickAddMarker } from '../contract.js'
import { isQuote, tokenize, type Token } from './english.js'
import { trailingDate } from './dates.js'

/** Words that name a priority, and the priority they name. */
export const PRIORITY_WORDS: Record<string, Priority> = {
  high: 'high', urgent: 'high', important: 'high', critical: 'high', asap: 'high', hi: 'high', top: 'high', highest: 'high',
  medium: 'medium', normal: 'medium', med: 'medium', mid: 'medium',
  low: 'low', lo: 'low', lowest: 'low', minor: 'low',
}
const STANDALONE = new Set(['urgent', 'important', 'critical', 'asap'])

interface Span {
  kind: 'due' | 'priority'
  first: number
  /** Token index after the marker. */
  stop: number
  value: string
  /** The words stay in the title (a date said with a time of day). */
  kept?: boolean
}

/** Token indexes that lie between quote marks. */
function quotedTokens(tokens: Token[]): Set<number> {
  const inside = new Set<number>()
  let open = -1
  tokens.forEach((t, i) => {
    if (!isQuote(t)) return
    if (open < 0) open = i
    else {
      for (let j = open; j <= i; j++) inside.add(j)
      open = -1
    }
  })
  return inside
}

/** "!high" (a "!" touching a priority word), anywhere. */
function bangMarkers(tokens: Token[], quoted: Set<number>): Span[] {
  const spans: Span[] = []
  tokens.forEach((t, i) => {
    const next = tokens[i + 1]
    if (t.lower !== '!' || !next || quoted.has(i) || next.start !== t.end) return
    const priority = PRIORITY_WORDS[next.lower]
    if (priority) spans.push({ kind: 'priority', first: i, stop: i + 2, value: priority })
  })
  return spans
}

/** A priority phrase ending at token `last`: "high priority", "(urgent)", ", it's important". */
function trailingPriority(tokens: Token[], last: number): Span | undefined {
  const t = (i: number) => tokens[i]?.lower
  if ((t(last) === 'priority' || t(last) === 'prio') && PRIORITY_WORDS[t(last - 1) ?? '']) {
    let first = last - 1
    if (t(first - 1) === 'a' || t(first - 1) === 'with') first--
    if (t(first) === 'a' && t(first - 1) === 'with') first--
    return { kind: 'priority', first, stop: last + 1, value: PRIORITY_WORDS[t(last - 1)!]! }
  }
  // "priority: low", "prio low"
  if (PRIORITY_WORDS[t(last) ?? ''] && (t(last - 1) === 'priority' || t(last - 1) === 'prio' || (t(last - 1) === ':' && (t(last - 2) === 'priority' || t(last - 2) === 'prio')))) {
    return { kind: 'priority', first: t(last - 1) === ':' ? last - 2 : last - 1, stop: last + 1, value: PRIORITY_WORDS[t(last)!]! }
  }
  if (t(last) === ')' && t(last - 2) === '(' && STANDALONE.has(t(last - 1) ?? '')) {
    return { kind: 'priority', first: last - 2, stop: last + 1, value: 'high' }
  }
  if (STANDALONE.has(t(last) ?? '') && t(last - 1) === 'is' && t(last - 2) === 'it' && t(last - 3) === ',') {
    return { kind: 'priority', first: last - 3, stop: last + 1, value: 'high' }
  }
  if (STANDALONE.has(t(last) ?? '') && (t(last - 1) === "it's" || t(last - 1) === 'its') && t(last - 2) === ',') {
    return { kind: 'priority', first: last - 2, stop: last + 1, value: 'high' }
  }
  return undefined
}

/** The markers of a typed line, in the order they appear. */
function findMarkers(text: string, tokens: Token[], now: Date): Span[] {
  const quoted = quotedTokens(tokens)
  const spans = bangMarkers(tokens, quoted)
  const taken = new Set(spans.flatMap((s) => range(s.first, s.stop)))
  // "urgent: fix the tap", "(urgent) fix the tap"
  if (tokens.length > 2 && STANDALONE.has(tokens[0]!.lower) && tokens[1]!.lower === ':') {
    spans.push({ kind: 'priority', first: 0, stop: 2, value: 'high' })
  } else if (tokens.length > 3 && tokens[0]!.lower === '(' && STANDALONE.has(tokens[1]!.lower) && tokens[2]!.lower === ')') {
    spans.push({ kind: 'priority', first: 0, stop: 3, value: 'high' })
  }
  // From the end: markers may follow one another ("pay rent friday !high", "… by friday, high priority").
  let last = tokens.length - 1
  for (let round = 0; round < 4 && last > 0; round++) {
    while (last > 0 && (taken.has(last) || (tokens[last]!.kind === 'punct' && '.,;'.includes(tokens[last]!.lower)))) last--
    if (quoted.has(last)) break
    const priority = trailingPriority(tokens, last)
    if (priority && priority.first > 0 && !spans.some((s) => s.kind === 'priority' && !s.kept && s.first === priority.first)) {
      spans.push(priority)
      range(priority.first, priority.stop).forEach((i) => taken.add(i))
      last = priority.first - 1
      continue
    }
    if (spans.some((s) => s.kind === 'due')) break
    const head = tokens.slice(0, last + 1)
    const date = trailingDate(text.slice(0, tokens[last]!.end), head, now)
    if (!date) break
    const first = head.findIndex((tk) => tk.start >= date.start)
    if (first <= 0 || head.slice(first).some((_, i) => quoted.has(first + i))) break
    // "ask about Sunday", "the rest of friday": the date belongs to the words before it.
    if (['about', 'of', 'after', 'since', 'from', 'than', 'with', "'s", 'every'].includes(tokens[first - 1]!.lower)) break
    spans.push({ kind: 'due', first, stop: last + 1, value: date.date, ...(date.time && { kept: true }) })
    range(first, last + 1).forEach((i) => taken.add(i))
    last = first - 1
  }
  return spans.sort((a, b) => a.first - b.first)
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

/**
 * Reads a typed line. `off` lists markers (by index) the user switched off. The title is the
 * text with the markers that are on cut out (spaces around a cut joined, a comma or dash
 * left dangling at a cut's edge dropped); if nothing would be left, the text stays whole.
 */
export function readTask(text: string, now: Date, off: ReadonlySet<number> = new Set()): QuickAdd {
  const tokens = tokenize(text)
  const spans = findMarkers(text, tokens, now)
  const markers: QuickAddMarker[] = spans.map((s, i) => ({
    kind: s.kind,
    start: tokens[s.first]!.start,
    end: tokens[s.stop - 1]!.end,
    text: text.slice(tokens[s.first]!.start, tokens[s.stop - 1]!.end),
    value: s.value,
    on: !off.has(i),
    ...(s.kept && { kept: true }),
  }))
  let title = ''
  let at = 0
  for (const m of markers) {
    if (!m.on || m.kept) continue
    title += `${text.slice(at, m.start)} `
    at = m.end
  }
  title = joinSpaces(title + text.slice(at))
  const result: QuickAdd = { title: title || joinSpaces(text), markers }
  if (!title) {
    result.markers = markers.map((m) => ({ ...m, on: false }))
    return result
  }
  for (const m of markers) {
    if (!m.on) continue
    if (m.kind === 'due') result.due_date = m.value
    else result.priority = m.value as Priority
  }
  return result
}

/** Collapses runs of spaces and trims a cut's dangling separators (", -:") at either end. */
function joinSpaces(text: string): string {
  const words = text.split(/\s+/).filter(Boolean)
  while (words.length && [',', '-', ':', ';', '–'].includes(words.at(-1)!)) words.pop()
  while (words.length && [',', '-', ':', ';', '–'].includes(words[0]!)) words.shift()
  if (words.length) words[words.length - 1] = words.at(-1)!.replace(/[,:;]+$/, '')
  return words.join(' ')
}

// Message → requests: the words (clause.ts) are cut into clauses, each clause is matched
// against the intent table (intents.ts) and its slots are read: a task reference, a new
// task (quick-add.ts), list filters, a date, a priority. Pure and deterministic; `now` is
// the user's local date and time. Every step is linear in the message, which is capped.
import type { Priority } from '../contract.js'
import { clauses, correctCommand, isVerb, joined, textOf, trim, wordsOf, type Word } from './clause.js'
import { anyDate, LEAD_INS, trailingDate } from './dates.js'
import { isKnownWord, isPastTense, tokenize } from './english.js'
import { isListy, LIST_WORDS, readFilters } from './filters.js'
import { matchFrame } from './frames.js'
import { COMMAND_VOCABULARY, COMMAND_WORDS, FRAME_WORDS, INTENTS, ORDINALS, WHOLE, type IntentName } from './intents.js'
import { readNewTasks, unquote } from './new-tasks.js'
import { PRIORITY_WORDS } from './quick-add.js'
import type { Request, Target } from './requests.js'
import { readTarget } from './target.js'

export type * from './requests.js'
export { readFilters } from './filters.js'
export { readNewTasks } from './new-tasks.js'
export { readTarget } from './target.js'

/** The most words a whole-message answer ("thank you so much", "undo what you just did") has. */
const WHOLE_MAX_WORDS = 8

/** The most clauses one message is read as; the rest are answered as not read. */
export const MAX_CLAUSES = 10

/** Said in the past tense, by compromise's lexicon: "called", "bought", "built". */
const past = (w: Word) => w.lower !== w.lemma && isPastTense(w.lower)
const NOT_DONE_VERBS = new Set(['need', 'want', 'have', 'had', 'was', 'am', 'should', 'must', 'could', 'would', 'will', 'think', 'guess', 'forget', 'add', 'ask', 'say', 'mean', 'tell', 'use', 'try', 'decide', 'plan', 'start', 'like', 'love', 'hate', 'wonder', 'delete', 'remove', 'create', 'mark', 'complete', 'finish', 'reopen', 'move', 'change', 'rename', 'schedule', 'push', 'set', 'be'])

/** "I called the plumber", "just paid the rent": a task done, said in the past tense. */
function pastStatement(message: string, words: Word[]): Target | undefined {
  let at = 0
  if (words[at]?.lower === 'i') at++
  if (words[at]?.lower === 'have') at++
  while (['just', 'finally', 'already', 'also'].includes(words[at]?.lower ?? '')) at++
  const verb = words[at]
  if (!verb || verb.kind !== 'word' || !past(verb) || NOT_DONE_VERBS.has(verb.lemma) || words.length - at < 2) return undefined
  return { numbers: [], words: `${verb.lemma} ${textOf(message, words.slice(at + 1))}` }
}

/** The words an add starts with: inside an add, "and" lists tasks rather than starting a request. */
const ADD_WORDS: ReadonlySet<string> = new Set(INTENTS.filter((e) => e.name === 'add').flatMap((e) => e.frames.flatMap((f) => f.prefix[0]?.alternatives.map((a) => a[0]!) ?? [])).filter((w) => !['i', 'please', 'do', 'put', 'new', 'make'].includes(w)))

/** A date phrase at the start of a clause (up to four words, then an optional comma). */
function leadingDate(message: string, words: Word[], now: Date): { used: number; date: string } | undefined {
  for (let n = Math.min(4, words.length - 2); n >= 1; n--) {
    const head = words.slice(0, n)
    if (head.some((w) => w.kind === 'punct')) continue
    const text = textOf(message, head)
    if (!onlyDate(head, now)) continue
    const date = trailingDate(text, tokenize(text), now)
    if (!date) continue
    const used = words[n]?.lower === ',' ? n + 1 : n
    return { used, date: date.date }
  }
  return undefined
}

type Matched = { name: IntentName; slots: Record<string, Word[]>; value?: Priority; search?: boolean }

function matchIntent(words: Word[], now: Date): Matched | undefined {
  for (const entry of INTENTS) {
    for (const frame of entry.frames) {
      const slots = matchFrame(frame, words)
      if (!slots) continue
      if (!slotsFit(entry.name, slots, frame.source, words, now)) continue
      return { name: entry.name, slots, ...(entry.value && { value: entry.value }), ...(frame.source.startsWith('search/') && { search: true }) }
    }
  }
  return undefined
}

/** "add send the forms, it's important" is an add with a priority, not an update of a task called "add …". */
const startsAnAdd = (slot: Word[] | undefined) =>
  !!slot?.[0] && (ADD_WORDS.has(slot[0].lower) || (['a', 'an', 'new'].includes(slot[0].lower) && ['reminder', 'task', 'todo', 'new', 'note'].includes(slot[1]?.lower ?? '')))

/** Is a run of words a date phrase and nothing else ("next friday", "on the 10th", "next month")? */
function onlyDate(words: Word[], now: Date): boolean {
  const text = joined(words)
  const tokens = tokenize(text)
  // An ordinal word alone ("the second", "the last") is a position in a list, not a date.
  const ordinal = tokens.at(-1)?.lower ?? ''
  if (ORDINALS[ordinal] !== undefined && !/\d/.test(ordinal) && tokens.length <= 2) return false
  const found = trailingDate(text, tokens, now)
  if (found) {
    let first = 0
    while (first < tokens.length - 1 && (LEAD_INS.has(tokens[first]!.lower) || tokens[first]!.lower === 'the')) first++
    return found.start <= tokens[first]!.start
  }
  return ['next month', 'this month', 'end of the month', 'the end of the month', 'end of month', 'next week', 'the end of the week'].includes(text.replace(/^(?:to|till|until|for|on|by) /, ''))
}

/** Checks a frame's slots read as what they stand for (a list question names tasks, a priority is a priority). */
function slotsFit(name: IntentName, slots: Record<string, Word[]>, source: string, words: Word[], now: Date): boolean {
  const text = (key: string) => joined(slots[key] ?? [])
  switch (name) {
    case 'clear_completed':
      return ['completed', 'finished', 'done', 'checked', 'ticked', 'crossed', 'complete', 'old done'].includes(text('which'))
    case 'list':
      if (source.startsWith('my?') && COMMAND_VOCABULARY.includes(words[0]?.lemma ?? '')) return false
      if (source.startsWith('search/')) return (slots.filters ?? []).length <= 8
      if (source.startsWith('my?')) return (slots.filters ?? []).every((w) => LIST_WORDS.has(w.lower) || ['please', 'my', 'all', 'the', 'this', 'next', 'that', 'are', 'is', ',', 'to', 'with'].includes(w.lower)) && isListy(slots.filters!)
      return isListy(slots.filters ?? [])
    case 'count':
      return true
    case 'priority':
      if (startsAnAdd(slots.task)) return false
      return !slots.priority || (slots.priority.length === 1 && !!PRIORITY_WORDS[slots.priority[0]!.lower])
    case 'reschedule':
      if (startsAnAdd(slots.task)) return false
      return !!slots.date && slots.date.length <= 8 && onlyDate(slots.date, now) && (slots.task ?? []).length > 0
    case 'add':
      return !(words[0]?.lower === 'put' && ['off', 'back'].includes(words[1]?.lower ?? ''))
    default:
      return true
  }
}

/** Reads one clause. `previous` is the clause before it ("… and so is Y" repeats its action). */
function readClause(message: string, raw: Word[], now: Date, previous: Request | undefined, nested = false): Request {
  // "so is the garage", "and the garage too": the previous action on another task.
  if (previous && 'target' in previous && previous.kind !== 'choose') {
    const plain = raw[0]?.lower === 'and' ? raw.slice(1) : raw
    const also =
      plain[0]?.lower === 'so' && ['is', 'are', 'was'].includes(plain[1]?.lower ?? '') ? trim(plain.slice(2))
      : ['too', 'also', 'as well'].includes(plain.at(-1)?.lower ?? '') ? trim(plain.slice(0, -1))
      : undefined
    if (also?.length) return { ...previous, target: readTarget(message, also) } as Request
  }
  let words = trim(raw)
  if (words.length === 0) return { kind: 'unknown' }
  const asked = raw.at(-1)?.lower === '?'
  // Whole-message answers are short: a long message is not joined into a string to look them up.
  if (words.length <= WHOLE_MAX_WORDS) {
    const whole = joined(words)
    for (const kind of ['help', 'thanks', 'undo', 'yes', 'no'] as const) if (WHOLE[kind].has(whole)) return { kind }
  }
  // A message that only picks: "#4", "the second one", "number 4".
  const pick = readTarget(message, words)
  if ((pick.ordinal !== undefined && words.length <= 4) || (pick.numbers.length === 1 && !pick.words && words.length <= 3)) {
    return { kind: 'choose', target: pick }
  }
  words = correctCommand(words, COMMAND_VOCABULARY, (w) => FRAME_WORDS.has(w) || isKnownWord(w) || WHOLE.help.has(w))
  // "urgent: fix the tap", "!high call the bank": a priority marker first is a new task.
  if ((PRIORITY_WORDS[words[0]!.lower] === 'high' && [':', '-'].includes(words[1]?.lower ?? '')) || (words[0]!.lower === '!' && PRIORITY_WORDS[words[1]?.lower ?? ''])) {
    const tasks = readNewTasks(message, words, now)
    if (tasks.length) return { kind: 'add', tasks }
  }
  if (words.length <= 5 && ['everything', 'all', 'all my tasks', 'all tasks', 'every task', 'my list', 'all of them', 'the whole list'].includes(joined(words.slice(1)))) {
    if (['delete', 'remove', 'clear', 'complete', 'finish', 'erase', 'trash', 'wipe'].includes(words[0]!.lemma)) return { kind: 'refuse' }
  }
  // "this week, what's due": a filter said first, then the question.
  const comma = nested ? -1 : words.findIndex((w, i) => w.lower === ',' && i > 0 && i <= 4)
  if (comma > 0 && words.slice(0, comma).every((w) => LIST_WORDS.has(w.lower) || ['this', 'next', 'the', 'for', 'on', 'by'].includes(w.lower))) {
    const rest = readClause(message, words.slice(comma + 1), now, undefined, true)
    if (rest.kind === 'list' || rest.kind === 'count') return { ...readFilters(words), kind: rest.kind }
  }
  // "tomorrow I need to …", "on friday remind me to …": a date said first goes with the request.
  const lead = nested ? undefined : leadingDate(message, words, now)
  if (lead) {
    const rest = readClause(message, words.slice(lead.used), now, undefined, true)
    if (rest.kind === 'add') return { kind: 'add', tasks: rest.tasks.map((t) => ({ ...t, due_date: t.due_date ?? lead.date })) }
    if (rest.kind === 'list' || rest.kind === 'count') return { ...rest, ...readFilters(words), kind: rest.kind }
    if (rest.kind !== 'unknown') return rest
  }
  const matched = matchIntent(words, now)
  if (matched) return fromMatch(message, matched, now)
  const done = pastStatement(message, words)
  if (done) return { kind: 'complete', target: done }
  if (asked || ['what', 'which', 'how', 'do', 'does', 'is', 'are', 'any', 'anything', 'where', 'when'].includes(words[0]!.lower)) {
    return isListy(words) ? { kind: 'list', ...readFilters(words) } : { kind: 'unknown' }
  }
  // A bare phrase that reads like a task ("buy milk tomorrow"): asked about, never added at once.
  if (words.length >= 2 && words.length <= 14 && isVerb(words[0]!.lower) && !['i', 'you', 'we', 'it', 'be', 'is', 'are', 'do', 'does', 'why', 'how', 'when', 'where', 'who', 'tell', 'give', 'show'].includes(words[0]!.lower)) {
    const [task] = readNewTasks(message, words, now)
    if (task) return { kind: 'maybe_add', task }
  }
  return { kind: 'unknown' }
}

function fromMatch(message: string, m: Matched, now: Date): Request {
  const slot = (k: string) => m.slots[k] ?? []
  switch (m.name) {
    case 'clear_completed':
      return { kind: 'clear_completed' }
    case 'count':
    case 'list': {
      const filters = readFilters(slot('filters'))
      // "search for passport": the words are the query.
      if (m.search && !filters.query) {
        const query = slot('filters').filter((w) => w.kind === 'word' && !['the', 'a', 'my', 'task', 'tasks', 'anything', 'for', 'about'].includes(w.lower))
        if (query.length) filters.query = query.map((w) => w.lower).join(' ')
      }
      return { kind: m.name, ...filters }
    }
    case 'add': {
      const tasks = readNewTasks(message, slot('title'), now)
      return tasks.length === 0 ? { kind: 'unknown' } : { kind: 'add', tasks }
    }
    case 'complete':
    case 'reopen':
    case 'delete':
    case 'restore':
      return { kind: m.name, target: readTarget(message, slot('task')) }
    case 'clear_due':
      return { kind: 'update', target: readTarget(message, slot('task')), changes: { due_date: null } }
    case 'describe':
      return { kind: 'update', target: readTarget(message, slot('task')), changes: { description: unquote(textOf(message, slot('value'))) } }
    case 'rename': {
      const value = unquote(textOf(message, slot('value')))
      // "change the dentist to friday": a new date, not a new name.
      if (onlyDate(slot('value'), now)) {
        return { kind: 'update', target: readTarget(message, slot('task')), changes: { due_date: anyDate(value, now)! } }
      }
      return { kind: 'update', target: readTarget(message, slot('task')), changes: { title: value } }
    }
    case 'priority': {
      const priority = m.value ?? PRIORITY_WORDS[slot('priority')[0]!.lower]!
      return { kind: 'update', target: readTarget(message, slot('task')), changes: { priority } }
    }
    case 'reschedule': {
      const date = anyDate(textOf(message, slot('date')), now)
      return { kind: 'update', target: readTarget(message, slot('task')), changes: { due_date: date! } }
    }
  }
}

/** Reads a whole message: one request per clause, in order (at most MAX_CLAUSES). */
export function understand(message: string, now: Date): Request[] {
  const words = wordsOf(message)
  if (words.length === 0) return [{ kind: 'help' }]
  const parts = clauses(words, COMMAND_WORDS, ADD_WORDS)
  const requests: Request[] = []
  for (const part of parts.slice(0, MAX_CLAUSES)) requests.push(readClause(message, part, now, requests.at(-1)))
  // Nothing is dropped silently: past the limit, the reply says what was not read.
  if (parts.length > MAX_CLAUSES) requests.push({ kind: 'not_read', count: parts.length - MAX_CLAUSES })
  return requests
}

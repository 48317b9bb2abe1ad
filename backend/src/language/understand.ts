// Message → requests: the words (clause.ts) are cut into clauses, each clause is matched
// against the intent table (intents.ts) and its slots are read: a task reference, a new
// task (quick-add.ts), list filters, a date, a priority. Pure and deterministic; `now` is
// the user's local date and time. Every step is linear in the message, which is capped.
import type { Priority } from '../tasks/tasks.schema.js'
import { clauses, correctCommand, isVerb, textOf, trim, wordsOf, type Word } from './clause.js'
import { anyDate, LEAD_INS, trailingDate } from './dates.js'
import { isKnownWord, isQuote, tokenize } from './english.js'
import { matchFrame } from './frames.js'
import { COMMAND_VOCABULARY, COMMAND_WORDS, FRAME_WORDS, INTENTS, ORDINALS, WHOLE, type IntentName } from './intents.js'
import { PRIORITY_WORDS, readTask } from './quick-add.js'

/** The most clauses one message is read as; the rest are reported as not read. */
export const MAX_CLAUSES = 10
/** The most new tasks one message adds: a longer "list" is read as one title (and refused if too long). */
export const MAX_ITEMS = 20

/** How a message names a task. */
export interface Target {
  /** Numbers said as numbers: "task 4", "#4", "2 and 3". */
  numbers: number[]
  /** The words said about it, as typed (without "task 4"). */
  words: string
  /** "the second one": a position in the list shown last (-1: the last). */
  ordinal?: number
  /** "it", "that": the task just talked about. */
  ref?: true
}

export interface Changes {
  title?: string
  priority?: Priority
  due_date?: string | null
  description?: string
}

export type DueWindow = 'overdue' | 'today' | 'tomorrow' | 'this_week' | 'next_week' | 'this_weekend' | 'this_month' | 'no_date'
export interface ListFilters {
  status: 'all' | 'pending' | 'completed'
  due?: DueWindow
  priority?: Priority
  query?: string
  finished?: 'today' | 'yesterday' | 'this_week'
}

export interface NewTask {
  title: string
  priority?: Priority
  due_date?: string
}

export type ActionKind = 'complete' | 'reopen' | 'delete' | 'restore' | 'update'

export type Request =
  | { kind: 'help' | 'thanks' | 'unknown' | 'undo' | 'clear_completed' | 'refuse' }
  | { kind: 'yes' | 'no' }
  | { kind: 'choose'; target: Target }
  | { kind: 'add'; tasks: NewTask[] }
  /** A bare task-like phrase: asked about before adding. */
  | { kind: 'maybe_add'; task: NewTask }
  | ({ kind: 'list' | 'count' } & ListFilters)
  | { kind: 'complete' | 'reopen' | 'delete' | 'restore'; target: Target }
  | { kind: 'update'; target: Target; changes: Changes }

const NOISE_TARGET = new Set(['me', 'trash', 'bin', 'deleted', 'out', 'back', 'the', 'my', 'a', 'an', 'that', 'this', 'task', 'tasks', 'todo', 'to-do', 'item', 'one', 'thing', 'reminder', 'entry', 'number', 'no', 'num', '#', 'about', 'called', 'named', 'titled', 'for', 'on', 'list', 'from', 'off', 'of', 'and', ',', '&', 'which', 'says', 'saying'])
const NUMBER_CUES = new Set(['task', 'tasks', 'todo', 'item', 'items', 'number', 'no', 'num', '#', 'todos'])
const REFS = new Set(['it', 'that', 'this', 'that one', 'this one', 'that task', 'this task', 'the same one', 'same one', 'them', 'the one', 'this thing', 'that thing'])

const joined = (words: Word[]) => words.map((w) => w.lower).join(' ')
/** Words said around a task's name that are not part of it: "the", "task", "for me", "from the bin". */

/** Reads a task reference out of a slot. */
export function readTarget(message: string, words: Word[]): Target {
  const text = joined(words.filter((w) => !isQuote(w)))
  if (REFS.has(text) || REFS.has(text.replace(/^the /, ''))) return { numbers: [], words: '', ref: true }
  const content = words.filter((w) => !['the', 'one', 'task', 'item', 'on', 'in', 'from', 'that', 'my', 'list'].includes(w.lower))
  if (content.length === 1 && ORDINALS[content[0]!.lower] !== undefined && words.length <= 6) {
    return { numbers: [], words: '', ordinal: ORDINALS[content[0]!.lower] }
  }
  // A number is a task's number when "task"/"#"/"number" comes before it, or when the slot
  // is only numbers ("2 and 3"); otherwise it is a word of the title ("read chapter 3").
  const onlyNumbers = words.every((w) => w.kind === 'number' || NOISE_TARGET.has(w.lower))
  const numbers: number[] = []
  const rest: Word[] = []
  words.forEach((w, i) => {
    const before = words[i - 1]
    const cued = before && (NUMBER_CUES.has(before.lower) || (before.lower === 'and' && numbers.length > 0) || (before.lower === ',' && numbers.length > 0))
    if (w.kind === 'number' && w.lower.length <= 9 && (onlyNumbers || cued)) numbers.push(Number(w.lower))
    else rest.push(w)
  })
  const meaningful = rest.filter((w) => !NOISE_TARGET.has(w.lower) && w.kind !== 'punct')
  return { numbers, words: meaningful.length ? textOf(message, trimWrap(rest)) : '' }
}

/** "the groceries one", "the task about rent" → the words that name it. */
function trimWrap(words: Word[]): Word[] {
  let from = 0
  let to = words.length
  const lead = new Set(['for', 'me', 'the', 'my', 'that', 'this', 'a', 'an', 'task', 'todo', 'to-do', 'item', 'one', 'reminder', 'entry', 'about', 'for', 'called', 'named', 'titled', 'saying', 'to', 'number', '#'])
  const tail = new Set(['one', 'task', 'todo', 'to-do', 'item', 'thing', 'reminder', 'entry', 'off', 'list', 'my', 'the', 'from', 'on', 'anymore', ',', 'trash', 'bin', 'out', 'of', 'back'])
  while (from < to && (lead.has(words[from]!.lower) || words[from]!.kind === 'punct')) from++
  while (to > from && (tail.has(words[to - 1]!.lower) || words[to - 1]!.kind === 'punct')) to--
  return words.slice(from, to)
}

// List filters, as word sets.
const OVERDUE = new Set(['overdue', 'late', 'behind', 'missed'])
const COMPLETED = new Set(['completed', 'finished', 'done', 'did', 'accomplished', 'complete', 'finish', 'achieved', 'ticked', 'checked', 'crossed'])
const PENDING = new Set(['pending', 'left', 'remaining', 'outstanding', 'open', 'incomplete', 'unfinished', 'todo', 'next', 'plate', 'still', 'upcoming', 'agenda', 'coming'])
const LIST_WORDS = new Set([
  ...OVERDUE, ...COMPLETED, ...PENDING, 'tasks', 'task', 'todos', 'to-dos', 'list', 'due', 'everything', 'anything', 'stuff', 'things',
  'items', 'today', 'tonight', 'tomorrow', 'week', 'weekend', 'month', 'priority', 'urgent', 'important', 'high', 'low', 'deadline',
  'deadlines', 'do', 'have', 'reminders', 'schedule', 'ones', 'all',
])
const SEARCH_CUES = new Set(['about', 'regarding', 'involving', 'mentioning', 'concerning', 'containing', 'with', 're', 'for', 'called', 'named'])
const SEARCH_STOP = new Set(['the', 'a', 'an', 'my', 'any', 'anything', 'tasks', 'task', 'todos', 'things', 'stuff', 'in', 'it', 'on', 'list', '?', 'to', 'do', 'there', 'is', 'are', 'i', 'have', 'something', 'items'])

export function readFilters(words: Word[]): ListFilters {
  const set = new Set(words.flatMap((w) => [w.lower, ...w.lower.split('-')]))
  const has = (phrase: string) => ` ${joined(words)} `.includes(` ${phrase} `)
  const filters: ListFilters = { status: 'all' }
  if ([...OVERDUE].some((w) => set.has(w)) || has('past due')) filters.due = 'overdue'
  else if (set.has('today') || set.has('tonight')) filters.due = 'today'
  else if (set.has('tomorrow') || set.has('tmrw')) filters.due = 'tomorrow'
  else if (has('next week')) filters.due = 'next_week'
  else if (set.has('weekend')) filters.due = 'this_weekend'
  else if (set.has('week')) filters.due = 'this_week'
  else if (set.has('month')) filters.due = 'this_month'
  else if (['no due date', 'no date', 'no deadline', 'no dates', 'without a date', 'without a due date', 'without dates', 'not have a due date', 'not have a date', 'not have a deadline', 'no due dates'].some(has) || set.has('undated')) filters.due = 'no_date'
  if (['high', 'urgent', 'important', 'top', 'critical'].some((w) => set.has(w))) filters.priority = 'high'
  if (filters.priority === 'high' && !set.has('high') && set.has('low')) delete filters.priority
  if (has('low priority') || has('low-priority') || has('low prio')) filters.priority = 'low'
  else if (has('medium priority') || has('normal priority')) filters.priority = 'medium'
  const negated = has('not done') || has('not finished') || has('not completed') || has('not yet done') || has('to be done')
  const toDo = has('to do') || has('need to do') || has('have to do') || (has('get done') && !has('did i get done'))
  if ([...COMPLETED].some((w) => set.has(w) || words.some((x) => x.lemma === w && w !== 'do')) && !negated && !toDo && !(set.has('do') && !set.has('did') && !has('have done') && !has('have i done'))) {
    filters.status = 'completed'
    if (filters.due === 'today' || filters.due === 'this_week') filters.finished = filters.due
    if (set.has('yesterday')) filters.finished = 'yesterday'
    if (filters.finished) delete filters.due
  } else if (filters.due || negated || toDo || [...PENDING].some((w) => set.has(w))) {
    filters.status = 'pending'
  }
  if (filters.due === 'overdue' || filters.due === 'today') filters.status = filters.status === 'all' ? 'pending' : filters.status
  // "anything about the car?": the words after a search cue, up to a filter word.
  const cue = words.findIndex((w) => SEARCH_CUES.has(w.lower) || (w.lower === 'related' && words[words.indexOf(w) + 1]?.lower === 'to'))
  if (cue >= 0) {
    const after = words.slice(cue + (words[cue]!.lower === 'related' ? 2 : 1))
    const stop = after.findIndex((w) => w.lower === 'due' || w.lower === 'that' || w.lower === 'which')
    const query = (stop >= 0 ? after.slice(0, stop) : after).filter((w) => !SEARCH_STOP.has(w.lower) && !LIST_WORDS.has(w.lower) && !['agenda', 'plate', 'schedule', 'next', 'this', 'week', 'me', 'now'].includes(w.lower) && w.kind === 'word')
    if (query.length > 0 && query.length <= 6) filters.query = query.map((w) => w.lower).join(' ')
  }
  return filters
}

const isListy = (words: Word[]) => words.some((w) => LIST_WORDS.has(w.lower) || SEARCH_CUES.has(w.lower))

/** New tasks from an add's slot: several when it is a list ("milk, eggs and bread"). */
export function readNewTasks(message: string, words: Word[], now: Date): NewTask[] {
  const cleaned = cleanTitleWords(words)
  if (cleaned.priority && cleaned.words.length === 0) return []
  const items = splitItems(cleaned.words)
  const firstVerb = items.length > 1 && items[0]!.length > 1 && isVerb(items[0]![0]!.lower) ? items[0]![0]! : undefined
  return items.flatMap((item, i) => {
    const text = textOf(message, item)
    const shareVerb = firstVerb && i > 0 && !isVerb(item[0]!.lower) && item.length <= 3
    const read = readTask(shareVerb ? `${textOf(message, [firstVerb])} ${text}` : text, now)
    if (!read.title) return []
    const title = unquote(read.title)
    const priority = read.priority ?? cleaned.priority
    return [{ title, ...(priority && { priority }), ...(read.due_date && { due_date: read.due_date }) }]
  })
}

const unquote = (title: string) => {
  const t = title.trim()
  return t.length > 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0] ? t.slice(1, -1).trim() : t
}

/** Wrapping words of a new task: "a task to …", "… to my list", "a high priority task: …". */
function cleanTitleWords(words: Word[]): { words: Word[]; priority?: Priority } {
  let from = 0
  let to = words.length
  let priority: Priority | undefined
  const at = (i: number) => words[i]?.lower
  for (let changed = true; changed && from < to; ) {
    changed = false
    const w = at(from)
    if (['a', 'an', 'new', 'another', 'me', 'like', 'um', 'uh', 'uhh', 'er', 'erm', 'just', 'also'].includes(w!) && to - from > 1) {
      from++
      changed = true
    } else if ((w === 'for' && at(from + 1) === 'me') || (w === 'to' && from > 0 && ['me', 'task', 'reminder', 'todo'].includes(at(from - 1)!)) ) {
      from += w === 'for' ? 2 : 1
      if (at(from) === 'to') from++
      changed = true
    } else if (PRIORITY_WORDS[w!] && ['priority', 'prio', 'task', 'todo', 'item', 'reminder'].includes(at(from + 1)!)) {
      priority = PRIORITY_WORDS[w!]
      from += at(from + 1) === 'priority' || at(from + 1) === 'prio' ? 2 : 1
      changed = true
    } else if (w && w.endsWith('-priority') && PRIORITY_WORDS[w.slice(0, -9)]) {
      priority = PRIORITY_WORDS[w.slice(0, -9)]
      from++
      changed = true
    } else if (['task', 'tasks', 'todo', 'to-do', 'item', 'reminder', 'entry', 'note'].includes(w!) && to - from > 1) {
      from++
      changed = true
      const next = at(from)
      if (next && ['to', 'for', 'called', 'named', 'titled', 'saying', 'about', ':', '-', 'that'].includes(next) && to - from > 1) {
        from += next === 'that' && at(from + 1) === 'says' ? 2 : 1
      }
    } else if ((w === ':' || w === '-') && to - from > 1) {
      from++
      changed = true
    }
    const tailPhrases = ['to my list', 'on my list', 'to the list', 'on the list', 'to my todo list', 'to my to-do list', 'to my todos', 'to my tasks', 'to the tasks', 'on my todo list', 'onto my list', 'to my task list', 'on my to-do list', 'as a task', 'as a new task', 'as a todo', 'as a reminder', 'to my shopping list', 'on my shopping list', 'to the board', 'please', 'for me', 'thanks', 'to the todo list', 'in my list', 'to list', 'to my reminders']
    for (const phrase of tailPhrases) {
      const parts = phrase.split(' ')
      if (to - parts.length > from && parts.every((p, i) => at(to - parts.length + i) === p)) {
        to -= parts.length
        changed = true
        break
      }
    }
  }
  return { words: words.slice(from, to), ...(priority && { priority }) }
}

/**
 * "milk, eggs and bread" → three items; "call mom and email the landlord" → two (both
 * start with a verb); "milk and eggs" → one. Nothing inside quotes is cut.
 */
function splitItems(words: Word[]): Word[][] {
  const commas = words.some((w) => w.lower === ',')
  const items: Word[][] = [[]]
  let quoted = false
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    if (isQuote(w)) quoted = !quoted
    const next = words[i + 1]
    const cutAtAnd = (w.lower === 'and' || w.lower === '&') && !quoted && next && items.at(-1)!.length > 0 &&
      (commas || (isVerb(next.lower) && isVerb(items.at(-1)![0]!.lower) && !['be', 'do', 'have'].includes(next.lower)))
    const cutHard = !quoted && (w.lower === ';' || (w.lower === 'then' && items.at(-1)!.length > 0)) && !!next
    if ((w.lower === ',' && !quoted && commas && next && !isTrailingDate(words, i + 1)) || cutAtAnd || cutHard) {
      if (items.at(-1)!.length > 0) items.push([])
      continue
    }
    items.at(-1)!.push(w)
  }
  // An item needs a word: punctuation alone ('", "') is not a task.
  const result = items.filter((item) => item.some((w) => w.kind !== 'punct'))
  // A list is a list only when its items are short and few: otherwise it is one title.
  return result.length > 1 && result.length <= MAX_ITEMS && result.every((item) => item.length <= 8) ? result : [words]
}

/** Is what follows position `at` a priority or date marker ("…, high priority", "…, friday")? */
function isTrailingDate(words: Word[], at: number): boolean {
  // Only a short tail can be a marker; checked before slicing, so a long list stays linear.
  if (at >= words.length || words.length - at > 6) return false
  const rest = words.slice(at)
  const tail = rest.map((w) => w.lower).join(' ')
  if (PRIORITY_WORDS[rest[0]!.lower] || tail.startsWith('it is') || tail.startsWith("it's") || tail.startsWith('its ')) return true
  return !!trailingDate(tail, tokenize(tail), new Date()) && readTask(tail, new Date()).title === tail && rest.length <= 4
}

const past = (w: Word) => w.lower !== w.lemma && (w.lower.endsWith('ed') || ['bought', 'paid', 'sent', 'went', 'wrote', 'made', 'took', 'got', 'did', 'ran', 'met', 'rang', 'gave', 'found', 'sold', 'brought', 'spoke', 'drove', 'fed', 'hung', 'left', 'kept', 'built', 'taught', 'threw', 'won', 'ate', 'read'].includes(w.lower))
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
    if (!onlyDate(head)) continue
    const date = trailingDate(text, tokenize(text), now)
    if (!date) continue
    const used = words[n]?.lower === ',' ? n + 1 : n
    return { used, date: date.date }
  }
  return undefined
}

type Matched = { name: IntentName; slots: Record<string, Word[]>; value?: Priority; search?: boolean }

function matchIntent(words: Word[]): Matched | undefined {
  for (const entry of INTENTS) {
    for (const frame of entry.frames) {
      const slots = matchFrame(frame, words)
      if (!slots) continue
      if (!slotsFit(entry.name, slots, frame.source, words)) continue
      return { name: entry.name, slots, ...(entry.value && { value: entry.value }), ...(frame.source.startsWith('search/') && { search: true }) }
    }
  }
  return undefined
}

/** "add send the forms, it's important" is an add with a priority, not an update of a task called "add …". */
const startsAnAdd = (slot: Word[] | undefined) =>
  !!slot?.[0] && (ADD_WORDS.has(slot[0].lower) || (['a', 'an', 'new'].includes(slot[0].lower) && ['reminder', 'task', 'todo', 'new', 'note'].includes(slot[1]?.lower ?? '')))

/** Is a run of words a date phrase and nothing else ("next friday", "on the 10th", "next month")? */
function onlyDate(words: Word[]): boolean {
  const text = joined(words)
  const tokens = tokenize(text)
  // An ordinal word alone ("the second", "the last") is a position in a list, not a date.
  const ordinal = tokens.at(-1)?.lower ?? ''
  if (ORDINALS[ordinal] !== undefined && !/\d/.test(ordinal) && tokens.length <= 2) return false
  const found = trailingDate(text, tokens, new Date(2026, 0, 5, 12))
  if (found) {
    let first = 0
    while (first < tokens.length - 1 && (LEAD_INS.has(tokens[first]!.lower) || tokens[first]!.lower === 'the')) first++
    return found.start <= tokens[first]!.start
  }
  return ['next month', 'this month', 'end of the month', 'the end of the month', 'end of month', 'next week', 'the end of the week'].includes(text.replace(/^(?:to|till|until|for|on|by) /, ''))
}

/** Checks a frame's slots read as what they stand for (a list question names tasks, a priority is a priority). */
function slotsFit(name: IntentName, slots: Record<string, Word[]>, source: string, words: Word[]): boolean {
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
      return !!slots.date && slots.date.length <= 8 && onlyDate(slots.date) && (slots.task ?? []).length > 0
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
  const whole = joined(words)
  for (const kind of ['help', 'thanks', 'undo', 'yes', 'no'] as const) if (WHOLE[kind].has(whole)) return { kind }
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
  if (['everything', 'all', 'all my tasks', 'all tasks', 'every task', 'my list', 'all of them', 'the whole list'].includes(joined(words.slice(1)))) {
    if (['delete', 'remove', 'clear', 'complete', 'finish', 'erase', 'trash', 'wipe'].includes(words[0]!.lemma)) return { kind: 'refuse' }
  }
  // "tomorrow I need to …", "on friday remind me to …": a date said first goes with the request.
  // "this week, what's due": a filter said first, then the question.
  const comma = nested ? -1 : words.findIndex((w, i) => w.lower === ',' && i > 0 && i <= 4)
  if (comma > 0 && words.slice(0, comma).every((w) => LIST_WORDS.has(w.lower) || ['this', 'next', 'the', 'for', 'on', 'by'].includes(w.lower))) {
    const rest = readClause(message, words.slice(comma + 1), now, undefined, true)
    if (rest.kind === 'list' || rest.kind === 'count') return { ...readFilters(words), kind: rest.kind }
  }
  const lead = nested ? undefined : leadingDate(message, words, now)
  if (lead) {
    const rest = readClause(message, words.slice(lead.used), now, undefined, true)
    if (rest.kind === 'add') return { kind: 'add', tasks: rest.tasks.map((t) => ({ ...t, due_date: t.due_date ?? lead.date })) }
    if (rest.kind === 'list' || rest.kind === 'count') return { ...rest, ...readFilters(words), kind: rest.kind }
    if (rest.kind !== 'unknown') return rest
  }
  const matched = matchIntent(words)
  if (matched) return fromMatch(message, matched, now, asked)
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

function fromMatch(message: string, m: Matched, now: Date, asked: boolean): Request {
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
      if (tasks.length === 0) return asked ? { kind: 'unknown' } : { kind: 'unknown' }
      return { kind: 'add', tasks }
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
      const words = tokenize(value)
      const date = trailingDate(value, words, now)
      if (date && words[0] && date.start <= words[0].start + (LEAD_INS.has(words[0].lower) ? words[0].end - words[0].start + 1 : 0)) {
        return { kind: 'update', target: readTarget(message, slot('task')), changes: { due_date: date.date } }
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
  const parts = clauses(words, COMMAND_WORDS, ADD_WORDS).slice(0, MAX_CLAUSES)
  const requests: Request[] = []
  for (const part of parts) requests.push(readClause(message, part, now, requests.at(-1)))
  // A single unknown clause among understood ones is reported, not acted on by guess.
  return requests
}

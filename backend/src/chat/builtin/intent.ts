// The built-in assistant's understanding: plain-language messages → one intent. Pure
// functions, deterministic, no network; dates are relative to the `today` given.
import { addDays, isoDate } from '../../lib/dates.js'
import type { Priority, TaskStatus } from '../../tasks/tasks.schema.js'

export type Target = { id: number } | { text: string }

export type Intent =
  | { kind: 'help' }
  | { kind: 'unknown' }
  | { kind: 'add'; title: string; priority?: Priority; due_date?: string }
  | { kind: 'list'; status: TaskStatus }
  | { kind: 'complete'; target: Target }
  | { kind: 'delete'; target: Target }
  | {
      kind: 'update'
      target: Target
      changes: { title?: string; priority?: Priority; due_date?: string | null; description?: string }
    }

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

const DATE_WORDS = String.raw`today|tomorrow|tmrw|next week|in \d{1,3} days?|(?:this |next )?(?:${DAYS.join('|')})|\d{4}-\d{2}-\d{2}`

/** "tomorrow", "next friday", "in 3 days", "2026-12-24" → YYYY-MM-DD. */
export function parseDate(text: string, today: Date): string | undefined {
  const t = text.trim().toLowerCase()
  if (t === 'today') return isoDate(today)
  if (t === 'tomorrow' || t === 'tmrw') return isoDate(addDays(today, 1))
  if (t === 'next week') return isoDate(addDays(today, 7))
  const inDays = /^in (\d{1,3}) days?$/.exec(t)
  if (inDays) return isoDate(addDays(today, Number(inDays[1])))
  const day = /^(this |next )?(\w+)$/.exec(t)
  if (day && DAYS.includes(day[2]!)) {
    // The coming such day ("friday", "next friday"); today's weekday means a week ahead.
    const ahead = (DAYS.indexOf(day[2]!) - today.getDay() + 7) % 7 || 7
    return isoDate(addDays(today, ahead))
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t))) return t
  return undefined
}

function parsePriority(word: string): Priority | undefined {
  const w = word.toLowerCase()
  if (w === 'high' || w === 'urgent' || w === 'top' || w === 'important') return 'high'
  if (w === 'medium' || w === 'normal') return 'medium'
  if (w === 'low') return 'low'
  return undefined
}

/** Strips surrounding quotes and punctuation a person adds around a title. */
function cleanTitle(text: string): string {
  return text
    .trim()
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, '')
    .replace(/[\s,;:]+$/, '')
    .trim()
}

/** Pulls "with high priority", "due tomorrow", "by friday" off a new task's title. */
function extractDetails(text: string, today: Date): { title: string; priority?: Priority; due_date?: string } {
  let rest = text
  let priority: Priority | undefined
  let due: string | undefined
  const priorityPatterns = [
    /[\s,]*(?:with\s+|at\s+)?(?:a\s+)?(high|medium|low|urgent|top|normal)[\s-]+priority\b/i,
    /[\s,]*(?:with\s+)?priority[\s:]+(high|medium|low|urgent|normal)\b/i,
  ]
  for (const pattern of priorityPatterns) {
    const match = pattern.exec(rest)
    if (match) {
      priority = parsePriority(match[1]!)
      rest = rest.slice(0, match.index) + rest.slice(match.index + match[0].length)
      break
    }
  }
  // "due X" / "by X" anywhere; a bare date word only at the end ("buy milk tomorrow").
  const dueMatch =
    new RegExp(String.raw`[\s,]*\b(?:due(?:\s+on|\s+by)?|by|before)\s+(${DATE_WORDS})\b`, 'i').exec(rest) ??
    new RegExp(String.raw`[\s,]*\b(?:on\s+|for\s+)?(${DATE_WORDS})$`, 'i').exec(rest)
  if (dueMatch) {
    due = parseDate(dueMatch[1]!, today)
    if (due) rest = rest.slice(0, dueMatch.index) + rest.slice(dueMatch.index + dueMatch[0].length)
  }
  return { title: cleanTitle(rest), ...(priority && { priority }), ...(due && { due_date: due }) }
}

const FILLER = new Set(['the', 'a', 'an', 'my', 'that', 'this', 'one', 'task', 'todo', 'item', 'thing', 'called', 'named'])

/** "task 3", "#3", "3" → an id; "the groceries one" → the words to match against titles. */
export function parseTarget(text: string): Target {
  const t = cleanTitle(text)
  const id = /^(?:(?:task|todo|item|number|no\.?)\s*)?#?\s*(\d{1,9})$/i.exec(t) ?? /\b(?:task|todo|item)\s*#?\s*(\d{1,9})\b/i.exec(t)
  if (id) return { id: Number(id[1]) }
  const words = t
    .toLowerCase()
    .replace(/["'“”‘’]/g, '')
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w))
  return { text: words.join(' ') || t.toLowerCase() }
}

const ADD_PATTERNS = [
  /^(?:please\s+)?(?:can you\s+|could you\s+)?(?:add|create|make|put)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:task|todo|to-do|item|reminder)?\s*(?:called|named|titled|to\s+(?=\S)|for|:|-)?\s*(.+)$/i,
  /^new\s+(?:task|todo|to-do)\s*:?\s*(.+)$/i,
  /^(?:please\s+)?(?:i\s+(?:need|have|want)\s+to\s+remember\s+to|remind me to|remember to|don'?t forget to|i\s+(?:need|have|want)\s+to|i\s+must|i\s+should|i'?ve got to|i gotta)\s+(.+)$/i,
]

const LIST_PATTERNS = [
  /\b(?:show|list|display|view|see|give me|tell me|what are|what's|whats|what is|what do i have|which)\b.*\b(?:tasks?|todos?|to-dos?|list|pending|completed|done|finished|left|remaining|outstanding|open|incomplete)\b/i,
  /^(?:all\s+)?(?:my\s+)?(?:tasks|todos|to-dos|todo list|list)$/i,
  /^what(?:'s| is)?\s+(?:pending|left|remaining|outstanding|open|on my (?:plate|list)|next)\b/i,
  /^what (?:have|did) i (?:complete|completed|finish|finished|done|do)\b/i,
  /^(?:pending|completed|done|finished|open)(?:\s+(?:tasks|todos))?$/i,
]

const COMPLETE_PATTERNS = [
  /^(?:please\s+)?(?:mark|set|flag)\s+(.+?)\s+(?:as\s+)?(?:complete|completed|done|finished)$/i,
  /^(?:please\s+)?(?:complete|finish|check off|tick off|close)\s+(.+)$/i,
  /^(?:i\s+)?(?:(?:have|'ve)\s+)?(?:just\s+)?(?:finished|completed|did|done with|am done with|'m done with)\s+(.+)$/i,
  /^(.+?)\s+(?:is|are)\s+(?:now\s+)?(?:done|complete|completed|finished)$/i,
]

const DELETE_PATTERN = /^(?:please\s+)?(?:delete|remove|cancel|drop|erase|trash|get rid of|forget(?: about)?)\s+(.+)$/i

const UPDATE_PATTERN = /^(?:please\s+)?(?:change|rename|update|edit|modify|set|move)\s+(.+?)\s+to\s+(.+)$/i

export const HELP_PATTERN = /^(?:help|\?|what can you do|how does this work|commands|hi|hello|hey)\b/i

function statusOf(text: string): TaskStatus {
  if (/\b(?:pending|left|remaining|outstanding|open|incomplete|unfinished|not done|to do|next)\b/i.test(text)) return 'pending'
  if (/\b(?:completed|complete|done|finished)\b/i.test(text)) return 'completed'
  return 'all'
}

function updateIntent(targetText: string, valueText: string, today: Date): Intent {
  const value = cleanTitle(valueText)
  const field = /\s*(?:'s)?\s*\b(priority|due date|due|deadline|description|notes?|title|name)$/i.exec(targetText)
  const target = parseTarget(field ? targetText.slice(0, field.index) : targetText)
  const fieldName = field?.[1]?.toLowerCase()
  const priority = /^(high|medium|low|urgent|normal)(?:\s+priority)?$/i.exec(value)
  if (fieldName === 'priority' || (!fieldName && priority)) {
    const p = priority ? parsePriority(priority[1]!) : undefined
    return p ? { kind: 'update', target, changes: { priority: p } } : { kind: 'unknown' }
  }
  if (fieldName === 'due date' || fieldName === 'due' || fieldName === 'deadline') {
    if (/^(?:none|nothing|no date|never)$/i.test(value)) return { kind: 'update', target, changes: { due_date: null } }
    const due = parseDate(value, today)
    return due ? { kind: 'update', target, changes: { due_date: due } } : { kind: 'unknown' }
  }
  if (fieldName === 'description' || fieldName === 'notes' || fieldName === 'note') {
    return { kind: 'update', target, changes: { description: value } }
  }
  return value ? { kind: 'update', target, changes: { title: value } } : { kind: 'unknown' }
}

export function parseIntent(message: string, today: Date): Intent {
  const text = message.trim().replace(/\s+/g, ' ').replace(/[.!?]+$/, '').trim()
  if (text === '' || HELP_PATTERN.test(text)) return { kind: 'help' }

  for (const pattern of ADD_PATTERNS) {
    const match = pattern.exec(text)
    if (match?.[1]) {
      const details = extractDetails(match[1], today)
      if (details.title) return { kind: 'add', ...details }
    }
  }
  if (LIST_PATTERNS.some((p) => p.test(text))) return { kind: 'list', status: statusOf(text) }
  for (const pattern of COMPLETE_PATTERNS) {
    const match = pattern.exec(text)
    if (match?.[1]) return { kind: 'complete', target: parseTarget(match[1]) }
  }
  const del = DELETE_PATTERN.exec(text)
  if (del?.[1]) return { kind: 'delete', target: parseTarget(del[1]) }
  const update = UPDATE_PATTERN.exec(text)
  if (update?.[1] && update[2]) return updateIntent(update[1], update[2], today)
  return { kind: 'unknown' }
}

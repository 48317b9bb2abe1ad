// What a question asks to list: status, a due window, a priority, words to search for, or a
// completion window, read as word sets (no patterns).
import { joined, type Word } from './clause.js'
import type { ListFilters } from './requests.js'

// List filters, as word sets.
const OVERDUE = new Set(['overdue', 'late', 'behind', 'missed'])
const COMPLETED = new Set(['completed', 'finished', 'done', 'did', 'accomplished', 'complete', 'finish', 'achieved', 'ticked', 'checked', 'crossed'])
const PENDING = new Set(['pending', 'left', 'remaining', 'outstanding', 'open', 'incomplete', 'unfinished', 'todo', 'next', 'plate', 'still', 'upcoming', 'agenda', 'coming'])
export const LIST_WORDS = new Set([
  ...OVERDUE, ...COMPLETED, ...PENDING, 'tasks', 'task', 'todos', 'to-dos', 'list', 'due', 'everything', 'anything', 'stuff', 'things',
  'items', 'today', 'tonight', 'tomorrow', 'week', 'weekend', 'month', 'priority', 'urgent', 'important', 'high', 'low', 'deadline',
  'deadlines', 'do', 'have', 'reminders', 'schedule', 'ones', 'all',
])
export const SEARCH_CUES = new Set(['about', 'regarding', 'involving', 'mentioning', 'concerning', 'containing', 'with', 're', 'for', 'called', 'named'])
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

export const isListy = (words: Word[]) => words.some((w) => LIST_WORDS.has(w.lower) || SEARCH_CUES.has(w.lower))

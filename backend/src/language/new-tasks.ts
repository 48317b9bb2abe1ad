// New tasks out of an add's words: the wrapping taken off ("a task to …", "… to my list"),
// a list cut into items ("milk, eggs and bread"), and each item read by quick add, so the
// assistant and the board read a new task the same way.
import type { Priority } from '../contract.js'
import { isVerb, textOf, type Word } from './clause.js'
import { trailingDate } from './dates.js'
import { isQuote, tokenize } from './english.js'
import { PRIORITY_WORDS, readTask } from './quick-add.js'
import type { NewTask } from './requests.js'

/** The most new tasks one message adds: a longer "list" is read as one title (and refused if too long). */
export const MAX_ITEMS = 20

/** The longest new task read for markers, as the board's quick add (GET /api/tasks/parse). */
const READ_MAX = 400

/** New tasks from an add's slot: several when it is a list ("milk, eggs and bread"). */
export function readNewTasks(message: string, words: Word[], now: Date): NewTask[] {
  const cleaned = cleanTitleWords(words)
  if (cleaned.priority && cleaned.words.length === 0) return []
  const items = splitItems(cleaned.words, now)
  const firstVerb = items.length > 1 && items[0]!.length > 1 && isVerb(items[0]![0]!.lower) ? items[0]![0]! : undefined
  return items.flatMap((item, i) => {
    const text = textOf(message, item)
    // Longer than quick add reads (and than a title may be): kept whole, for add_task to refuse.
    if (text.length > READ_MAX) return [{ title: text }]
    const shareVerb = firstVerb && i > 0 && !isVerb(item[0]!.lower) && item.length <= 3
    const read = readTask(shareVerb ? `${textOf(message, [firstVerb])} ${text}` : text, now)
    if (!read.title) return []
    const title = unquote(read.title)
    const priority = read.priority ?? cleaned.priority
    return [{ title, ...(priority && { priority }), ...(read.due_date && { due_date: read.due_date }) }]
  })
}

export const unquote = (title: string) => {
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
function splitItems(words: Word[], now: Date): Word[][] {
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
    if ((w.lower === ',' && !quoted && commas && next && !isTrailingDate(words, i + 1, now)) || cutAtAnd || cutHard) {
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
function isTrailingDate(words: Word[], at: number, now: Date): boolean {
  // Only a short tail can be a marker; checked before slicing, so a long list stays linear.
  if (at >= words.length || words.length - at > 6) return false
  const rest = words.slice(at)
  const tail = rest.map((w) => w.lower).join(' ')
  if (PRIORITY_WORDS[rest[0]!.lower] || tail.startsWith('it is') || tail.startsWith("it's") || tail.startsWith('its ')) return true
  return rest.length <= 4 && !!trailingDate(tail, tokenize(tail), now) && readTask(tail, now).title === tail
}

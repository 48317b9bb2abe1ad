// How a clause names a task: "task 4", "#4", "2 and 3", "the second one", "it", or words of
// its title. A number is a task's number only when cued ("task", "#") or alone.
import { joined, textOf, type Word } from './clause.js'
import { isQuote } from './english.js'
import { ORDINALS } from './intents.js'
import type { Target } from './requests.js'

/** Words said around a task's name that are not part of it: "the", "task", "for me", "from the bin". */
export const NOISE_TARGET = new Set(['me', 'trash', 'bin', 'deleted', 'out', 'back', 'the', 'my', 'a', 'an', 'that', 'this', 'task', 'tasks', 'todo', 'to-do', 'item', 'one', 'thing', 'reminder', 'entry', 'number', 'no', 'num', '#', 'about', 'called', 'named', 'titled', 'for', 'on', 'list', 'from', 'off', 'of', 'and', ',', '&', 'which', 'says', 'saying'])
const NUMBER_CUES = new Set(['task', 'tasks', 'todo', 'item', 'items', 'number', 'no', 'num', '#', 'todos'])
const REFS = new Set(['it', 'that', 'this', 'that one', 'this one', 'that task', 'this task', 'the same one', 'same one', 'them', 'the one', 'this thing', 'that thing'])


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

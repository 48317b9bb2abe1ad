// A new task written as a person types it, pulled apart into title, priority and due date:
// "pay rent friday !high" → { title: "pay rent", priority: "high", due_date: <friday> }.
// Shared by the built-in assistant ("add …") and the board's quick add (GET /api/tasks/parse),
// so both understand the same words.
import { findDate, withoutDate } from './when.js'
import type { Priority } from '../tasks/tasks.schema.js'

const PRIORITY_WORDS: [RegExp, Priority][] = [
  [/^(?:high|urgent|top|important|critical|highest|asap|hi)$/i, 'high'],
  [/^(?:medium|normal|mid|regular|med|default)$/i, 'medium'],
  [/^(?:low|lowest|minor|lo)$/i, 'low'],
]
export function priorityOf(word: string): Priority | undefined {
  return PRIORITY_WORDS.find(([re]) => re.test(word.trim()))?.[1]
}

// Priority words anywhere in a new task: "!high", "urgent:", "low priority", "with a high
// priority", "priority: low", "(urgent)", "asap", "it's important".
const PRIORITY_IN_TEXT: RegExp[] = [
  /[\s,(]*!\s*(high|urgent|medium|low|hi|lo|important)\b\)?/i,
  /[\s,(-]*\b(?:(?:it's|it is|this is|as|with|at|mark(?:ed)? as|set to|make it)\s+)?(?:a\s+)?(high|urgent|top|medium|normal|low)[\s-]*(?:prio(?:rity)?|pri)\b\)?/i,
  /[\s,(-]*\b(?:with\s+)?(?:prio(?:rity)?|pri)\s*[:=]?\s*(high|urgent|top|medium|normal|low)\b\)?/i,
  /^(urgent|important|asap|critical)\b\s*[:!,-]+\s*/i,
  /[\s,-]+(?:it's|it is|this is)\s+(urgent|important|critical|not urgent)$/i,
  /[\s,(-]+\(?(urgent|asap|important|critical)\)?$/i,
]

function takePriority(text: string): { rest: string; priority?: Priority } {
  for (const pattern of PRIORITY_IN_TEXT) {
    const match = pattern.exec(text)
    if (!match) continue
    const word = match[1]!.toLowerCase()
    const priority = word === 'not urgent' ? 'low' : priorityOf(word)
    if (!priority) continue
    return { rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, ' ').trim(), priority }
  }
  return { rest: text }
}

// What people wrap a new task's title in: "add a task to …", "… to my list", "'…'".
const TITLE_HEAD =
  /^(?:(?:really|probably|definitely|actually|also|still|just|seriously|totally)\s+)?(?:(?:a|an|the)\s+)?(?:new\s+)?(?:(?:task|todo|to-do|to do|item|reminder|entry|note)s?\s*)?(?:(?:called|named|titled|saying|that says|to|for|about|:|-)\s+|:\s*)?/i
const TITLE_TAIL =
  /[\s,]*(?:(?:to|on|onto|in|into|for)\s+(?:my|the|our)\s+(?:to-?do\s+|todo\s+|task\s+|shopping\s+)?(?:list|tasks|todos|board|to-?dos)|as\s+(?:a\s+)?(?:new\s+)?(?:task|todo|to-do|reminder)|(?:to|on)\s+(?:the\s+)?(?:list|tasks)|please|for me|thanks?)$/i

export function cleanTitle(text: string): string {
  let title = text.trim()
  for (let previous = ''; previous !== title; ) {
    previous = title
    title = title
      .replace(TITLE_TAIL, '')
      .replace(TITLE_HEAD, '')
      .replace(/^["']+(.+?)["']+$/, '$1')
      .replace(/^["']+|["']+$/g, '')
      .replace(/^[\s,;:.-]+|[\s,;:.-]+$/g, '')
      .trim()
  }
  return title
}

/** A new task from the words after "add": title, priority and due date pulled apart. */
export function newTask(text: string, today: Date): { title: string; priority?: Priority; due_date?: string } {
  const quoted = /["']([^"']{2,})["']/.exec(text)
  const { rest, priority } = takePriority(text)
  let title = rest
  let due_date: string | undefined
  // A quoted title keeps its own words; dates and priorities are read from around it.
  const outside = quoted ? rest.replace(quoted[0], ' ') : rest
  const found = findDate(outside, today)
  if (found) {
    due_date = found.date
    title = quoted ? quoted[1]! : withoutDate(outside, found)
  } else if (quoted) {
    title = quoted[1]!
  }
  return { title: cleanTitle(title), ...(priority && { priority }), ...(due_date && { due_date }) }
}

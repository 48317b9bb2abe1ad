// The built-in assistant's understanding: one message → one intent. Pure functions,
// deterministic, no network; dates (through chrono-node) are relative to the `today` given.
// The patterns were written from the tuning half of test/chat/corpus; the held-out half
// measures them.
import type { Priority } from '../../tasks/tasks.schema.js'
import type { DueWindow } from '../tools.js'
import { cleanTitle, newTask, priorityOf } from '../../lib/task-text.js'
import { findDate, spellDays, withoutDate } from '../../lib/when.js'

/** How a message names a task. */
export type Target =
  | { number: number }
  /** "the second one": a position in the list shown last. */
  | { ordinal: number }
  /** "it", "that": the task just talked about. */
  | { ref: true }
  | { text: string }

export interface Changes {
  title?: string
  priority?: Priority
  due_date?: string | null
  description?: string
}

export interface ListFilters {
  status: 'all' | 'pending' | 'completed'
  due?: DueWindow
  priority?: Priority
}

export type Intent =
  | { kind: 'help' }
  | { kind: 'thanks' }
  | { kind: 'unknown' }
  /** A bare task-like phrase: asked about before adding. */
  | { kind: 'maybe_add'; title: string; priority?: Priority; due_date?: string }
  | { kind: 'add'; title: string; priority?: Priority; due_date?: string }
  | ({ kind: 'list' } & ListFilters)
  | ({ kind: 'count' } & ListFilters)
  | { kind: 'complete'; target: Target }
  | { kind: 'reopen'; target: Target }
  | { kind: 'delete'; target: Target }
  | { kind: 'update'; target: Target; changes: Changes }
  | { kind: 'clear_completed' }
  | { kind: 'undo' }
  | { kind: 'yes' }
  | { kind: 'no' }
  /** An answer to "which one?": a position or a number. */
  | { kind: 'choose'; target: { ordinal: number } | { number: number } }

export { cleanTitle, newTask, priorityOf }

export type ActionKind = 'complete' | 'reopen' | 'delete' | 'update'

// Words people wrap a request in, taken off the front and the end before anything else.
const LEADING = new RegExp(
  String.raw`^(?:(?:hey|hi|hello|ok|okay|so|um|uh|oh|well|alright|right|now|also|and|then|pls|plz|please|kindly|just|quickly|actually|assistant|bot)\b[\s,!]*|` +
    String.raw`(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?|(?:i'?d|i\s+would)\s+like\s+(?:you\s+)?to\s+|i\s+want\s+you\s+to\s+|` +
    String.raw`(?:go\s+ahead\s+and|help\s+me)\s+)+`,
  'i',
)
const TRAILING = /(?:[\s,]+(?:please|pls|plz|thanks|thank you|thx|ty|for me|now|asap thanks|if you can|if you could|when you can)\b)+$/i

/** Collapses spaces, drops end punctuation and the polite wrapping words. */
export function normalize(message: string): string {
  let text = spellDays(message)
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
  for (let previous = ''; previous !== text; ) {
    previous = text
    text = text.replace(/[\s.!?…]+$/, '').replace(LEADING, '').replace(TRAILING, '').trim()
  }
  return text
}

const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
  sixth: 6, '6th': 6, seventh: 7, '7th': 7, eighth: 8, '8th': 8, ninth: 9, '9th': 9, tenth: 10, '10th': 10,
  last: -1, top: 1, latest: -1,
}
const ORDINAL_WORDS = Object.keys(ORDINALS).join('|')

/** A whole message that only picks: "#4", "the second one", "2nd". */
const CHOICE = new RegExp(String.raw`^(?:(?:task|todo|item|number|no\.?|num)\s*)?#?\s*\d{1,9}$|^(?:the\s+)?(?:${Object.keys({ first: 1, second: 1, third: 1, fourth: 1, fifth: 1, '1st': 1, '2nd': 1, '3rd': 1, '4th': 1, '5th': 1, last: 1 }).join('|')})(?:\s+(?:one|task|item))?$`, 'i')

/** "#4", "task 4", "number 4", "no. 4", "4" → 4. */
const NUMBER = /^(?:(?:task|todo|to-do|item|number|no\.?|num|#)\s*)?#?\s*(\d{1,9})$/i

/** The words people put around a task's name: "the groceries one", "the task about rent". */
const TARGET_WRAP = /^(?:(?:the|my|that|this|a|an)\s+)?(?:(?:task|todo|to-do|item|one|reminder|entry)\s+)?(?:(?:about|for|called|named|titled|that says|saying|to)\s+)?/i
const TARGET_TAIL = /\s+(?:one|task|todo|to-do|item|thing|reminder|entry|from (?:my|the) list|on (?:my|the) list|off (?:my|the) list|off|from the list)$/i

export function parseTarget(raw: string): Target {
  const text = raw.trim().replace(/^["']+|["']+$/g, '').replace(/[\s,;:]+$/, '').trim()
  const number = NUMBER.exec(text) ?? /\b(?:task|todo|item|number)\s*#?\s*(\d{1,9})\b/i.exec(text) ?? /(?:^|\s)#(\d{1,9})\b/.exec(text)
  if (number) return { number: Number(number[1]) }
  if (/^(?:it|that|this|that one|this one|that task|this task|the same one|same one|them)$/i.test(text)) return { ref: true }
  const ordinal = new RegExp(String.raw`^(?:the\s+)?(${ORDINAL_WORDS})(?:\s+(?:one|task|item))?(?:\s+(?:on|in|from)\s+(?:the|my|that)\s+list)?$`, 'i').exec(text)
  if (ordinal) return { ordinal: ORDINALS[ordinal[1]!.toLowerCase()]! }
  let words = text
  for (let previous = ''; previous !== words; ) {
    previous = words
    words = words.replace(TARGET_WRAP, '').replace(TARGET_TAIL, '').trim()
  }
  return { text: (words || text).replace(/["']/g, '').trim() }
}

// Add: a verb of adding, or a way of saying "I need to".
const ADD = [
  /^(?:remind\s+me\s+(?:to|about)|(?:please\s+)?don'?t\s+let\s+me\s+forget\s+(?:to|about)|don'?t\s+forget\s+(?:to|about)|do\s+not\s+(?:let\s+me\s+)?forget\s+(?:to|about)|remember\s+(?:to|that i (?:need|have) to)|i\s+(?:still\s+|really\s+|also\s+|just\s+|definitely\s+)?(?:need|have|want|ought|got)\s+to\s+(?:remember\s+to\s+)?|i\s+(?:must|should)|i'?ve\s+got\s+to|i\s+gotta|gotta|need\s+to|have\s+to|must|i'?ll\s+need\s+to|i\s+need\s+a\s+reminder\s+to|note\s+to\s+self\s*:?|(?:new\s+)?(?:task|todo|to-do|reminder)\s*:)\s*(.+)$/i,
  /^(?:add|create|make|put|insert|new|jot(?:\s+down)?|write(?:\s+down)?|note(?:\s+down)?|log|schedule|set\s+up|stick|throw|pop|chuck)\b\s*(?:in|down|up)?\s*(?:a\s+|an\s+)?(?:new\s+)?(?:task|todo|to-do|to do|item|reminder|entry)?s?\b\s*(?:to\s+|for\s+|called\s+|named\s+|titled\s+|:|-)?\s*(.+)$/i,
]

// Questions and lists.
const COUNT = /\bhow\s+many\b|\bnumber\s+of\s+(?:tasks|todos|things)\b|\bcount\s+(?:my|the)?\s*(?:tasks|todos)\b/i
const LIST = [
  /^(?:show|list|display|view|see|give|tell|get|print|read|pull up|bring up|let me see|lemme see|what(?:'s|s| is| are| do| have| did)?|whats|which|any(?:thing)?|is there anything|are there any|do i have|where are|check)\b/i,
  /^(?:my\s+|all\s+(?:my\s+)?)?(?:tasks|todos|to-dos|todo list|to do list|list|agenda|pending|completed|done|finished|open|overdue|everything|stuff)(?:\s+(?:tasks|todos|items|stuff|please|today|tomorrow|this week))?$/i,
  /^(?:anything|something)\s+(?:due|overdue|urgent|pending)/i,
]
const QUESTIONISH = /\b(?:behind|late|coming\s+up|upcoming|today|tonight|tomorrow|(?:this|next)\s+week|weekend|tasks?|todos?|to-dos?|list|due|overdue|pending|open|left|remaining|outstanding|completed|finished|done|plate|agenda|priority|urgent|important|everything|anything|to do|todo|do i have)\b/i

export function listFilters(text: string): ListFilters {
  const filters: ListFilters = { status: 'all' }
  if (/\b(?:overdue|late|past due|behind|missed)\b/i.test(text)) filters.due = 'overdue'
  else if (/\b(?:due\s+|for\s+|on\s+)?(?:today|tonight)\b/i.test(text)) filters.due = 'today'
  else if (/\btomorrow\b/i.test(text)) filters.due = 'tomorrow'
  else if (/\bnext\s+week\b/i.test(text)) filters.due = 'next_week'
  else if (/\b(?:this|the)\s+week\b|\bthis\s+weekend\b|\bweek\s+ahead\b/i.test(text)) filters.due = 'this_week'
  else if (/\b(?:no|without\s+(?:a\s+)?)\s*(?:due\s+)?(?:date|deadline)s?\b|\bundated\b/i.test(text)) filters.due = 'no_date'
  if (/\b(?:high|urgent|important|top|critical)\b/i.test(text)) filters.priority = 'high'
  else if (/\blow[\s-]*(?:priority|prio)\b/i.test(text)) filters.priority = 'low'
  else if (/\b(?:medium|normal)[\s-]*(?:priority|prio)\b/i.test(text)) filters.priority = 'medium'
  if (/\b(?:completed|finished|done|did|checked off|ticked off|accomplished)\b/i.test(text) && !/\bnot\s+(?:yet\s+)?(?:done|completed|finished)\b|\bto\s+(?:be\s+)?done\b|(?<!did\s+i\s+)\bget\s+done\b/i.test(text)) {
    filters.status = 'completed'
  } else if (
    filters.due ||
    /\b(?:pending|left|remaining|outstanding|open|incomplete|unfinished|not\s+(?:yet\s+)?(?:done|completed|finished)|to\s+do|todo|next|plate|still|upcoming|need to do|have to do|should i do|get done|on my list|agenda)\b/i.test(text)
  ) {
    filters.status = 'pending'
  }
  return filters
}

// Complete: "mark X done", "X is done", "finished X", "tick off X", "I called the plumber".
const DONE_WORDS = String.raw`(?:complete|completed|done|finished|finish|checked(?:\s+off)?|ticked(?:\s+off)?|crossed\s+off|sorted|handled|taken\s+care\s+of|dealt\s+with)`
const COMPLETE = [
  new RegExp(String.raw`^(?:mark|set|flag|make|tag|put)\s+(.+?)\s+(?:as\s+|to\s+)?${DONE_WORDS}$`, 'i'),
  /^(?:complete|finish|check\s+off|tick\s+off|cross\s+off|close|check|tick|cross\s+out|strike|resolve)\s+(.+?)(?:\s+off)?$/i,
  new RegExp(String.raw`^(.+?)\s+(?:is|are|was|has\s+been|have\s+been|'s)\s+(?:now\s+|all\s+|finally\s+|already\s+)?${DONE_WORDS}$`, 'i'),
  new RegExp(String.raw`^(?:i\s+)?(?:have\s+|'ve\s+)?(?:just\s+|finally\s+|already\s+)?(?:finished|completed|done(?:\s+with)?|did|am\s+done\s+with|'m\s+done\s+with|got\s+(?:done\s+)?with|took\s+care\s+of|dealt\s+with|sorted(?:\s+out)?|handled)\s+(.+)$`, 'i'),
  new RegExp(String.raw`^(.+?)[\s,;-]+(?:(?:you can|u can|please|pls|so)\s+)?(?:tick|check|cross|mark)\s+(?:it|that|this)\s+(?:off|done|as\s+done|complete)$`, 'i'),
  new RegExp(String.raw`^(?:done|finished|completed)\s*(?:with|:|-)?\s+(.+)$`, 'i'),
  new RegExp(String.raw`^(.+?)\s+${DONE_WORDS}$`, 'i'),
]

/** Past tenses the title would not share ("bought" milk → "buy milk"); matching reads the rest. */
const PAST_STATEMENT =
  /^(?:i(?:'ve|\s+have)?\s+)?(?:just\s+|finally\s+|already\s+)?(?!need|want|have|had|was|am|should|must|could|would|will|think|guess|forgot|added|asked|said|meant|told|used|tried|wanted|needed|decided|planned|started)(\w{2,}[^e\W]ed|\w+ied|bought|paid|sent|went|wrote|made|took|got|did|read|ran|met|fixed|called|booked|emailed|texted|rang|gave|found|sold|brought|spoke|put|cut|set|built|drove|fed|hung|left|lent|kept|sat|shot|swept|taught|threw|won|cleaned|washed|watered|renewed|submitted|returned|picked\s+up|dropped\s+off)\s+(.+)$/i

// Reopen: "reopen X", "X is not done", "uncheck X".
const REOPEN = [
  /^(?:reopen|re-open|unmark|uncheck|untick|uncomplete|un-complete|restore|revive)\s+(.+)$/i,
  /^(?:mark|set|make|put)\s+(.+?)\s+(?:as\s+|to\s+|back\s+(?:to|as)\s+)?(?:not\s+(?:yet\s+)?(?:done|complete|completed|finished)|undone|incomplete|unfinished|pending|open|to\s*do|active)(?:\s+again)?$/i,
  /^(.+?)\s+(?:isn't|is\s+not|wasn't|was\s+not|aren't|are\s+not|is\s+actually\s+not|isn't\s+actually|is\s+still\s+not|not)\s+(?:actually\s+)?(?:done|finished|complete|completed)(?:\s+(?:yet|after all))?$/i,
  /^(?:i\s+)?(?:didn'?t|did\s+not|haven'?t|have\s+not)\s+(?:actually\s+)?(?:finish|complete|do|done)\s+(.+?)(?:\s+yet|\s+after\s+all)?$/i,
  /^(?:bring|put|move)\s+(.+?)\s+back(?:\s+(?:to\s+)?(?:pending|open|my list|to\s+do))?$/i,
]

const DELETE = [
  /^(?:delete|remove|cancel|drop|erase|trash|bin|scrap|nuke|kill|ditch|clear|discard|axe|take)\s+(.+?)(?:\s+(?:off|from|out of)\s+(?:my|the)\s+(?:list|tasks|todos|board))?$/i,
  /^(?:get\s+rid\s+of|forget\s+about|never\s*mind|nevermind|don'?t\s+need|no\s+longer\s+need)\s+(.+?)(?:\s+(?:anymore|any\s+more))?$/i,
  /^(.+?)\s+(?:is|are)\s+(?:cancelled|canceled|not\s+needed|no\s+longer\s+needed|off)(?:\s+anymore)?$/i,
  /^i\s+(?:don'?t|do\s+not|no\s+longer)\s+(?:need|have|want)\s+(?:to\s+)?(.+?)(?:\s+(?:anymore|any\s+more))?$/i,
]

const CLEAR_COMPLETED =
  /^(?:delete|remove|clear|purge|clean(?:\s+up|\s+out)?|get\s+rid\s+of|archive|trash|wipe|bin|drop|hide)\s+(?:all\s+|every\s+|out\s+)?(?:of\s+)?(?:the\s+|my\s+)?(?:completed|finished|done|checked|ticked|old\s+done|crossed)(?:\s+(?:ones|tasks|todos|items|stuff))?(?:\s+(?:from|off)\s+(?:my|the)\s+list)?$|^clear\s+(?:out\s+)?(?:the\s+)?(?:done|completed)\s+(?:list|column)|^(?:clean\s+up|tidy\s+up)\s+(?:my\s+|the\s+)?(?:list|board|tasks)$/i

const UNDO = /^(?:(?:oops+|whoops|oh\s+no|wait|no|sorry|argh|damn|nooo*),?\s+)*(?:undo|undo\s+(?:that|it|this|the\s+last\s+(?:one|thing|change|action)|last|please)|oops+|whoops|take\s+(?:that|it)\s+back|revert(?:\s+(?:that|it))?|bring\s+(?:it|that)\s+back|put\s+(?:it|that)\s+back|restore\s+(?:it|that|them)|undelete(?:\s+(?:it|that))?|i\s+didn'?t\s+mean\s+(?:that|to(?:\s+do\s+that)?)|wait\s+(?:no|undo)|cancel\s+(?:that|the\s+last\s+(?:one|change)))$/i
const YES = /^(?:y|yes|yeah|yea|yep|yup|sure|ok|okay|k|correct|right|exactly|confirm|confirmed|do\s+it|go\s+ahead|go\s+for\s+it|please\s+do|yes\s+please|that\s+one|that's\s+(?:it|the\s+one|right)|absolutely|definitely|affirmative|yes\s+do\s+it|yes\s+that\s+one)$/i
const NO = /^(?:n|no|nope|nah|no\s+thanks|cancel|stop|don'?t|do\s+not|never\s*mind|forget\s+it|neither|none(?:\s+of\s+(?:them|those))?|leave\s+it|no\s+don'?t|wrong\s+one|not\s+that\s+one)$/i
const HELP = /^(?:help|\?|what\s+can\s+you\s+do|what\s+do\s+you\s+do|how\s+does\s+this\s+work|how\s+do\s+i\s+use\s+(?:this|you)|commands|hi|hello|hey|yo|good\s+(?:morning|afternoon|evening)|who\s+are\s+you|start)$/i
const THANKS = /^(?:thanks?|thank\s+you|thx|ty|cheers|great|awesome|cool|nice|perfect|good|lovely|brilliant)(?:\s+(?:so\s+much|a\s+lot|you|mate))?$/i

// Update: priority, due date, title, description.
const PRIORITY_VALUE = String.raw`(?:a\s+)?(high|urgent|top|important|critical|medium|normal|low|lowest|highest)(?:[\s-]*(?:priority|prio))?`
const UPDATE_PRIORITY = [
  new RegExp(String.raw`^(?:make|set|mark|change|put|flag|bump|switch|move)\s+(.+?)\s+(?:to\s+|as\s+|at\s+|into\s+)?${PRIORITY_VALUE}$`, 'i'),
  new RegExp(String.raw`^(?:set|change|make|update|bump|switch|put|raise|lower)\s+(?:the\s+)?(?:priority|prio)\s+(?:of|for|on)\s+(.+?)\s+(?:to|as|at)\s+${PRIORITY_VALUE}$`, 'i'),
  new RegExp(String.raw`^(?:set|change|make|update)\s+(.+?)(?:'s|s)?\s+(?:priority|prio)\s+(?:to|as)\s+${PRIORITY_VALUE}$`, 'i'),
  new RegExp(String.raw`^(.+?)\s+(?:is|should\s+be|must\s+be|needs\s+to\s+be|has\s+to\s+be|is\s+now|becomes)\s+${PRIORITY_VALUE}$`, 'i'),
]
const PRIORITY_VERB: [RegExp, Priority][] = [
  [/^(?:prioriti[sz]e|escalate|bump\s+up|bump|raise)\s+(.+?)(?:\s+up)?$/i, 'high'],
  [/^(?:depriori?ti[sz]e|de-prioriti[sz]e|lower)\s+(.+?)(?:\s+down)?$/i, 'low'],
]
const RESCHEDULE = [
  /^(?:push|move|postpone|reschedule|delay|shift|put\s+off|bump|change|set|make|defer|slide)\s+(?:back\s+)?(.+)$/i,
  /^(.+?)\s+(?:is|should\s+be|must\s+be|needs\s+to\s+be|has\s+to\s+be)\s+(?:now\s+)?(?:due|done\s+by|finished\s+by)\s+(.+)$/i,
  /^(.+?)\s+(?:is\s+)?(?:due)\s+(.+)$/i,
]
const CLEAR_DUE = [
  /^(?:remove|clear|delete|drop|take\s+off|get\s+rid\s+of|unset)\s+(?:the\s+)?(?:due\s+date|deadline|date)\s+(?:of|from|on|for)\s+(.+)$/i,
  /^(.+?)\s+(?:has|needs)\s+no\s+(?:due\s+date|deadline|date)(?:\s+anymore)?$/i,
  /^(?:set|change|make)\s+(.+?)(?:'s)?\s+(?:due\s+date|deadline)\s+to\s+(?:none|nothing|never|no\s+date)$/i,
  /^(?:make|set)\s+(.+?)\s+(?:undated|without\s+a\s+(?:due\s+)?date)$/i,
]
const RENAME = [
  /^(?:rename|retitle|re-name)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i,
  /^(?:change|update|edit|set|fix)\s+(?:the\s+)?(?:title|name|wording|text)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i,
  /^(?:change|update|edit|set|fix)\s+(.+?)(?:'s)?\s+(?:title|name|wording|text)\s+to\s+(.+)$/i,
  /^(?:change|update|edit|fix|correct|reword|turn)\s+(.+?)\s+(?:to\s+say|to\s+read|so\s+it\s+says|so\s+it\s+reads|to|into)\s+(.+)$/i,
  /^(?:call)\s+(.+?)\s+(?:instead|from now on)$/i,
]
const DESCRIBE = [
  /^(?:add|put|attach|set|write)\s+(?:a\s+|the\s+)?(?:note|description|details?|comment)\s+(?:to|on|for)\s+(.+?)\s*[:,-]\s*(.+)$/i,
  /^(?:add|put|attach|set|write)\s+(?:a\s+|the\s+)?(?:note|description|details?|comment)\s+["'](.+?)["']\s+(?:to|on|for)\s+(.+)$/i,
  /^(?:set|change|update)\s+(?:the\s+)?(?:description|notes?|details)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i,
]

function matchFirst(patterns: RegExp[], text: string): RegExpExecArray | undefined {
  for (const p of patterns) {
    const m = p.exec(text)
    if (m) return m
  }
  return undefined
}

function describeIntent(text: string, match: RegExpExecArray): Intent {
  const quotedFirst = DESCRIBE[1]!.test(text) && !DESCRIBE[0]!.test(text)
  const [targetText, value] = quotedFirst ? [match[2]!, match[1]!] : [match[1]!, match[2]!]
  return { kind: 'update', target: parseTarget(targetText), changes: { description: value.replace(/^["']|["']$/g, '') } }
}

function updateIntent(text: string, today: Date): Intent | undefined {
  const clearDue = matchFirst(CLEAR_DUE, text)
  if (clearDue) return { kind: 'update', target: parseTarget(clearDue[1]!), changes: { due_date: null } }
  for (const p of UPDATE_PRIORITY) {
    const m = p.exec(text)
    if (!m) continue
    const target = m[1]!.replace(/(?:'s)?\s+(?:priority|prio)(?:\s+(?:to|as|at))?$/i, '')
    // "make X high priority" vs. "mark X done": only a priority value ends the sentence here.
    const priority = priorityOf(m[2]!) ?? (/^(?:highest)$/i.test(m[2]!) ? 'high' : /^lowest$/i.test(m[2]!) ? 'low' : undefined)
    if (priority && !/\b(?:due|by)\b/i.test(target)) return { kind: 'update', target: parseTarget(target), changes: { priority } }
  }
  for (const [p, priority] of PRIORITY_VERB) {
    const m = p.exec(text)
    if (m) return { kind: 'update', target: parseTarget(m[1]!), changes: { priority } }
  }
  const rename = matchFirst(RENAME, text)
  // A rename whose new name is a date is a reschedule ("change the dentist to friday").
  if (rename && rename[2] && !isOnlyDate(rename[2], today)) {
    const target = rename[1]!.replace(/\s+(?:title|name)$/i, '')
    return { kind: 'update', target: parseTarget(target), changes: { title: cleanTitle(rename[2]) } }
  }
  for (const p of RESCHEDULE) {
    const m = p.exec(text)
    if (!m) continue
    const whole = m[2] ? `${m[1]} due ${m[2]}` : m[1]!
    const found = findDate(whole, today)
    if (!found) continue
    const target = withoutDate(whole, found)
      .replace(/(?:'s)?\s+(?:due\s+date|deadline|date)$/i, '')
      .replace(/^(?:the\s+)?(?:due\s+date|deadline|date)\s+(?:of|for|on)\s+/i, '')
      .replace(/\s+(?:back|out|forward|over|up)$/i, '')
    if (!target) continue
    return { kind: 'update', target: parseTarget(target), changes: { due_date: found.date } }
  }
  return undefined
}

function isOnlyDate(text: string, today: Date): boolean {
  const found = findDate(text, today)
  return !!found && withoutDate(text, found).replace(/\b(?:due|by|on|for|instead)\b/gi, '').trim() === ''
}

/** A bare phrase that reads like a task ("buy milk tomorrow", "fix the leaking tap"). */
function looksLikeTask(text: string): boolean {
  const words = text.split(/\s+/)
  return words.length >= 2 && words.length <= 14 && /^[a-z]/i.test(text) && !/\?$/.test(text) && !/^(?:i|you|we|it|is|are|do|does|why|how|when|where|who)\b/i.test(text)
}

export function parseIntent(message: string, today: Date): Intent {
  const asked = /\?\s*$/.test(message.trim())
  const text = normalize(message)
  if (text === '' || HELP.test(text)) return { kind: 'help' }
  if (THANKS.test(text)) return { kind: 'thanks' }
  if (UNDO.test(text)) return { kind: 'undo' }
  if (YES.test(text)) return { kind: 'yes' }
  if (NO.test(text)) return { kind: 'no' }
  const choice = CHOICE.test(text) ? parseTarget(text) : undefined
  if (choice && ('number' in choice || 'ordinal' in choice)) return { kind: 'choose', target: choice }
  if (CLEAR_COMPLETED.test(text)) return { kind: 'clear_completed' }

  // "urgent: fix the tap", "!high call the bank": a priority marker at the start is an add.
  const marked = /^(?:urgent|important|asap|critical)\s*[:!-]+\s*\S|^!\s*(?:high|low|medium|urgent)\b/i.test(text)

  // A question or a listing comes before commands: "what is due tomorrow" is not a reschedule.
  const isQuestion = asked || /^(?:what|which|whats|how|do|does|is|are|any|anything|show|list|display|view|see|give|tell|get|print|read|pull|bring up|let me|lemme|check|where)\b/i.test(text)
  if (!marked && COUNT.test(text)) return { kind: 'count', ...listFilters(text) }
  if (!marked && LIST.some((p) => p.test(text)) && (QUESTIONISH.test(text) || LIST[1]!.test(text)) && !/^(?:check|tick|cross)\s+off\b/i.test(text)) {
    if (!/^(?:show|list|give|tell|get|bring)\s+(?:me\s+)?(?:how\s+to|a\s+(?:joke|story))/i.test(text)) return { kind: 'list', ...listFilters(text) }
  }

  const reopen = matchFirst(REOPEN, text)
  if (reopen && !/^(?:bring|put)\s+(?:it|that)\s+back$/i.test(text)) return { kind: 'reopen', target: parseTarget(reopen[1]!) }

  const describe = matchFirst(DESCRIBE, text)
  if (describe) return describeIntent(text, describe)
  const update = updateIntent(text, today)
  const add = matchFirst(ADD, text)
  // "make X high priority" is an update; "make a task to …" is an add.
  if (update && !(add && /^(?:add|create|new|put|insert|remind|don'?t|remember|note|jot|write)\b/i.test(text) && !/^put\s+off\b/i.test(text))) return update
  if (add?.[1]) {
    const task = newTask(add[1], today)
    if (task.title) return { kind: 'add', ...task }
  }
  if (marked) {
    const task = newTask(text, today)
    if (task.title) return { kind: 'add', ...task }
  }

  const completeMatch = matchFirst(COMPLETE, text)
  const past = completeMatch ? undefined : PAST_STATEMENT.exec(text)
  if (completeMatch || past) {
    const target = past ? `${past[1]} ${past[2]}` : completeMatch![1]!
    if (!/^(?:all|everything|every\s+task|all\s+(?:my\s+)?tasks)$/i.test(target)) return { kind: 'complete', target: parseTarget(target) }
  }

  const del = matchFirst(DELETE, text)
  if (del?.[1] && !/^(?:all|everything|every\s+task|all\s+(?:my\s+)?tasks|my\s+list)$/i.test(del[1])) {
    return { kind: 'delete', target: parseTarget(del[1]) }
  }

  if (isQuestion && QUESTIONISH.test(text)) return { kind: 'list', ...listFilters(text) }
  if (!isQuestion && looksLikeTask(text)) {
    const task = newTask(text, today)
    if (task.title) return { kind: 'maybe_add', ...task }
  }
  return { kind: 'unknown' }
}

import { editsApart, lemma } from '../language/english.js'

// Which task a person means by a few words of its title ("the groceries one", "the dentist
// apointment"). Only words that carry meaning count: "task", "the", "about", "my" never
// make a match. Word forms come from compromise's lexicon (language/english.ts). A match is confident only when every such word is found in one task's
// title and in no other's as well; anything less is a question back, never an action.

/** Words that say nothing about which task is meant. */
const NOISE = new Set(
  (
    'a an the this that these those my your our its of to for and or on in at by with about from into ' +
    'task tasks todo todos to-do item items thing things one ones entry reminder list ' +
    'please pls can could would you me i it is are was be named titled'
  ).split(' '),
)

/** A word's dictionary form, accents off: "Groceries" → grocery, "called" → call (compromise's tables). */
export function stem(word: string): string {
  const w = word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
  return lemma(w)
}

/** The words of a text that carry meaning, stemmed. */
export function meaningfulWords(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 || /\d/.test(w))
    .filter((w) => !NOISE.has(w.toLowerCase()))
    .map(stem)
}

/** The same word, allowing a typo in longer words and a shortened form ("appt" no, "meet" yes). */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true
  const shorter = Math.min(a.length, b.length)
  if (shorter >= 4 && (a.startsWith(b) || b.startsWith(a))) return true
  return shorter >= 5 && editsApart(a, b) <= 1
}

/** Fragments to look for in titles with SQL before scoring: each word's first letters. */
export function searchFragments(text: string): string[] {
  return [...new Set(meaningfulWords(text).map((w) => (w.length > 4 ? w.slice(0, 4) : w)))]
}

/** How much of the query a title answers: the share of its meaningful words found there. */
export function score(query: string, title: string): number {
  const q = meaningfulWords(query)
  if (q.length === 0) return 0
  const t = meaningfulWords(title)
  return q.filter((w) => t.some((tw) => sameWord(w, tw))).length / q.length
}

/**
 * Do the words name the whole title, not just part of it? Case, "the"/"a"/"my", a trailing
 * "task"/"one", and word forms aside: "I called the plumber" names "call the plumber".
 */
export function wholeTitle(words: string, title: string): boolean {
  const a = meaningfulWords(words)
  const b = meaningfulWords(title)
  return a.length > 0 && a.length === b.length && a.every((w, i) => w === b[i])
}

/** Do the words agree with a title: is every meaningful word of them in it? */
export function agrees(words: string, title: string): boolean {
  return meaningfulWords(words).length === 0 || score(words, title) === 1
}

export interface Candidate {
  number: number
  title: string
  completed: boolean
}

export interface MatchResult<T extends Candidate> {
  /** The task meant, when there is no doubt. */
  match?: T
  /** Tasks it could be, best first (when there is doubt), at most five. */
  candidates: T[]
  /** The query had no word that could name a task ("delete the task"). */
  vague: boolean
}

/**
 * The task a query names, when exactly one task holds every meaningful word of it (an exact
 * title always wins). With `prefer`, a task in that state wins a tie with one that is not
 * (completing prefers an open task). Otherwise candidates: those sharing at least half the
 * words, best first.
 */
export function matchTask<T extends Candidate>(query: string, tasks: T[], prefer?: 'pending' | 'completed'): MatchResult<T> {
  if (meaningfulWords(query).length === 0) return { candidates: [], vague: true }
  const exact = tasks.filter((t) => t.title.trim().toLowerCase() === query.trim().toLowerCase())
  if (exact.length === 1) return { match: exact[0], candidates: exact, vague: false }
  const scored = tasks
    .map((task) => ({ task, score: score(query, task.title) }))
    .filter((s) => s.score >= 0.5)
    .sort((a, b) => b.score - a.score || Number(a.task.completed) - Number(b.task.completed) || a.task.number - b.task.number)
  let full = scored.filter((s) => s.score === 1)
  if (prefer && full.length > 1) {
    const preferred = full.filter((s) => s.task.completed === (prefer === 'completed'))
    if (preferred.length === 1) full = preferred
  }
  if (full.length === 1) return { match: full[0]!.task, candidates: [full[0]!.task], vague: false }
  return { candidates: scored.slice(0, 5).map((s) => s.task), vague: false }
}

// A message as the language layer reads it: words (contractions expanded, each with its
// dictionary form), the filler and politeness around a request taken off, a typo in the
// command word corrected, and the message cut into clauses, one request each ("delete
// task 2 and mark 3 done"). Every step is one pass over the words.
import { correct, expand, isPastTense, isQuote, isVerb, lemma, MAX_INPUT, tokenize } from './english.js'

export interface Word {
  /** Lower case, as typed (or a part of an expanded contraction). */
  lower: string
  /** Dictionary form: "called" → call. */
  lemma: string
  /** The typed text it came from (start, end), so titles keep their capitals and spelling. */
  start: number
  end: number
  kind: 'word' | 'number' | 'punct'
}

/** Words around a request that carry no meaning, taken off the front (longest first). */
const LEADING: string[][] = [
  'would you mind', 'would you be able to', 'do you mind', 'could you please', 'can you please', 'would you please',
  'will you please', 'could you', 'can you', 'would you', 'will you', 'could u', 'can u', 'i want you to',
  'i would like you to', 'i need you to', 'go ahead and', 'help me', 'one more thing', 'quick one', 'if you could',
  'hey', 'hi', 'hello', 'ok', 'okay', 'so', 'um', 'umm', 'uh', 'uhh', 'er', 'erm', 'oh', 'well', 'alright', 'right', 'now',
  'also', 'and', 'then', 'please', 'pls', 'plz', 'kindly', 'just', 'quickly', 'actually', 'assistant', 'bot', 'yo',
  'hmm', 'maybe', 'oh and', 'btw', 'ah', 'like', ',', 'you know', 'sorry', 'ya', 'yeah so', 'lol', 'oh wait', 'wait', '!', '.', 'hiya',
  'hey there', 'morning', 'ok so', 'right so', 'quick question', 'oops', 'whoops', 'oh no', 'you can', 'you could', 'you',
].map((p) => p.split(' '))

/** … and off the end. */
const TRAILING: string[][] = [
  'thank you so much', 'thanks so much', 'thanks a lot', 'thank you', 'thanks', 'thx', 'ty', 'cheers', 'please', 'pls',
  'plz', 'for me', 'if you can', 'if you could', 'when you can', 'when you get a chance', 'now', 'asap thanks', 'ok',
  'okay', 'mate', 'buddy', 'lol', '?', '.', '!', ',', '…', ':)', 'would you', 'could you', 'ok thanks', 'right now',
].map((p) => p.split(' '))

const startsWith = (words: Word[], at: number, phrase: string[]) => phrase.every((p, i) => words[at + i]?.lower === p)
const endsWith = (words: Word[], end: number, phrase: string[]) => phrase.every((p, i) => words[end - phrase.length + i]?.lower === p)

/** The message as words, contractions expanded. Refuses (undefined) input over MAX_INPUT. */
export function wordsOf(text: string): Word[] {
  const words: Word[] = []
  for (const t of tokenize(text.slice(0, MAX_INPUT))) {
    if (t.kind !== 'word') {
      words.push({ lower: t.lower, lemma: t.lower, start: t.start, end: t.end, kind: t.kind })
      continue
    }
    for (const part of expand(t.lower)) words.push({ lower: part, lemma: lemma(part), start: t.start, end: t.end, kind: 'word' })
  }
  return words
}

/** Takes the filler off both ends (repeatedly, each pass consuming words: linear). */
export function trim(words: Word[]): Word[] {
  let from = 0
  let to = words.length
  while (from < to - 1 && words[from]!.kind === 'punct' && !isQuote(words[from]!) && !['#', '!', '('].includes(words[from]!.lower)) from++
  while (to > from + 1 && words[to - 1]!.kind === 'punct' && !isQuote(words[to - 1]!) && words[to - 1]!.lower !== ')') to--
  for (let changed = true; changed && from < to; ) {
    changed = false
    for (const phrase of LEADING) {
      if (from + phrase.length < to && startsWith(words, from, phrase)) {
        from += phrase.length
        changed = true
        break
      }
    }
    for (const phrase of TRAILING) {
      if (to - phrase.length > from && endsWith(words, to, phrase)) {
        to -= phrase.length
        changed = true
        break
      }
    }
  }
  return words.slice(from, to)
}

/** Corrects a typo in the first word when it is not an English word ("compelte" → complete). */
export function correctCommand(words: Word[], vocabulary: readonly string[], known: (w: string) => boolean): Word[] {
  const first = words[0]
  if (!first || first.kind !== 'word' || known(first.lower)) return words
  const fixed = correct(first.lower, vocabulary)
  return fixed ? [{ ...first, lower: fixed, lemma: fixed }, ...words.slice(1)] : words
}

/** The words, lower case, one space apart. */
export const joined = (words: Word[]) => words.map((w) => w.lower).join(' ')

/** The typed text a run of words came from. */
export function textOf(message: string, words: Word[]): string {
  if (words.length === 0) return ''
  return message.slice(words[0]!.start, words.at(-1)!.end)
}

/** Commands that start a new request even inside an add ("add milk and mark task 3 done"). */
const STRONG = new Set(['mark', 'complete', 'delete', 'remove', 'reopen', 'restore', 'rename', 'show', 'list', 'undo', 'move', 'push', 'postpone', 'reschedule', 'make', 'set', 'change', 'prioritise', 'prioritize', 'tick', 'cross', 'uncheck', 'untick'])

/**
 * Cuts a message into clauses at ";", ". ", "then", "also", and at "and" or "," when what
 * follows starts a new request: a command word of `commands`, "so is/are", or (after a
 * past-tense statement) another past tense ("paid rent and called mom"). Inside quotes, and
 * inside a list of new tasks ("add X and Y; Z"), only a strong command cuts.
 */
export function clauses(words: Word[], commands: ReadonlySet<string>, adds: ReadonlySet<string>): Word[][] {
  const result: Word[][] = []
  let current: Word[] = []
  let quoted = false
  const startsRequest = (at: number, adding: boolean, pastFirst: boolean) => {
    const n = words[at]
    if (!n) return false
    if (adding) return STRONG.has(n.lower)
    if (pastFirst && n.lower !== n.lemma && isPastTense(n.lower)) return true
    return commands.has(n.lemma) || commands.has(n.lower) || STRONG.has(n.lower) || (n.lower === 'so' && ['is', 'are', 'was'].includes(words[at + 1]?.lower ?? ''))
  }
  // The clause's first meaningful word, found once per clause (not rescanned per word).
  let first: Word | undefined
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    if (isQuote(w)) quoted = !quoted
    if (current.length === 0) first = undefined
    if (!first && w.kind === 'word' && !FILLER_WORDS.has(w.lower) && !['i', 'have', 'finally', 'already'].includes(w.lower)) first = w
    if (!quoted) {
      const adding = !!first && adds.has(first.lower)
      const pastFirst = !!first && first.lower !== first.lemma && isPastTense(first.lower)
      const boundary = w.lower === ';' || (w.lower === '.' && !!words[i + 1]) || (w.lower === 'then' && current.length > 0) || (w.lower === 'also' && current.length > 1)
      // A full stop ends a sentence even in a list of new tasks.
      if (boundary && (!adding || w.lower === '.' || startsRequest(i + 1, true, false))) {
        if (current.length) result.push(current)
        current = []
        continue
      }
      if ((w.lower === 'and' || w.lower === ',') && current.length > 0) {
        let at = i + 1
        if (words[at]?.lower === 'then' || words[at]?.lower === 'also' || words[at]?.lower === 'and') at++
        if (startsRequest(at, adding, pastFirst)) {
          result.push(current)
          current = []
          i = at - 1
          continue
        }
      }
    }
    current.push(w)
  }
  if (current.length) result.push(current)
  return result
}

const FILLER_WORDS = new Set(LEADING.filter((p) => p.length === 1).map((p) => p[0]!))

export { isVerb }

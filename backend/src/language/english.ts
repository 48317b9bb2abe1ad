// What the language layer knows about English words, from compromise's lexicon and
// conjugation tables (verb forms, plurals, contractions) and fastest-levenshtein (typos).
// Everything here works on one word or one token list at a time, in time linear in the
// input: compromise's whole-sentence tagger is not used on user text (on 4,000 characters it
// took 1.5 s here, and it grows faster than the input).
import nlp from 'compromise'
import { distance } from 'fastest-levenshtein'

// compromise types its model and methods as `object`; these are the parts read here.
interface Model {
  one: { lexicon: Record<string, string | undefined>; contractions: unknown }
}
interface Transform {
  verb: { toInfinitive(word: string, model: Model, tense: string): string; conjugate(word: string, model: Model): Record<string, string> }
  noun: { toSingular(word: string, model: Model): string }
}
const model = nlp.model() as Model
const transform = (nlp.methods() as { two: { transform: Transform } }).two.transform

/** The longest message the layer reads; longer input is refused before any parsing. */
export const MAX_INPUT = 4000

export interface Token {
  /** As typed. */
  raw: string
  /** Lower case, curly quotes and apostrophes straightened. */
  lower: string
  /** Where it starts and ends in the text (end exclusive). */
  start: number
  end: number
  kind: 'word' | 'number' | 'punct'
}

const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 45 || c > 127
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 160

const CURLY = /[‘’“”]/g
const HAS_CURLY = /[‘’“”]/
function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Splits a text into words, numbers and single punctuation marks, in one pass. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) {
      i++
      continue
    }
    const start = i
    if (isWordChar(c) && c !== 39 && c !== 45) {
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++
      // A word's trailing apostrophes and hyphens are punctuation ("plants'" → plants).
      while (i > start + 1 && (text.charCodeAt(i - 1) === 39 || text.charCodeAt(i - 1) === 45)) i--
    } else {
      i++
    }
    const raw = text.slice(start, i)
    let lower = raw.toLowerCase()
    if (HAS_CURLY.test(lower)) lower = lower.replace(CURLY, (q) => (q === '’' || q === '‘' ? "'" : '"'))
    const kind = allDigits(raw) ? 'number' : isWordChar(c) && !(raw.length === 1 && (c === 39 || c === 45)) ? 'word' : 'punct'
    tokens.push({ raw, lower, start, end: i, kind })
  }
  return tokens
}

/** A quote mark: '"', or a "'" standing apart from a word (an apostrophe inside one is part of it). */
export const isQuote = (t: { lower: string; kind: string }) => t.kind === 'punct' && (t.lower === '"' || t.lower === "'")

/** Contractions people type, with and without the apostrophe: "don't", "dont" → "do not". */
const CONTRACTIONS: Record<string, string[]> = {}
for (const entry of Object.values(model.one.contractions as { word: string; out: string[] }[])) {
  if (entry.word && Array.isArray(entry.out)) CONTRACTIONS[entry.word] = entry.out
}
const NEGATIONS: Record<string, string> = {
  dont: 'do', "don't": 'do', doesnt: 'does', "doesn't": 'does', didnt: 'did', "didn't": 'did', isnt: 'is', "isn't": 'is',
  arent: 'are', "aren't": 'are', wasnt: 'was', "wasn't": 'was', havent: 'have', "haven't": 'have', hasnt: 'has',
  "hasn't": 'has', cant: 'can', "can't": 'can', wont: 'will', "won't": 'will', shouldnt: 'should', "shouldn't": 'should',
}
const APOSTROPHE_TAILS: Record<string, string> = { "'ll": 'will', "'ve": 'have', "'re": 'are', "'m": 'am', "'d": 'would' }

/** The words a token stands for, contractions expanded ("don't" → do not, "i'm" → i am). */
export function expand(word: string): string[] {
  const negation = NEGATIONS[word]
  if (negation) return [negation, 'not']
  const known = CONTRACTIONS[word]
  if (known) return known
  const apostrophe = word.indexOf("'")
  if (apostrophe > 0) {
    const tail = APOSTROPHE_TAILS[word.slice(apostrophe)]
    if (tail) return [word.slice(0, apostrophe), tail]
    // "it's", "what's": is; "sam's": a possessive stays one word.
    if (word.endsWith("'s") && ['it', 'what', 'that', 'there', 'here', 'who', 'where', 'how', 'he', 'she', 'when'].includes(word.slice(0, -2))) {
      return [word.slice(0, -2), 'is']
    }
  }
  return [word]
}

const lemmas = new Map<string, string>()

/**
 * Longer words are taken as they are. compromise's suffix rules (suffix-thumb's convert)
 * try every suffix of a word, each a new string: quadratic in its length (docs/testing.md,
 * "Long words"). No English word that has another form is this long.
 */
const MAX_WORD_FORMS_LENGTH = 30

/** A word's dictionary form: "called" → call, "bought" → buy, "groceries" → grocery. */
export function lemma(word: string): string {
  const cached = lemmas.get(word)
  if (cached !== undefined) return cached
  const tag = model.one.lexicon[word] as string | undefined
  let base = word
  if (word.length > 2 && word.length <= MAX_WORD_FORMS_LENGTH && !/\d/.test(word)) {
    if (tag === 'PastTense' || (tag === undefined && word.endsWith('ed')) || ((tag === 'Adjective' || tag === 'Participle') && word.endsWith('ed'))) {
      base = transform.verb.toInfinitive(word, model, 'PastTense') || word
    } else if (tag === 'Participle') {
      base = transform.verb.toInfinitive(word, model, 'PastTense') || word
    } else if (word.endsWith('ing') && word.length > 5 && tag !== 'Noun' && tag !== 'Singular') {
      base = transform.verb.toInfinitive(word, model, 'Gerund') || word
    } else if (tag === 'Plural' || (tag === undefined && word.endsWith('s') && !word.endsWith('ss') && word.length > 3)) {
      base = transform.noun.toSingular(word, model) || word
    }
  }
  if (lemmas.size > 20_000) lemmas.clear()
  lemmas.set(word, base)
  return base
}

/** Verbs that start tasks but that compromise's lexicon files under another word class. */
const TASK_VERBS = new Set(['email', 'e-mail', 'text', 'message', 'ring', 'phone', 'google', 'vacuum', 'hoover', 'iron', 'mop', 'dust', 'tidy', 'sort', 'file', 'mail', 'post', 'ship', 'return', 'renew', 'cancel', 'book', 'order', 'schedule', 'review', 'finish', 'prep', 'prepare', 'submit', 'update', 'backup', 'check', 'visit', 'pick', 'drop', 'feed', 'walk', 'wash', 'water', 'clean', 'fix', 'pay', 'call', 'buy', 'get', 'go', 'see', 'meet', 'read', 'watch', 'write', 'send', 'make', 'take', 'bring', 'plan', 'organise', 'organize'])

/** Is the word a verb a task can start with: "buy", "call", "water" (the plants)? */
export function isVerb(word: string): boolean {
  if (TASK_VERBS.has(word)) return true
  const tag = model.one.lexicon[word] as string | undefined
  if (tag === 'Infinitive' || tag === 'PresentTense' || tag === 'Imperative' || tag === 'PhrasalVerb') return true
  if (word.length < 3 || word.length > MAX_WORD_FORMS_LENGTH || /[^a-z]/.test(word)) return false
  // A word whose past tense the lexicon knows as a verb ("called", "watered") is a verb.
  const past = (transform.verb.conjugate(word, model) as { PastTense?: string }).PastTense
  return !!past && model.one.lexicon[past] === 'PastTense'
}

/** Does compromise know the word (or is it a form of one it knows: "emailed")? Known words are never "corrected". */
export function isKnownWord(word: string): boolean {
  return model.one.lexicon[word] !== undefined || lemma(word) !== word || isVerb(word)
}

/** Was the word said in the past tense ("called", "bought", "renewed")? */
export function isPastTense(word: string): boolean {
  const tag = model.one.lexicon[word] as string | undefined
  if (tag === 'PastTense' || (tag === 'Participle' && lemma(word) !== word)) return true
  return word.length > 4 && word.endsWith('ed') && tag !== 'Noun' && tag !== 'Singular' && lemma(word) !== word
}

/** Two neighbouring letters swapped ("mrak" / mark): one slip of the fingers, not two edits. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
}

/** Edits between two words (Levenshtein), two neighbouring letters swapped counting as one. */
export const editsApart = (a: string, b: string) => (swapped(a, b) ? 1 : distance(a, b))

/**
 * The vocabulary word a typed word is a typo of: one edit for words of 3–5 letters, two for
 * longer ones, only when exactly one vocabulary word is that close ("compelte" → complete,
 * "delte" → delete). Words of one or two letters are never corrected.
 */
export function correct(word: string, vocabulary: readonly string[]): string | undefined {
  if (word.length < 3 || word.length > 20 || /\d/.test(word)) return undefined
  const allowed = word.length <= 5 ? 1 : 2
  let best: string | undefined
  let bestDistance = allowed + 1
  let tie = false
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - word.length) > allowed) continue
    const d = editsApart(word, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
      tie = false
    } else if (d === bestDistance) {
      tie = true
    }
  }
  return best && bestDistance <= allowed && !tie ? best : undefined
}

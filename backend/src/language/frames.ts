// A frame is one way of saying a request, written as words with slots:
//   "mark {task} as? done/complete/finished"
// - `a/b/c`: one of these words; `tick_off`: several words in a row; `a?`: may be left out;
// - `{name}`: a slot, one or more words captured as they were typed; `{name:1}`: exactly one word.
// A frame has at most two slots. Words match a typed word or its dictionary form ("finished"
// matches `finish`). Matching is one pass for the words before the first slot, one from the
// end for the words after the last, and one scan for the words between two slots: linear in
// the length of the clause, with no backtracking over the input.
import type { Word } from './clause.js'

interface Element {
  /** Alternatives, each a run of words. */
  alternatives: string[][]
  optional: boolean
}

export interface Frame {
  source: string
  prefix: Element[]
  slots: string[]
  /** The last slot is one word (`{priority:1}`). */
  lastIsWord: boolean
  middle: Element[]
  /** Every word the middle can start with: positions with another word are skipped at once. */
  middleStarts: Set<string>
  suffix: Element[]
}

export type Slots = Record<string, Word[]>

function element(spec: string): Element {
  const alternatives = spec.split('/')
  const optional = alternatives.some((alt) => alt.endsWith('?'))
  return { alternatives: alternatives.map((alt) => alt.replace(/\?$/, '').split('_')), optional }
}

export function compileFrame(source: string): Frame {
  const parts = source.trim().split(/\s+/)
  const slotAt = parts.flatMap((p, i) => (p.startsWith('{') ? [i] : []))
  if (slotAt.length === 0 || slotAt.length > 2) throw new Error(`A frame needs one or two slots: ${source}`)
  const first = slotAt[0]!
  const last = slotAt.at(-1)!
  return {
    source,
    prefix: parts.slice(0, first).map(element),
    slots: slotAt.map((i) => parts[i]!.slice(1, -1).replace(/:1$/, '')),
    lastIsWord: parts[last]!.endsWith(':1}'),
    middle: parts.slice(first + 1, last).map(element),
    middleStarts: new Set(parts.slice(first + 1, last).map(element).flatMap((el) => el.alternatives.map((alt) => alt[0]!))),
    suffix: parts.slice(last + 1).map(element),
  }
}

const wordMatches = (word: Word | undefined, expected: string) => !!word && (word.lower === expected || word.lemma === expected)

/** How many words an alternative covers at `at` (going forward), or -1. */
function forward(words: Word[], at: number, alt: string[]): number {
  for (let i = 0; i < alt.length; i++) if (!wordMatches(words[at + i], alt[i]!)) return -1
  return alt.length
}

/** How many words an alternative covers ending just before `end` (going backward), or -1. */
function backward(words: Word[], end: number, alt: string[]): number {
  const start = end - alt.length
  if (start < 0) return -1
  return forward(words, start, alt) < 0 ? -1 : alt.length
}

/**
 * Every way a run of elements can match from `at` forward (or before `at`, backward):
 * the positions where it can end. Elements are few (a frame's own words), so this is
 * bounded by the frame, never by the input.
 */
function runEnds(words: Word[], at: number, elements: Element[], dir: 1 | -1): number[] {
  let positions = [at]
  const ordered = dir === 1 ? elements : [...elements].reverse()
  for (const el of ordered) {
    const next = new Set<number>()
    for (const p of positions) {
      if (el.optional) next.add(p)
      for (const alt of el.alternatives) {
        const n = dir === 1 ? forward(words, p, alt) : backward(words, p, alt)
        if (n >= 0) next.add(p + dir * n)
      }
    }
    positions = [...next]
    if (positions.length === 0) return []
  }
  return positions
}

/** The slots of a frame in a clause, or undefined when the frame does not fit. */
export function matchFrame(frame: Frame, words: Word[]): Slots | undefined {
  const starts = runEnds(words, 0, frame.prefix, 1)
  const ends = runEnds(words, words.length, frame.suffix, -1)
  // Prefer the longest prefix and suffix: "mark task 3 as done" leaves "task 3" to the slot.
  starts.sort((a, b) => b - a)
  ends.sort((a, b) => a - b)
  for (const from of starts) {
    for (const to of ends) {
      if (to <= from) continue
      if (frame.slots.length === 1) {
        if (frame.lastIsWord && to - from !== 1) continue
        return { [frame.slots[0]!]: words.slice(from, to) }
      }
      if (frame.lastIsWord) {
        // The one-word slot ends the run; the middle words come right before it.
        const middleStarts = runEnds(words, to - 1, frame.middle, -1).filter((p) => p > from).sort((a, b) => a - b)
        if (middleStarts.length) return { [frame.slots[0]!]: words.slice(from, middleStarts[0]), [frame.slots[1]!]: words.slice(to - 1, to) }
        continue
      }
      // Two slots: the first place after `from` where the middle words fit.
      for (let i = from + 1; i < to; i++) {
        if (!frame.middleStarts.has(words[i]!.lower) && !frame.middleStarts.has(words[i]!.lemma)) continue
        const after = runEnds(words, i, frame.middle, 1).filter((p) => p > i && p < to).sort((a, b) => b - a)[0]
        if (after !== undefined) {
          return { [frame.slots[0]!]: words.slice(from, i), [frame.slots[1]!]: words.slice(after, to) }
        }
      }
    }
  }
  return undefined
}

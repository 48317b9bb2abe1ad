// Fuzzy title matching for "the groceries one", "the bills task", "meeting".

export interface Titled {
  id: number
  title: string
  completed: boolean
}

const STOP = new Set(['the', 'a', 'an', 'to', 'of', 'for', 'and', 'my', 'on', 'in', 'with', 'at', 'one', 'task'])

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w))
}

/** "grocery" ~ "groceries", "bill" ~ "bills", "meet" ~ "meeting": a shared stem of 4+ letters. */
function similar(a: string, b: string): boolean {
  if (a === b) return true
  const shorter = Math.min(a.length, b.length)
  if (shorter < 3) return false
  let common = 0
  while (common < shorter && a[common] === b[common]) common++
  return common >= Math.max(3, Math.ceil(shorter * 0.75)) || (shorter >= 4 && (a.startsWith(b) || b.startsWith(a)))
}

/** How well a title answers the query, from 0 (nothing shared) to 1 (every query word). */
export function score(query: string, title: string): number {
  const q = words(query)
  if (q.length === 0) return 0
  const t = words(title)
  const hits = q.filter((w) => t.some((tw) => similar(w, tw))).length
  return hits / q.length
}

/**
 * The tasks that best match the query: every task with the top score, if at least half the
 * query's words are found. With `preferPending`, a pending match beats a completed one.
 */
export function bestMatches<T extends Titled>(query: string, tasks: T[], preferPending = false): T[] {
  const exact = tasks.filter((t) => t.title.toLowerCase() === query.toLowerCase())
  if (exact.length > 0) return exact
  let scored = tasks.map((task) => ({ task, score: score(query, task.title) })).filter((s) => s.score >= 0.5)
  if (preferPending && scored.some((s) => !s.task.completed)) scored = scored.filter((s) => !s.task.completed)
  const top = Math.max(0, ...scored.map((s) => s.score))
  return scored.filter((s) => s.score === top).map((s) => s.task)
}

// For component tests: the server's reading of a typed line, in small (the real one is tested
// in the backend and end to end), answering the same contract.
import type { QuickAdd, QuickAddMarker } from '@contract'

/** The date the fake reads "friday" as. */
export const FRIDAY = '2030-05-03'

/** "friday" reads as a due date and "!high" as a priority; switched-off markers stay in the title. */
export async function fakeParse(text: string, _today: string, off: number[] = []): Promise<QuickAdd> {
  const markers: QuickAddMarker[] = [...text.matchAll(/(?<=^|\s)(?:friday|!high)(?=\s|$)/g)].map((m, i) => ({
    kind: m[0] === '!high' ? 'priority' : 'due',
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
    value: m[0] === '!high' ? 'high' : FRIDAY,
    on: !off.includes(i),
  }))
  const on = markers.filter((m) => m.on)
  let title = text
  for (const m of [...on].reverse()) title = title.slice(0, m.start) + title.slice(m.end)
  return {
    title: title.replace(/\s+/g, ' ').trim(),
    markers,
    ...(on.some((m) => m.kind === 'priority') && { priority: 'high' as const }),
    ...(on.some((m) => m.kind === 'due') && { due_date: FRIDAY }),
  }
}

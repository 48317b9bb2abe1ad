import { Index, Show } from 'solid-js'
import { formatDue } from '../lib/dates'
import type { QuickAdd, QuickAddMarker } from '@contract'
import styles from './QuickAddPreview.module.css'

interface Piece {
  text: string
  marker?: QuickAddMarker
  index?: number
}

/** The typed text cut at the server's markers (in order; an overlapping one is left out). */
function pieces(text: string, markers: QuickAddMarker[]): Piece[] {
  const out: Piece[] = []
  let at = 0
  const ordered = markers.map((marker, index) => ({ marker, index })).sort((a, b) => a.marker.start - b.marker.start)
  for (const { marker, index } of ordered) {
    if (marker.start < at || marker.end > text.length) continue
    if (marker.start > at) out.push({ text: text.slice(at, marker.start) })
    out.push({ text: text.slice(marker.start, marker.end), marker, index })
    at = marker.end
  }
  if (at < text.length) out.push({ text: text.slice(at) })
  return out
}

/** What a marker reads: "due Fri 4 Dec", "high priority". */
const reads = (m: QuickAddMarker) => (m.kind === 'due' ? `due ${formatDue(m.value)}` : `${m.value} priority`)

/** The button's name says what a click does (a `kept` marker's words stay in the title anyway). */
function nameOf(m: QuickAddMarker): string {
  if (!m.on) return `“${m.text}” stays in the title: click to read it as ${reads(m)}`
  if (m.kept) return `${reads(m)}, “${m.text}” stays in the title: click to not read it as a ${m.kind === 'due' ? 'date' : 'priority'}`
  return `${reads(m)}: click to keep “${m.text}” in the title`
}

/**
 * Quick add's preview: the typed text with each word read as a field highlighted as a toggle
 * (a click keeps those words in the title instead), and the task Enter will add.
 */
export default function QuickAddPreview(props: { id: string; text: string; answer: QuickAdd; onToggle: (index: number) => void }) {
  return (
    <div class={styles.preview}>
      <p class={styles.typed}>
        {/* Index keeps each button across answers, so a toggled one keeps the keyboard focus. */}
        <Index each={pieces(props.text, props.answer.markers)}>
          {(piece) => (
            <Show when={piece().marker} fallback={piece().text}>
              {(marker) => (
                <button
                  type="button"
                  class={styles.marker}
                  data-kind={marker().kind}
                  aria-pressed={marker().on}
                  aria-label={nameOf(marker())}
                  title={nameOf(marker())}
                  // The caret stays in the add box, so Enter after a click adds the task.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => props.onToggle(piece().index!)}
                >
                  {piece().text}
                </button>
              )}
            </Show>
          )}
        </Index>
      </p>
      <p id={props.id} class={styles.result} aria-live="polite">
        Adds “{props.answer.title}”
        <Show when={props.answer.due_date}>{(date) => <> · due {formatDue(date())}</>}</Show>
        <Show when={props.answer.priority}>{(priority) => <> · {priority()} priority</>}</Show>
      </p>
      <p class={styles.hint}>Click a highlighted word to keep it in the title · Shift+Enter adds the line as typed</p>
    </div>
  )
}

import { For } from 'solid-js'
import { formatDue } from '../lib/dates'
import type { Task } from '@contract'
import styles from './TaskItem.module.css'

/**
 * A save that met a change made elsewhere since the form opened (409 EDIT_CONFLICT): the
 * fields where theirs and this edit differ, side by side, and a choice. Nothing is written
 * until the user makes it.
 */
export default function EditConflict(props: { theirs: Task; yours: Task; onKeepMine: () => void; onKeepTheirs: () => void }) {
  const rows = () => {
    const { theirs, yours } = props
    const fields: [string, string | null, string | null][] = [
      ['Title', theirs.title, yours.title],
      ['Notes', theirs.description, yours.description],
      ['Priority', theirs.priority, yours.priority],
      ['Due', theirs.due_date && formatDue(theirs.due_date), yours.due_date && formatDue(yours.due_date)],
    ]
    return fields.filter(([, a, b]) => a !== b).map(([label, a, b]) => [label, a || '(none)', b || '(none)'] as const)
  }
  return (
    <div class={styles.conflict} role="alert">
      <p>This task was changed elsewhere while you edited it. Keep which?</p>
      <dl>
        <For each={rows()}>
          {([label, a, b]) => (
            <>
              <dt>{label}</dt>
              <dd>
                Theirs: <q>{a}</q>
              </dd>
              <dd>
                Yours: <q>{b}</q>
              </dd>
            </>
          )}
        </For>
      </dl>
      <button type="button" class={styles.primary} onClick={() => props.onKeepMine()}>
        Keep mine
      </button>
      <button type="button" class={styles.ghost} onClick={() => props.onKeepTheirs()}>
        Keep theirs
      </button>
    </div>
  )
}

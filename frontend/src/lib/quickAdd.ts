// Quick add's reading of a typed line ("pay rent friday !high"): the server reads it, this
// module keeps which answer belongs to which text and which markers the user switched off,
// so that Enter saves exactly what the preview shows.
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js'
import * as api from './api'
import { today } from './dates'
import type { QuickAdd, TaskCreate } from '@contract'

export const PREVIEW_DELAY_MS = 250

/** The server's answer with the question it answers: the text and the markers switched off. */
export interface Reading {
  text: string
  off: number[]
  answer: QuickAdd
}

/** The fields a typed line gives a new task. */
export type QuickFields = Pick<TaskCreate, 'title' | 'priority' | 'due_date'>

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((n) => b.includes(n))

/** `text` is the line as it would be saved (trimmed); the reading follows it. */
export function createQuickAdd(text: Accessor<string>) {
  const [off, setOff] = createSignal<number[]>([])
  const [reading, setReading] = createSignal<Reading | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0

  /** Asks the server; only the newest question's answer is kept (undefined for an older one). */
  async function read(line: string, switchedOff: number[]): Promise<Reading | undefined> {
    clearTimeout(timer)
    const mine = ++asked
    let answer: QuickAdd
    try {
      answer = await api.parseTask(line, today(), switchedOff)
    } catch (error) {
      if (mine === asked) setReading(null)
      throw error
    }
    if (mine !== asked) return undefined
    const fresh = { text: line, off: switchedOff, answer }
    setReading(fresh)
    return fresh
  }

  // A new text starts with every marker on; its reading follows a pause in typing.
  createEffect(
    on(
      text,
      (line) => {
        clearTimeout(timer)
        asked++
        setOff([])
        if (!line) return setReading(null)
        timer = setTimeout(() => read(line, []).catch(() => {}), PREVIEW_DELAY_MS)
      },
      { defer: true },
    ),
  )
  onCleanup(() => clearTimeout(timer))

  /** The reading of the text and switched-off markers as they are now, if it has arrived. */
  const current = () => {
    const r = reading()
    return r && r.text === text() && sameSet(r.off, off()) ? r : undefined
  }

  return {
    /** The reading to preview: the last one that found a marker. */
    shown: () => (reading()?.answer.markers.length ? reading() : null),

    /** Switches a marker of the current text's reading off (or on again) and asks at once. */
    toggle(index: number) {
      if (reading()?.text !== text()) return // an older text's marker: its own reading is on its way
      const next = off().includes(index) ? off().filter((n) => n !== index) : [...off(), index].sort((a, b) => a - b)
      setOff(next)
      read(text(), next).catch(() => {})
    },

    /**
     * What Enter saves: the previewed fields when the preview is the current one; else the
     * reading is asked at once, and when it finds markers that are on it is shown and nothing
     * is saved yet (undefined). Without the server, the text as typed.
     */
    async resolve(): Promise<QuickFields | undefined> {
      const line = text()
      const known = current()
      if (known) return known.answer.markers.length > 0 ? fieldsOf(known.answer) : { title: line }
      let fresh: Reading | undefined
      try {
        fresh = await read(line, off())
      } catch {
        return { title: line }
      }
      if (!fresh || fresh.answer.markers.some((m) => m.on)) return undefined
      return { title: line }
    },
  }
}

function fieldsOf(answer: QuickAdd): QuickFields {
  return {
    title: answer.title,
    ...(answer.priority && { priority: answer.priority }),
    ...(answer.due_date && { due_date: answer.due_date }),
  }
}

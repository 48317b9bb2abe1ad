import { speakDate } from '@contract/dates'

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** A due date in the assistant's words: "today (Fri 5 Dec)", "Tuesday (9 Dec)", "Thu 24 Dec". */
export const formatDue = (date: string): string => speakDate(date, new Date())

export const isOverdue = (date: string | null, completed: boolean) => !completed && date !== null && date < today()

// Dates said back to people in the words the board shows them with (dates.format.ts).
import { daysFrom, speakDate } from '../dates.format.js'

/** "due tomorrow (Wed 2 Dec)" or "overdue since Sat 28 Nov". */
export function speakDue(iso: string, today: Date, completed = false): string {
  return !completed && daysFrom(today, iso) < 0 ? `overdue since ${speakDate(iso, today)}` : `due ${speakDate(iso, today)}`
}

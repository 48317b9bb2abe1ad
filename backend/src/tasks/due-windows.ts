// The windows tasks are asked about by: due in a period ("this week", "overdue") and
// completed in one ("today"), as filters of the task lists. Relative to the user's local
// date and time (a Date whose local fields read the user's wall clock).
import type { DueWindow, FinishedWindow } from '../language/windows.js'
import { addDays, isoDate } from '../lib/dates.js'
import type { TaskFilters } from './tasks.lists.js'

export { DueWindow, FinishedWindow } from '../language/windows.js'

/** The dates a due window covers, relative to today (a week ends on Sunday). */
export function dueRange(window: DueWindow, today: Date): TaskFilters {
  const day = isoDate(today)
  const toSunday = (7 - today.getDay()) % 7
  switch (window) {
    case 'this_weekend': {
      // The coming Saturday and Sunday; on a weekend day, what is left of this one.
      const saturday = today.getDay() === 0 ? today : addDays(today, 6 - today.getDay())
      return { dueFrom: today.getDay() === 0 ? day : isoDate(saturday), dueTo: isoDate(addDays(today, toSunday)) }
    }
    case 'this_month':
      return { dueFrom: day, dueTo: isoDate(new Date(today.getFullYear(), today.getMonth() + 1, 0)) }
    case 'overdue':
      return { dueTo: isoDate(addDays(today, -1)) }
    case 'today':
      return { dueFrom: day, dueTo: day }
    case 'tomorrow':
      return { dueFrom: isoDate(addDays(today, 1)), dueTo: isoDate(addDays(today, 1)) }
    case 'this_week':
      return { dueFrom: day, dueTo: isoDate(addDays(today, toSunday)) }
    case 'next_week':
      return { dueFrom: isoDate(addDays(today, toSunday + 1)), dueTo: isoDate(addDays(today, toSunday + 7)) }
    case 'no_date':
      return { noDate: true }
  }
}

/** The instants a completion window covers, from the user's local day. */
export function finishedRange(window: FinishedWindow, today: Date, zoneShiftMs = 0): TaskFilters {
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  const instant = (local: Date) => new Date(local.getTime() - zoneShiftMs).toISOString()
  const monday = addDays(midnight, -((today.getDay() + 6) % 7))
  switch (window) {
    case 'today':
      return { completedFrom: instant(midnight), completedBefore: instant(addDays(midnight, 1)) }
    case 'yesterday':
      return { completedFrom: instant(addDays(midnight, -1)), completedBefore: instant(midnight) }
    case 'this_week':
      return { completedFrom: instant(monday), completedBefore: instant(addDays(midnight, 1)) }
  }
}

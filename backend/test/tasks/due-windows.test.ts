// The windows "this week", "this weekend", "this month" and "finished today" cover, counted
// from the user's local date and time.
import { describe, expect, it } from 'vitest'
import { dueRange, finishedRange } from '../../src/tasks/due-windows.js'

const saturdayEvening = new Date(2026, 11, 5, 19, 30)
const sunday = new Date(2026, 11, 6, 9, 0)
const tuesday = new Date(2026, 11, 1, 10, 0)

describe('due windows', () => {
  it('"this week" runs from today through Sunday, also when asked on a Saturday', () => {
    expect(dueRange('this_week', tuesday)).toEqual({ dueFrom: '2026-12-01', dueTo: '2026-12-06' })
    expect(dueRange('this_week', saturdayEvening)).toEqual({ dueFrom: '2026-12-05', dueTo: '2026-12-06' })
  })

  it('"this weekend" is the coming one, or what is left of the one under way', () => {
    expect(dueRange('this_weekend', tuesday)).toEqual({ dueFrom: '2026-12-05', dueTo: '2026-12-06' })
    expect(dueRange('this_weekend', saturdayEvening)).toEqual({ dueFrom: '2026-12-05', dueTo: '2026-12-06' })
    expect(dueRange('this_weekend', sunday)).toEqual({ dueFrom: '2026-12-06', dueTo: '2026-12-06' })
  })

  it('"this month" runs to its last day; "next week" is Monday to Sunday', () => {
    expect(dueRange('this_month', tuesday)).toEqual({ dueFrom: '2026-12-01', dueTo: '2026-12-31' })
    expect(dueRange('next_week', saturdayEvening)).toEqual({ dueFrom: '2026-12-07', dueTo: '2026-12-13' })
  })

  it('"finished today" is the user\'s local day, as instants, shifted by their zone', () => {
    const local = finishedRange('today', tuesday)
    expect(local).toEqual({ completedFrom: new Date(2026, 11, 1).toISOString(), completedBefore: new Date(2026, 11, 2).toISOString() })
    const ahead = finishedRange('today', tuesday, 3_600_000)
    expect(new Date(ahead.completedFrom!).getTime()).toBe(new Date(2026, 11, 1).getTime() - 3_600_000)
  })
})

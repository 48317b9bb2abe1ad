// Calendar dates as the API stores them (YYYY-MM-DD, in the server's local calendar), shared
// by the tools, both brains and the tests.

/** A Date's calendar day as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  const y = date.getFullYear()
  const m = String(date.getMonth() + 1).padStart(2, '0')
  const d = String(date.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** The same time of day, `days` calendar days later (or earlier, when negative). */
export function addDays(date: Date, days: number): Date {
  const next = new Date(date)
  next.setDate(next.getDate() + days)
  return next
}

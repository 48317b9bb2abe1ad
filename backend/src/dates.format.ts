// Dates in words, one way for the whole app: the board shows a task's due date with these
// words and the assistant says them in its replies ("due tomorrow (Wed 2 Dec)"), so a task
// reads the same in both. The frontend imports this module as a value (`@contract/dates`,
// aliased in frontend/vite.config.ts): no imports, nothing of the server. Reading dates out of
// words is the language layer's (language/dates.ts).

/** A YYYY-MM-DD calendar day as a local Date at midnight. */
const dayOf = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d)
}

/** Whole days from today to a date (negative in the past). */
export function daysFrom(today: Date, iso: string): number {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((dayOf(iso).getTime() - start.getTime()) / 86_400_000)
}

/** "Wed 2 Dec", with the year when it is not this year's: "Thu 24 Dec 2027". */
export function shortDate(iso: string, today: Date): string {
  const d = dayOf(iso)
  const text = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '')
  return d.getFullYear() === today.getFullYear() ? text : `${text} ${d.getFullYear()}`
}

/**
 * "today (Tue 1 Dec)", "tomorrow (Wed 2 Dec)", "yesterday (Mon 30 Nov)", a day of the coming
 * week by its name, "Friday (4 Dec)", and any other day as "Thu 24 Dec".
 */
export function speakDate(iso: string, today: Date): string {
  const days = daysFrom(today, iso)
  const short = shortDate(iso, today)
  if (days === 0) return `today (${short})`
  if (days === 1) return `tomorrow (${short})`
  if (days === -1) return `yesterday (${short})`
  if (days > 1 && days < 7) {
    const weekday = dayOf(iso).toLocaleDateString('en-GB', { weekday: 'long' })
    return `${weekday} (${short.replace(/^\S+ /, '')})`
  }
  return short
}

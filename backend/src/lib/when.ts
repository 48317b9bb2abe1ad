// Dates said back to people the way the board shows them ("tomorrow (Wed 2 Dec)"). Reading
// dates out of words is the language layer's (language/dates.ts).

const dayOf = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d)
}

/** Whole days from today to a date (negative in the past). */
function daysFrom(today: Date, iso: string): number {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  return Math.round((dayOf(iso).getTime() - start.getTime()) / 86_400_000)
}

/** "Wed 2 Dec" (with the year when it is not this year's). */
function shortDate(iso: string, today: Date): string {
  const d = dayOf(iso)
  const text = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '')
  return d.getFullYear() === today.getFullYear() ? text : `${text} ${d.getFullYear()}`
}

/** "today (Tue 1 Dec)", "tomorrow (Wed 2 Dec)", "Friday (4 Dec)", "Thu 24 Dec". */
function speakDate(iso: string, today: Date): string {
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

/** "due tomorrow (Wed 2 Dec)" or "overdue since Sat 28 Nov". */
export function speakDue(iso: string, today: Date, completed = false): string {
  return !completed && daysFrom(today, iso) < 0 ? `overdue since ${speakDate(iso, today)}` : `due ${speakDate(iso, today)}`
}

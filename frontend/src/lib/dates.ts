/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** "Today", "Tomorrow", "Yesterday", or a short date like "Fri 5 Dec". */
export function formatDue(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const due = new Date(y, m - 1, d)
  const now = new Date()
  const days = Math.round((due.getTime() - new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()) / 86_400_000)
  if (days === 0) return 'Today'
  if (days === 1) return 'Tomorrow'
  if (days === -1) return 'Yesterday'
  return due.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', ...(y !== now.getFullYear() && { year: 'numeric' }) })
}

export const isOverdue = (date: string | null, completed: boolean) => !completed && date !== null && date < today()

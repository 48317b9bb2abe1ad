// "Firefox on Windows" from a User-Agent header: a short reading for the sessions list,
// not a full parser. Each table is checked top to bottom and the first token found wins,
// so the order is the precedence (Edge and Opera say "Chrome" too; Chrome says "Safari").

const BROWSERS: [token: string, name: string][] = [
  ['Edg', 'Edge'],
  ['OPR/', 'Opera'],
  ['SamsungBrowser/', 'Samsung Internet'],
  ['Firefox/', 'Firefox'],
  ['FxiOS/', 'Firefox'],
  ['CriOS/', 'Chrome'],
  ['Chrome/', 'Chrome'],
  ['Safari/', 'Safari'],
  ['curl/', 'curl'],
  ['node', 'Node.js'],
]

const SYSTEMS: [token: string, name: string][] = [
  ['iPhone', 'iPhone'],
  ['iPad', 'iPad'],
  ['Android', 'Android'],
  ['CrOS', 'ChromeOS'],
  ['Windows', 'Windows'],
  ['Macintosh', 'macOS'],
  ['Linux', 'Linux'],
]

const find = (table: [string, string][], text: string) => table.find(([token]) => text.includes(token))?.[1]

export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device'
  const browser = find(BROWSERS, userAgent)
  const system = find(SYSTEMS, userAgent)
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? 'Unknown device'
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
const UNITS: [unit: Intl.RelativeTimeFormatUnit, seconds: number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/** How long ago, to follow "Last used": "just now", "5 minutes ago", "yesterday", "on 3 Mar". */
export function lastUsed(iso: string, now = Date.now()): string {
  const at = new Date(iso)
  const seconds = (now - at.getTime()) / 1000
  if (seconds < 60) return 'just now'
  if (seconds >= 7 * 86_400) {
    const sameYear = at.getFullYear() === new Date(now).getFullYear()
    return 'on ' + at.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(!sameYear && { year: 'numeric' }) })
  }
  const [unit, size] = UNITS.find(([, size]) => seconds >= size)!
  return RELATIVE.format(-Math.floor(seconds / size), unit)
}

import SQLite from 'better-sqlite3'

export { signUpOver } from '../server-process.js'

/** How long the soak-style tests run: short in npm test, longer from npm run bench. */
export const SOAK_SECONDS = Number(process.env.RESILIENCE_SECONDS ?? 8)

export async function createTask(url: string, token: string, title: string, description?: string): Promise<Response> {
  return fetch(`${url}/api/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title, ...(description && { description }) }),
  })
}

/** Every task title of the user, following the cursor. */
export async function allTitles(url: string, token: string): Promise<Set<string>> {
  const titles = new Set<string>()
  let cursor: string | null = null
  do {
    const res = await fetch(`${url}/api/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const page = (await res.json()) as { items: { title: string }[]; next_cursor: string | null }
    for (const t of page.items) titles.add(t.title)
    cursor = page.next_cursor
  } while (cursor)
  return titles
}

export function integrityCheck(file: string): string {
  const db = new SQLite(file, { readonly: true })
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? ''
  } finally {
    db.close()
  }
}

// 7. The board with 100,000 tasks, in Chromium behind nginx (the e2e stack): the time from
// navigation to the first task row, and from typing a search to its rows, for a user with
// 100,000 tasks against a user with 50 in the same run; and the API calls the board makes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS, startStack, type Stack } from '../e2e/stack.js'
import { fmt, percentiles, row, table } from './lib.js'

const PASSWORD = 'a long enough password'

/** A signed-in browser context for a new user holding `count` tasks (written straight to SQLite). */
async function userWith(browser: Browser, stack: Stack, count: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  const email = `board-bench-${count}-${Date.now()}@example.com`
  const res = await context.request.post(`${stack.url}/api/auth/sign-up/email`, { data: { email, password: PASSWORD }, headers: { origin: stack.url } })
  const userId = ((await res.json()) as { user: { id: string } }).user.id
  const db = new SQLite(path.join(stack.dir, 'todo.db'))
  const insert = db.prepare(
    `insert into tasks (user_id, number, title, description, completed, priority, due_date, created_at, updated_at)
     values (?, ?, ?, null, ?, ?, ?, ?, ?)`,
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const title = i % 1000 === 7 ? `needle ${i} water the plants` : `task ${i} of the big list`
      const due = i % 4 === 0 ? null : `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
      insert.run(userId, i, title, i % 2, ['low', 'medium', 'high'][i % 3], due, now, now)
    }
    db.prepare('insert into task_numbers (user_id, last_number) values (?, ?)').run(userId, count)
  })()
  db.close()
  return context
}

async function measure(context: BrowserContext, url: string) {
  const page = await context.newPage()
  const paints: number[] = []
  for (let i = 0; i < 7; i++) {
    const t = performance.now()
    await page.goto(url)
    await page.locator('li[data-task-number]').first().waitFor()
    paints.push(performance.now() - t)
  }
  const searches: number[] = []
  for (const word of ['needle', 'water', 'needle 7', 'plants', 'nothing like this']) {
    await page.getByLabel('Search tasks').fill('')
    await page.waitForTimeout(300)
    const t = performance.now()
    const answered = page.waitForResponse((r) => r.url().includes('/api/tasks?') && r.url().includes(`q=${encodeURIComponent(word).replace(/%20/g, '+')}`))
    await page.getByLabel('Search tasks').fill(word)
    await answered
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
    searches.push(performance.now() - t)
  }
  await page.close()
  return { paint: percentiles(paints), search: percentiles(searches) }
}

export default async function board() {
  const stack = await startStack({ backendEnv: { AUTH_RATE_LIMIT: '100', WRITE_RATE_LIMIT: '0', QUOTA_TASKS: '10000000', QUOTA_STORED_TASKS: '10000000', QUOTA_TEXT_MB: '100000' } })
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-bench-board-'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  try {
    const small = await measure(await userWith(browser, stack, 50), stack.url)
    const big = await measure(await userWith(browser, stack, 100_000), stack.url)
    const rows = [
      row('first task row after navigation (median of 7)', `${fmt(big.paint.p50, 0)} ms`, {
        baseline: `50-task user: ${fmt(small.paint.p50, 0)} ms`,
        ratio: `${fmt(big.paint.p50 / small.paint.p50, 2)}×`,
        target: 'stated',
      }),
      row('search typed → its rows (median of 5, incl. 200 ms typing pause)', `${fmt(big.search.p50, 0)} ms (max ${fmt(big.search.max, 0)})`, {
        baseline: `50-task user: ${fmt(small.search.p50, 0)} ms`,
        ratio: `${fmt(big.search.p50 / small.search.p50, 2)}×`,
        target: 'stated',
      }),
    ]
    return table('7. The board with 100,000 tasks (Chromium, nginx, production build)', rows)
  } finally {
    await browser.close()
    await stack.stop()
    fs.rmSync(profile, { recursive: true, force: true })
  }
}

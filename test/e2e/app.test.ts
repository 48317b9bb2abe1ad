// The whole product as a person uses it: real Chromium, real nginx (the image's template),
// real backend. Run with `npm test`; in CI a missing browser or nginx is a failure.
import fs from 'node:fs'
import os from 'node:os'
import zlib from 'node:zlib'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, screenshot } from './browser.js'
import { CHROMIUM, CHROMIUM_ARGS, missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()

function tomorrowIso(): string {
  const d = new Date()
  d.setDate(d.getDate() + 1)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

describe.skipIf(missing.length > 0)('the app in Chromium behind nginx', () => {
  let stack: Stack
  let context: BrowserContext
  let page: Page
  let profile: string

  beforeAll(async () => {
    stack = await startStack()
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-chromium-'))
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
    })
    page = context.pages()[0] ?? (await context.newPage())
  })

  afterAll(async () => {
    await context?.close()
    await stack?.stop()
    if (profile) fs.rmSync(profile, { recursive: true, force: true })
  })

  it('serves the app with its security and cache headers', async () => {
    const res = await fetch(stack.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const html = await res.text()
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(asset).toBeDefined()
    const js = await fetch(`${stack.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(js.headers.get('content-encoding')).toBe('gzip')

    expect(await (await fetch(`${stack.url}/health`)).text()).toBe('ok\n')
    const route = await fetch(`${stack.url}/some/app/route`)
    expect(route.status).toBe(200)
    expect(await route.text()).toBe(html) // SPA fallback
    expect((await fetch(`${stack.url}/assets/missing.js`)).status).toBe(404)
    const api = await fetch(`${stack.url}/api/tasks`)
    expect(api.status).toBe(401)
    expect(((await api.json()) as any).error.code).toBe('UNAUTHORIZED')
  })

  it('signs up, adds, completes, chats, deletes with undo, and keeps it all across a reload', async () => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))

    await page.goto(stack.url)
    await page.getByRole('tab', { name: 'Create account' }).click()
    await page.getByLabel('Email').fill('e2e@example.com')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect.poll(() => page.getByText('Use at least 8 characters').isVisible()).toBe(true)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'Tasks' }).waitFor()
    await page.getByText('No tasks yet').waitFor()
    await page.getByText(/Built-in assistant:/).waitFor()

    // Add through the form, then complete it.
    await page.getByLabel('New task').fill('Write the report')
    await page.getByLabel('New task').press('Enter')
    await page.getByText('Write the report').waitFor()
    await page.getByLabel('Mark as done: Write the report').check()
    await expect.poll(() => page.getByLabel('Mark as not done: Write the report').isChecked()).toBe(true)

    // Add through the chat: the board shows it without a reload.
    await page.getByLabel('Message the assistant').fill('add buy milk tomorrow')
    await page.getByLabel('Message the assistant').press('Enter')
    await page.getByText('✓ Added #2 "buy milk", due tomorrow').waitFor()
    const milk = page.locator('li[data-task-number]', { hasText: 'buy milk' })
    await milk.waitFor()
    await expect.poll(() => milk.textContent()).toContain('Due tomorrow (')

    // Delete: gone at once, on the server too; Undo brings it back with its number.
    await page.getByRole('button', { name: 'Delete: buy milk' }).click()
    await expect.poll(() => milk.count()).toBe(0)
    const titles = async () => (await (await context.request.get(`${stack.url}/api/tasks`)).json()).items.map((t: any) => t.title)
    expect(await titles()).toEqual(['Write the report'])
    await page.getByRole('button', { name: 'Undo' }).click()
    await milk.waitFor()
    await expect.poll(titles).toEqual(['buy milk', 'Write the report'])

    await page.getByRole('button', { name: 'Delete: Write the report' }).click()
    await expect.poll(titles).toEqual(['buy milk'])

    await page.reload()
    await milk.waitFor()
    expect(await page.getByText('Write the report').count()).toBe(0)
    const stored = (await (await context.request.get(`${stack.url}/api/tasks`)).json()).items
    expect(stored).toEqual([expect.objectContaining({ number: 2, title: 'buy milk', due_date: tomorrowIso(), completed: false })])
    // The conversation is still there after the reload.
    await page.getByText('✓ Added #2 "buy milk", due tomorrow').waitFor()

    await screenshot(page, 'e2e-main')
    expect(errors).toEqual([])
  })

  // The budget is a size, not a time: the same build always weighs the same. It counts the
  // JavaScript index.html loads before the first paint; chunks loaded on demand (the account
  // dialogs) are printed apart. 27 kB since the header's account menu (about 1.3 kB); the
  // dialogs themselves (5 kB) load when one is opened. 30 kB since the live board: the
  // outbox that keeps writes while the server is away, the version checks and the pending
  // marks must be there before the first write (about 2.6 kB: 3.3 kB measured, less the
  // stream's reader and the conflict panel, now loaded when needed); the trash tab, the
  // length counter and the view kept in the address came with room made by loading the
  // sign-in screen and the failure words when needed. Those figures were taken on a build
  // that inherited Vitest's NODE_ENV=test; the build measured now is the one the image
  // ships, 0.9 kB lighter (29.1 kB when this was written).
  it('keeps the initial JavaScript within its 30 kB gzip budget (and prints the figures)', () => {
    const dist = path.join(stack.dir, 'dist')
    const assets = path.join(dist, 'assets')
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8')
    const initial = new Set([...html.matchAll(/\/assets\/([\w.-]+\.js)/g)].map((m) => m[1]!))
    const gz = (files: string[]) => files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0)
    const all = fs.readdirSync(assets)
    const js = gz(all.filter((f) => initial.has(f)))
    const later = gz(all.filter((f) => f.endsWith('.js') && !initial.has(f)))
    const css = gz(all.filter((f) => f.endsWith('.css')))
    expect(initial.size).toBeGreaterThan(0)
    console.log(
      `initial bundle, gzipped: JS ${(js / 1024).toFixed(1)} kB (budget 30 kB), loaded on demand ${(later / 1024).toFixed(1)} kB, CSS ${(css / 1024).toFixed(1)} kB`,
    )
    expect(js).toBeLessThanOrEqual(30 * 1024)
  })
})

// Every screen at phone widths (320–430 px) and on the desktop (960 and 1280 px), in real
// Chromium behind real nginx: nothing runs past the viewport or past its card, no
// placeholder is cut, and the assistant is always within reach (a floating button and a
// sheet on the phone, a sticky side panel on the desktop). Each state leaves a screenshot in
// test-results/phone-<width>-*.png.
//
// Longer than the 300-line guideline on purpose: every width runs against one stack
// (backend, nginx) and one Chromium started in beforeAll, with two seeded accounts; a second
// file would start and seed a second stack on the same small machine.
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newEmail, openSession, screenshot } from './browser.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()
/** Below this width the layout is one column (frontend/src/App.module.css) and the chat a sheet. */
const ONE_COLUMN = 900
const PHONES = [
  { width: 320, height: 568 },
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 430, height: 932 },
]
const DESKTOP = { width: 1280, height: 860 }
/** Just over the breakpoint: two columns, the board at its narrowest. */
const NARROW_DESKTOP = { width: 960, height: 800 }
const ALL = [...PHONES, NARROW_DESKTOP, DESKTOP]

// Long unbroken words, as people paste them (a link, a file name, a reference number).
const LONG_TITLE = `Renew-the-insurance-policy-reference-${'X'.repeat(80)}`
const LONG_DESCRIPTION = `See https://example.com/${'very-long-path-segment/'.repeat(8)}?ref=${'0123456789'.repeat(6)} and the letter from last week about the new terms and the deadline.`

let stack: Stack
let browser: Browser
/** An account with a few long tasks, and one with 150 short ones (shared, read-only). */
let long: string
let many: string

type Viewport = (typeof ALL)[number]
const isPhone = (viewport: Viewport) => viewport.width < ONE_COLUMN

/** A fresh browser context at this viewport, signed in as `email` (signed up first when new); any 4xx or 5xx throws. */
const signedIn = (viewport: Viewport, email?: string) =>
  openSession(browser, {
    stack,
    viewport,
    email: email ?? newEmail('phone'),
    auth: email ? 'sign-in' : 'sign-up',
    shots: `phone-${viewport.width}`,
    strict: true,
    timeout: 15_000,
  })

async function newAccount(tasks: { title: string; description?: string; due_date?: string; priority?: string }[]): Promise<string> {
  const { context, email, api } = await signedIn(DESKTOP)
  for (const task of tasks) await api('POST', '/api/tasks', task)
  await context.close()
  return email
}

async function openBoard(page: Page) {
  await page.goto(stack.url)
  await page.getByRole('heading', { name: 'Tasks' }).waitFor()
  // the first page is in, and the chat's history too: both mark themselves busy while loading
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 })
}

/**
 * What sticks out, as "tag.class "text" left–right" lines: the page scrolling sideways, a
 * visible element past the viewport's edges (the part an ancestor clips does not count), a
 * visible element past its card or dialog, a button whose label is cut, an input whose
 * placeholder is cut.
 */
function offenders(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = innerWidth
    const out: string[] = []
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('class') ? `.${el.getAttribute('class')!.trim().split(/\s+/).join('.')}` : ''}` +
      ` "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`
    const scrollWidth = document.documentElement.scrollWidth
    if (scrollWidth > width) out.push(`the page scrolls sideways: scrollWidth ${scrollWidth} > innerWidth ${width}`)
    // A card: what an element must stay inside. Something fixed is its own card, not its section's.
    const isFixed = (el: Element) => getComputedStyle(el).position === 'fixed'
    const cards = Array.from(document.querySelectorAll('section, [role="dialog"], [role="menu"], body *')).filter(
      (el) => el.matches('section, [role="dialog"], [role="menu"]') || isFixed(el),
    )
    const measure = document.createElement('canvas').getContext('2d')!
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const style = getComputedStyle(el)
      const rect = el.getBoundingClientRect()
      if (style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) continue
      if (el.closest('.visually-hidden, option')) continue
      let { left, right } = rect
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === 'visible') continue
        const clip = up.getBoundingClientRect()
        left = Math.max(left, clip.left)
        right = Math.min(right, clip.right)
      }
      if (right <= left) continue // clipped away whole
      const at = ` ${Math.round(left)}–${Math.round(right)}`
      if (right > width + 0.5 || left < 0) out.push(`${name(el)} runs past the viewport (0–${width}):${at}`)
      const card = cards.filter((c) => c !== el && c.contains(el)).pop() // the innermost
      if (card && !isFixed(el)) {
        const box = card.getBoundingClientRect()
        if (right > box.right + 0.5 || left < box.left - 0.5) out.push(`${name(el)} runs past its ${name(card).split(' ')[0]} (${Math.round(box.left)}–${Math.round(box.right)}):${at}`)
      }
      if (el instanceof HTMLButtonElement && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} has its label cut (${el.scrollWidth} > ${el.clientWidth})`)
      if (el instanceof HTMLInputElement && el.placeholder && !el.value) {
        measure.font = style.font
        const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
        const text = measure.measureText(el.placeholder).width
        if (text > room + 0.5) out.push(`${name(el)} cuts its placeholder "${el.placeholder}" (${Math.round(text)} px in ${Math.round(room)} px)`)
      }
    }
    return out
  })
}

/** Checks the screen as it is now and leaves a screenshot of it. */
async function fits(page: Page, viewport: Viewport, state: string) {
  // A sheet is fixed to the viewport: the whole page would show it over some middle part.
  const sheet = await page.getByRole('dialog', { name: 'Assistant' }).count()
  await screenshot(page, `phone-${viewport.width}-${state}`, sheet === 0)
  const found = await offenders(page)
  // Soft: one run reports every state that does not fit, not only the first.
  expect.soft(found, `at ${viewport.width} px, ${state}:\n${found.join('\n')}`).toEqual([])
}

const assistantButton = (page: Page) => page.getByRole('button', { name: 'Assistant', exact: true })

/** The chat's composer: on the phone behind the Assistant button. */
async function openChat(page: Page, viewport: Viewport) {
  if (isPhone(viewport)) await assistantButton(page).click({ timeout: 5_000 })
  const input = page.getByLabel('Message the assistant')
  await input.waitFor()
  return input
}

const inView = (page: Page, selector: ReturnType<Page['locator']>) =>
  selector.evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth
  })

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

beforeAll(async () => {
  if (missing.length > 0) return
  // Many accounts from one address, 150 tasks in a row and a chat turn per width.
  stack = await startStack({ backendEnv: { AUTH_RATE_LIMIT: '1000', WRITE_RATE_LIMIT: '100000', CHAT_RATE_LIMIT: '1000' } })
  browser = await launchChromium()
  long = await newAccount([
    { title: 'buy milk', due_date: '2020-01-01' },
    { title: LONG_TITLE, description: LONG_DESCRIPTION, due_date: '2031-12-24', priority: 'high' },
    { title: `${'Supercalifragilistic'.repeat(6)} and more words after it`, description: 'y'.repeat(300), priority: 'low' },
    { title: 'call the plumber about the kitchen sink that leaks under the cupboard every morning', due_date: '2031-01-05' },
  ])
  many = await newAccount(Array.from({ length: 150 }, (_, i) => ({ title: `chore ${i + 1}` })))
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

describe.skipIf(missing.length > 0).each(ALL)('every screen fits at $width px', (viewport) => {
  it('sign-in, and sign-up with its errors shown', async () => {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    await page.goto(stack.url)
    await page.getByRole('tab', { name: 'Sign in' }).waitFor()
    await fits(page, viewport, 'sign-in')
    await page.getByRole('tab', { name: 'Create account' }).click()
    await page.getByLabel('Email').fill(`${'someone.with.a.very.long.name'.repeat(3)}@example.com`)
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.locator('#auth-password[aria-invalid="true"]').waitFor()
    await fits(page, viewport, 'sign-up-error')
    await context.close()
  })

  it('the empty board', async () => {
    const { context, page } = await signedIn(viewport)
    await openBoard(page)
    await page.getByText('No tasks yet').waitFor()
    await fits(page, viewport, 'empty-board')
    await context.close()
  })

  it('a board of long titles and descriptions, with Details open and a task being edited', async () => {
    const { context, page } = await signedIn(viewport, long)
    await openBoard(page)
    await page.locator('li[data-task-number]', { hasText: LONG_TITLE }).waitFor()
    await fits(page, viewport, 'long-tasks')

    await page.getByRole('button', { name: 'Details' }).click()
    await page.getByLabel('Due date').waitFor()
    await fits(page, viewport, 'details-open')
    await page.getByRole('button', { name: 'Details' }).click()

    await page.getByRole('button', { name: `Edit: ${LONG_TITLE}` }).click()
    await page.getByLabel('Title', { exact: true }).waitFor()
    await fits(page, viewport, 'editing')
    await context.close()
  })

  it('the chat with a long reply', async () => {
    const { context, page } = await signedIn(viewport, long)
    await openBoard(page)
    const input = await openChat(page, viewport)
    await input.fill('show my tasks')
    await input.press('Enter')
    await page.locator('[role="log"]').getByText(LONG_TITLE.slice(0, 30)).first().waitFor()
    await fits(page, viewport, 'chat-reply')
    await context.close()
  })

  it('a toast naming a long task, the trash, a form error, and the offline warning', async () => {
    const { context, page, api } = await signedIn(viewport)
    await api('POST', '/api/tasks', { title: LONG_TITLE })
    await openBoard(page)
    await page.getByRole('button', { name: `Delete: ${LONG_TITLE}` }).click()
    await page.getByRole('button', { name: 'Undo' }).waitFor()
    await fits(page, viewport, 'toast')
    await page.getByRole('button', { name: /^Trash/ }).click()
    await page.getByRole('list', { name: 'Deleted tasks' }).getByText(LONG_TITLE).waitFor()
    await fits(page, viewport, 'trash')
    await page.getByRole('button', { name: /^All/ }).click()
    await page.getByRole('heading', { name: 'Trash' }).waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.locator('#new-task-title[aria-invalid="true"]').waitFor()
    await fits(page, viewport, 'form-error')
    await context.setOffline(true)
    await page.getByRole('alert').filter({ hasText: /offline/ }).waitFor()
    await fits(page, viewport, 'offline')
    await context.close()
  })

  it('the account menu, each of its panels, and the shortcut help', async () => {
    const { context, page } = await signedIn(viewport)
    await openBoard(page)
    const account = page.getByRole('button', { name: /^Account: / })
    await account.click()
    await page.getByRole('menu').waitFor()
    await fits(page, viewport, 'account-menu')
    for (const [i, item] of ['Change password', 'Sessions', 'Delete account'].entries()) {
      if (i > 0) await account.click()
      await page.getByRole('menuitem', { name: item }).click()
      await page.getByRole('dialog', { name: item }).waitFor()
      await page.getByRole('dialog').locator('[aria-busy="true"]').waitFor({ state: 'detached' })
      await fits(page, viewport, `account-${item.split(' ')[0]!.toLowerCase()}`)
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
    }
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
    await fits(page, viewport, 'shortcuts')
    await context.close()
  })
})

describe.skipIf(missing.length > 0).each(PHONES)('the assistant on a $width px phone', (viewport) => {
  it('is a button in view over 150 tasks without scrolling, covering neither the add box nor the last row', async () => {
    const { context, page } = await signedIn(viewport, many)
    await openBoard(page)
    const button = assistantButton(page)
    await button.waitFor({ timeout: 5_000 })
    expect(await page.evaluate(() => scrollY)).toBe(0)
    expect(await inView(page, button)).toBe(true)
    const box = (await button.boundingBox())!
    for (const name of ['New task', 'Details', 'Add']) {
      const other = name === 'New task' ? page.getByLabel(name) : page.getByRole('button', { name, exact: true })
      expect(overlaps(box, (await other.boundingBox())!), `the Assistant button covers ${name}`).toBe(false)
    }
    // Every page loaded and scrolled to the very end: the last row's buttons are clear of it.
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 100_000)
        return page.locator('li[data-task-number]').count()
      })
      .toBe(150)
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight))
    const last = page.locator('li[data-task-number]').last()
    for (const action of ['Edit', 'Delete']) {
      const target = (await last.getByRole('button', { name: new RegExp(`^${action}: `) }).boundingBox())!
      expect(overlaps((await button.boundingBox())!, target), `the Assistant button covers the last row's ${action}`).toBe(false)
    }
    await screenshot(page, `phone-${viewport.width}-150-tasks-end`, false)
    await context.close()
  })

  it('opens a sheet that takes the focus, closes by Escape and by its button back to the button, and keeps the scroll', async () => {
    const { context, page } = await signedIn(viewport, many)
    await openBoard(page)
    await page.evaluate(() => scrollTo(0, 1500))
    const before = await page.evaluate(() => scrollY)
    expect(before).toBeGreaterThan(1000)
    const button = assistantButton(page)
    const sheet = page.getByRole('dialog', { name: 'Assistant' })

    await button.click({ timeout: 5_000 })
    await sheet.waitFor()
    expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    expect(await inView(page, page.getByLabel('Message the assistant'))).toBe(true)
    // Modal: the board under it is out of reach (no Tab into it, no shortcut acting on it).
    const boardInert = () => page.locator('section[aria-labelledby="tasks-title"]').evaluate((el) => el.closest('[inert]') !== null)
    expect(await boardInert()).toBe(true)
    const shown = () => page.evaluate(() => document.querySelector('[aria-label="Show"] [aria-pressed="true"]')?.textContent)
    expect(await shown()).toMatch(/^All/)
    await sheet.getByRole('button', { name: 'New chat' }).focus()
    await page.keyboard.press('3') // "show done" on the board, were the key to reach it
    expect(await shown()).toMatch(/^All/)
    await fits(page, viewport, 'sheet-open')
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'hidden' })
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.evaluate(() => scrollY)).toBe(before)
    expect(await boardInert()).toBe(false)

    await button.click()
    await sheet.waitFor()
    await sheet.getByRole('button', { name: 'Close' }).click()
    await sheet.waitFor({ state: 'hidden' })
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.evaluate(() => scrollY)).toBe(before)
    await context.close()
  })

  it('a reply that changed tasks is on the board after the sheet closes', async () => {
    const { context, page } = await signedIn(viewport)
    await openBoard(page)
    const input = await openChat(page, viewport)
    await input.fill('add water the plants')
    await input.press('Enter')
    await page.getByText('✓ Added #1 "water the plants"').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog', { name: 'Assistant' }).waitFor({ state: 'hidden' })
    const row = page.locator('li[data-task-number]', { hasText: 'water the plants' })
    await row.waitFor()
    expect(await inView(page, row)).toBe(true)
    await context.close()
  })
})

describe.skipIf(missing.length > 0)('the assistant on the desktop (1280 px)', () => {
  it('stays in view, composer and all, while the list scrolls to its end', async () => {
    const { context, page } = await signedIn(DESKTOP, many)
    await openBoard(page)
    expect(await assistantButton(page).isVisible()).toBe(false)
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 100_000)
        return page.locator('li[data-task-number]').count()
      })
      .toBe(150)
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight))
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(2000)
    expect(await inView(page, page.getByLabel('Message the assistant'))).toBe(true)
    expect(await inView(page, page.getByRole('heading', { name: 'Assistant' }))).toBe(true)
    await screenshot(page, `phone-${DESKTOP.width}-scrolled-to-end`, false)
    await context.close()
  })
})

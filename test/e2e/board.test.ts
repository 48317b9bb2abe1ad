// The board and the chat panel as people use them, in real Chromium behind real nginx, at
// desktop and phone width: one numbered test per behaviour people rely on (deletes that
// stick, numbering, paging, keyboard, sorting, the chat, sign-in, quick add), each leaving a
// screenshot in test-results/.
//
// Longer than the 300-line guideline on purpose: the tests share one stack and one Chromium
// started in beforeAll; a second file would start a second stack on the same machine.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leakMarker } from '../harness/processes.js'
import { repoRoot } from '../harness/launch.js'
import { launchChromium, newEmail, openSession, screenshot, VIEWPORTS, type Session, type Viewport } from './browser.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()

let stack: Stack
let browser: Browser

beforeAll(async () => {
  if (missing.length > 0) return
  // Every test signs a new account up from 127.0.0.1: more than the default 10 a minute.
  stack = await startStack({ backendEnv: { AUTH_RATE_LIMIT: '1000' } })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

/** A new account, signed in through the API in a fresh browser context at this viewport. */
const session = (viewport: Viewport, email = newEmail('board'), signUp = true) =>
  openSession(browser, { stack, viewport, email, auth: signUp ? 'sign-up' : 'sign-in', shots: `board-${viewport.name}` })

const row = (page: Page, title: string) => page.locator('li[data-task-number]', { hasText: title })
const rows = (page: Page) => page.locator('li[data-task-number]')
const liveTitles = async (s: Session) => (await s.api('GET', '/api/tasks?limit=100')).items.map((t: { title: string }) => t.title)

/** On the phone the assistant is a sheet behind a floating button: open it. */
async function openChat(page: Page, viewport: Viewport) {
  if (viewport.name === 'phone') await page.getByRole('button', { name: 'Assistant', exact: true }).click()
}

async function open(s: Session, wait = 'Tasks') {
  await s.page.goto(stack.url)
  await s.page.getByRole('heading', { name: wait }).waitFor()
}

describe.skipIf(missing.length > 0).each(VIEWPORTS)('the board at $name width ($width px)', (viewport) => {
  it('1: a delete is on the server at once: it survives a reload, a sign-out and another device, and Undo restores it', async () => {
    const s = await session(viewport)
    for (const title of ['pay rent', 'buy milk', 'call mom']) await s.api('POST', '/api/tasks', { title })
    await open(s)
    await row(s.page, 'buy milk').waitFor()

    // Reload at once: the task stays deleted.
    await s.page.getByRole('button', { name: 'Delete: buy milk' }).click()
    await expect.poll(() => row(s.page, 'buy milk').count()).toBe(0)
    await s.page.reload()
    await row(s.page, 'call mom').waitFor()
    expect(await row(s.page, 'buy milk').count()).toBe(0)
    expect(await liveTitles(s)).toEqual(['call mom', 'pay rent'])

    // Sign out at once: the delete was not waiting for anything.
    await s.page.getByRole('button', { name: 'Delete: call mom' }).click()
    await s.page.getByRole('button', { name: /^Account: / }).click()
    await s.page.getByRole('menuitem', { name: 'Sign out' }).click()
    await s.page.getByRole('tab', { name: 'Sign in' }).waitFor()
    await s.shot('1-signed-out')

    // Another device sees the same, and its Undo (the trash) brings a task back.
    const other = await session(viewport, s.email, false)
    expect(await liveTitles(other)).toEqual(['pay rent'])
    const trash = (await other.api('GET', '/api/tasks?status=deleted')).items.map((t: { number: number }) => t.number)
    expect(trash).toEqual([3, 2])
    await open(other)
    await row(other.page, 'pay rent').waitFor()
    await other.page.getByRole('button', { name: 'Delete: pay rent' }).click()
    await other.page.getByRole('button', { name: 'Undo' }).click()
    await row(other.page, 'pay rent').waitFor()
    expect((await other.api('GET', '/api/tasks/1')).deleted_at).toBeNull()
    await other.shot('1-other-device')
    expect(s.errors).toEqual([]) // no request went out after the sign-out
    await other.context.close()
    await s.context.close()
  })

  it('2: each user’s tasks are numbered from #1, and the assistant calls them so', async () => {
    const s = await session(viewport)
    await open(s)
    await s.page.getByLabel('New task').fill('water the plants')
    await s.page.getByLabel('New task').press('Enter')
    await expect.poll(() => row(s.page, 'water the plants').textContent()).toContain('#1')
    await openChat(s.page, viewport)
    await s.page.getByLabel('Message the assistant').fill('complete task 1')
    await s.page.getByLabel('Message the assistant').press('Enter')
    await s.page.getByText('✓ Marked #1 "water the plants" as done.').waitFor()
    await expect.poll(() => row(s.page, 'water the plants').getByRole('checkbox').isChecked()).toBe(true)
    await s.shot('2-numbers')
    expect(s.errors).toEqual([])
    await s.context.close()
  })

  it('3: the board asks the server for one page at a time, and for the search and its counts', async () => {
    const s = await session(viewport)
    for (let i = 0; i < 120; i++) await s.api('POST', '/api/tasks', { title: `chore ${i}` })
    const asked: string[] = []
    s.page.on('request', (r) => r.url().includes('/api/tasks') && asked.push(new URL(r.url()).search))
    await open(s)
    await row(s.page, 'chore 119').waitFor()
    expect(await rows(s.page).count()).toBe(50)
    expect(asked.some((q) => q.includes('limit=50'))).toBe(true)
    expect(asked.some((q) => q.includes('limit=100') || q.includes('limit=5000'))).toBe(false)
    // Scrolling to the end brings the next page.
    await s.page.locator('li[data-task-number]').last().scrollIntoViewIfNeeded()
    await s.page.mouse.wheel(0, 10_000)
    await expect.poll(() => rows(s.page).count()).toBeGreaterThanOrEqual(100)
    // A search is the server's, and so are the counts beside the filters.
    await s.page.getByLabel('Search tasks').fill('chore 11')
    await expect.poll(() => rows(s.page).count()).toBe(11) // 11, 110..119
    expect(asked.some((q) => q.includes('q=chore+11') || q.includes('q=chore%2011'))).toBe(true)
    await expect.poll(() => s.page.getByRole('button', { name: /^All 11$/ }).count()).toBe(1)
    await s.shot('3-search')
    expect(s.errors).toEqual([])
    await s.context.close()
  })

  it('4: after a delete by keyboard, focus lands on the next task, and "u" undoes it', async () => {
    const s = await session(viewport)
    for (const title of ['third', 'second', 'first']) await s.api('POST', '/api/tasks', { title })
    await open(s)
    await row(s.page, 'first').waitFor()
    await s.page.keyboard.press('j')
    await s.page.keyboard.press('j')
    expect(await s.page.evaluate(() => document.activeElement?.textContent)).toContain('second')
    await s.page.keyboard.press('Delete')
    await expect.poll(() => row(s.page, 'second').count()).toBe(0)
    const focused = await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.taskNumber ?? document.activeElement?.tagName)
    expect(focused).toBe('1') // "third", the next one
    await s.page.keyboard.press('u')
    await row(s.page, 'second').waitFor()
    await s.shot('4-keyboard')
    expect(s.errors).toEqual([])
    await s.context.close()
  })

  it('5: sorts by due date in groups, moves done tasks down, edits notes, clears errors, tints overdue rows fully, and lists its shortcuts', async () => {
    const s = await session(viewport)
    await s.api('POST', '/api/tasks', { title: 'late bill', due_date: '2020-01-01' })
    await s.api('POST', '/api/tasks', { title: 'someday' })
    await s.api('POST', '/api/tasks', { title: 'next year', due_date: '2999-01-01', priority: 'high' })
    await open(s)
    await row(s.page, 'late bill').waitFor()
    await s.page.getByLabel('Sort by').selectOption('due')
    await expect.poll(() => s.page.locator('h3').allTextContents()).toEqual(['Overdue', 'Upcoming', 'No date'])
    // The overdue tint covers the whole row.
    const tint = await row(s.page, 'late bill').evaluate((el) => getComputedStyle(el).backgroundImage + '|' + getComputedStyle(el).backgroundColor)
    expect(tint.startsWith('none|')).toBe(true)
    expect(tint).not.toContain('rgba(0, 0, 0, 0)')
    await s.page.getByLabel('Sort by').selectOption('priority')
    await expect.poll(() => rows(s.page).first().textContent()).toContain('next year')

    // Completing moves the task below the open ones.
    await s.page.getByLabel('Sort by').selectOption('created')
    await expect.poll(() => rows(s.page).first().textContent()).toContain('next year')
    await row(s.page, 'next year').getByRole('checkbox').check()
    await expect.poll(() => rows(s.page).last().textContent()).toContain('next year')

    // The edit form has the notes; an empty title's message goes when a title is typed.
    await s.page.getByRole('button', { name: 'Edit: someday' }).click()
    await s.page.getByLabel('Title').fill('')
    await s.page.getByRole('button', { name: 'Save' }).click()
    await s.page.getByText('Give the task a title').waitFor()
    await s.page.getByLabel('Title').fill('someday soon')
    expect(await s.page.getByText('Give the task a title').count()).toBe(0)
    await s.page.getByLabel('Description').fill('when the weather turns')
    await s.page.getByRole('button', { name: 'Save' }).click()
    await s.page.getByText('when the weather turns').waitFor()
    expect((await s.api('GET', '/api/tasks/2')).description).toBe('when the weather turns')

    // Quick add reads dates and priorities like the assistant.
    await s.page.getByLabel('New task').fill('pay rent friday !high')
    await s.page.getByText(/Adds “pay rent” · due .* · high priority/).waitFor()
    await s.page.getByLabel('New task').press('Enter')
    await row(s.page, 'pay rent').waitFor()
    expect(await s.api('GET', '/api/tasks/4')).toMatchObject({ title: 'pay rent', priority: 'high' })

    await s.page.locator('body').click({ position: { x: 2, y: 2 } })
    await s.page.keyboard.press('?')
    await s.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
    await s.shot('5-shortcuts')
    await s.page.keyboard.press('Escape')
    expect(await s.page.getByRole('dialog').count()).toBe(0)
    expect(s.errors).toEqual([])
    await s.context.close()
  })

  it('6: the chat header stays on its lines, titles show whole, cards never repeat the reply, deleting asks, a reload reopens the conversation read', async () => {
    const s = await session(viewport)
    const first = await s.api('POST', '/api/chat', { message: 'add a task to buy groceries for the whole week' })
    await s.api('POST', '/api/chat', { message: 'how many tasks do I have?' })
    await open(s)
    await openChat(s.page, viewport)
    const select = s.page.getByLabel('Conversation', { exact: true })
    await select.selectOption(String(first.conversation_id))
    await s.page.getByText('✓ Added #1 "buy groceries for the whole week".').waitFor()
    // The reply names #1, so no card says it again.
    expect(await s.page.locator('[role="log"] li').count()).toBe(0)
    // Title, buttons on one line; the select on its own, wide enough for the title.
    const [title, newChat] = await Promise.all([
      s.page.getByRole('heading', { name: 'Assistant' }).boundingBox(),
      s.page.getByRole('button', { name: 'New chat' }).boundingBox(),
    ])
    expect(Math.abs(title!.y + title!.height / 2 - (newChat!.y + newChat!.height / 2))).toBeLessThan(12)
    const fits = await select.evaluate((el: HTMLSelectElement) => {
      const canvas = document.createElement('canvas').getContext('2d')!
      canvas.font = getComputedStyle(el).font
      return canvas.measureText(el.selectedOptions[0]!.text).width + 30 <= el.clientWidth
    })
    expect(fits || viewport.name === 'phone').toBe(true)

    // A reload reopens this (older) conversation, not the most recent one.
    await s.page.reload()
    await openChat(s.page, viewport)
    await s.page.getByText('✓ Added #1 "buy groceries for the whole week".').waitFor()
    expect(await select.inputValue()).toBe(String(first.conversation_id))

    // Deleting asks first.
    await s.page.getByRole('button', { name: 'Delete this conversation' }).click()
    await s.page.getByRole('button', { name: 'Cancel' }).click()
    expect((await s.api('GET', '/api/conversations')).items).toHaveLength(2)
    await s.page.getByRole('button', { name: 'Delete this conversation' }).click()
    await s.shot('6-confirm-delete')
    await s.page.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(async () => (await s.api('GET', '/api/conversations')).items.length).toBe(1)
    expect(s.errors).toEqual([])
    await s.context.close()
  })

  it('7: sign-in fits the width and holds still, the demo signs in in one click, the add box and the note fit the chat', async () => {
    // The demo account exists where `npm run seed` made it.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/seed.ts'], {
      cwd: path.join(repoRoot, 'backend'),
      env: { PATH: process.env.PATH, ...leakMarker(), DATABASE_URL: path.join(stack.dir, 'todo.db'), LOG_LEVEL: 'warn' },
    })
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })
    const page = await context.newPage()
    await page.goto(stack.url)
    const signIn = page.getByRole('tab', { name: 'Sign in' })
    const create = page.getByRole('tab', { name: 'Create account' })
    await signIn.waitFor()
    const [a, b] = [await signIn.boundingBox(), await create.boundingBox()]
    expect(b!.height).toBe(a!.height) // "Create account" does not wrap
    const submitY = async () => (await page.locator('button[type="submit"]').boundingBox())!.y
    const before = await submitY()
    await create.click()
    expect(await submitY()).toBe(before) // the card does not jump
    await signIn.click()
    await page.getByRole('button', { name: 'Try the demo account' }).click()
    await page.getByRole('heading', { name: 'Tasks' }).waitFor() // signed in, no second click

    const add = await page.getByLabel('New task').boundingBox()
    expect(add!.width).toBeGreaterThan(Math.min(300, viewport.width - 100))
    await openChat(page, viewport)
    const panel = await page.locator('section[aria-labelledby="chat-title"]').boundingBox()
    const note = page.getByText(/Built-in assistant:/)
    expect((await note.boundingBox())!.height).toBeLessThan(panel!.height * 0.15)
    await screenshot(page, `board-${viewport.name}-7-demo`)
    await page.getByRole('button', { name: 'Dismiss this note' }).click()
    await page.reload()
    await page.getByRole('heading', { name: 'Tasks' }).waitFor()
    expect(await note.count()).toBe(0)
    await context.close()
  })

  it('8: quick add saves the line as typed except the markers its preview showed, and a marker switched off stays in the title', async () => {
    const s = await session(viewport)
    await open(s)
    const input = s.page.getByLabel('New task')
    const task = (n: number) => s.api('GET', `/api/tasks/${n}`)
    const marker = (word: string) => s.page.getByRole('button', { name: new RegExp(`“${word}”`) })

    // No marker: the words are the title, every one of them, on the first Enter.
    await input.fill('Read "War and Peace" chapter 3')
    await input.press('Enter')
    await row(s.page, 'Read "War and Peace" chapter 3').waitFor()
    expect(await task(1)).toMatchObject({ title: 'Read "War and Peace" chapter 3', due_date: null })

    // Two markers, shown before saving; Enter saves what the preview shows.
    await input.fill('pay rent friday !high')
    await s.page.getByText(/Adds “pay rent” · due .+ · high priority/).waitFor()
    expect(await s.page.getByRole('button', { name: /click to keep “.+” in the title/ }).count()).toBe(2)
    expect(await marker('friday').getAttribute('aria-pressed')).toBe('true')
    expect(await marker('!high').getAttribute('aria-pressed')).toBe('true')
    expect(await liveTitles(s)).toHaveLength(1) // nothing saved by showing it
    await s.shot('8-preview')
    await input.press('Enter')
    await row(s.page, 'pay rent').waitFor()
    const rent = await task(2)
    expect(rent).toMatchObject({ title: 'pay rent', priority: 'high' })
    // "friday" is the next Friday (or today, on a Friday), counted from the browser's today.
    const now = new Date()
    const days = (Date.parse(rent.due_date) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86_400_000
    expect(new Date(rent.due_date).getUTCDay()).toBe(5)
    expect(days).toBeGreaterThanOrEqual(0)
    expect(days).toBeLessThanOrEqual(7)

    // Switched off, the date marker's words stay in the title and no date is set.
    await input.fill('call mom friday')
    await s.page.getByRole('button', { name: /click to keep “friday” in the title/ }).click()
    await expect.poll(() => marker('friday').getAttribute('aria-pressed')).toBe('false')
    await s.page.getByText('Adds “call mom friday”').waitFor()
    await s.shot('8-marker-off')
    await input.press('Enter')
    await row(s.page, 'call mom friday').waitFor()
    expect(await task(3)).toMatchObject({ title: 'call mom friday', due_date: null })
    expect(await liveTitles(s)).toEqual(['call mom friday', 'pay rent', 'Read "War and Peace" chapter 3'])
    expect(s.errors).toEqual([])
    await s.context.close()
  })
})

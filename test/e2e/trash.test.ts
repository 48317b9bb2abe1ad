// The Trash view and the delete buttons as people use them, in real Chromium behind real
// nginx, at desktop and phone width, each test leaving a screenshot in test-results/.
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newEmail, openSession, VIEWPORTS, type Session, type Viewport } from './browser.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()

let stack: Stack
let browser: Browser

beforeAll(async () => {
  if (missing.length > 0) return
  stack = await startStack({ backendEnv: { AUTH_RATE_LIMIT: '1000' } })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

/** A new account, signed in through the API in a fresh browser context at this viewport. */
const session = (viewport: Viewport): Promise<Session> =>
  openSession(browser, { stack, viewport, email: newEmail('trash'), shots: `trash-${viewport.name}` })

const row = (page: Page, title: string) => page.locator('li[data-task-number]', { hasText: title })
const titles = async (s: Session, status = 'all') =>
  (await s.api('GET', `/api/tasks?status=${status}&limit=100`)).items.map((t: { title: string }) => t.title)

async function open(s: Session) {
  await s.page.goto(stack.url)
  await s.page.getByRole('heading', { name: 'Tasks' }).waitFor()
}

const trashRow = (page: Page, title: string) => page.locator('li[data-trash-number]', { hasText: title })
const trashTitles = (page: Page) => page.locator('li[data-trash-number] > div > span:first-child').allTextContents()

describe.skipIf(missing.length > 0).each(VIEWPORTS)('the trash at $name width ($width px)', (viewport) => {
  it('is reachable after a reload by mouse and by keyboard; restores, deletes forever and empties', async () => {
    const s = await session(viewport)
    for (const title of ['old receipts', 'call mom', 'buy milk', 'pay rent']) await s.api('POST', '/api/tasks', { title })
    await open(s)
    for (const title of ['buy milk', 'call mom', 'old receipts']) {
      await s.page.getByRole('button', { name: `Delete: ${title}` }).click()
      await expect.poll(() => row(s.page, title).count()).toBe(0)
      await s.page.waitForTimeout(600) // past the double-click interval: each is a first click
    }
    await expect.poll(() => titles(s, 'deleted')).toEqual(['old receipts', 'call mom', 'buy milk'])

    // After a reload the Undo offers are gone; the toolbar's Trash, with its count, opens the trash.
    await s.page.reload()
    await row(s.page, 'pay rent').waitFor()
    await s.page.getByRole('button', { name: 'Trash 3' }).click()
    await s.page.getByRole('heading', { name: 'Trash' }).waitFor()
    await expect.poll(() => trashTitles(s.page)).toEqual(['old receipts', 'call mom', 'buy milk'])
    expect(await trashRow(s.page, 'call mom').textContent()).toMatch(/Deleted today · kept until /)
    expect(await row(s.page, 'pay rent').count()).toBe(0) // the trash is shown instead of the list
    await s.shot('open')

    // Restore: back on the board, on the server too.
    await s.page.getByRole('button', { name: 'Restore: call mom' }).click()
    await expect.poll(() => trashTitles(s.page)).toEqual(['old receipts', 'buy milk'])
    await s.page.getByRole('button', { name: 'Trash 2' }).waitFor()
    await s.page.getByRole('button', { name: 'Back to tasks' }).click()
    await row(s.page, 'call mom').waitFor()
    expect(await titles(s)).toEqual(['pay rent', 'call mom'])

    // By keyboard: t opens it, j reaches the first row, Tab its Delete forever, Enter deletes it for good.
    await s.page.locator('body').click({ position: { x: 2, y: 2 } })
    await s.page.keyboard.press('t')
    await s.page.getByRole('heading', { name: 'Trash' }).waitFor()
    await trashRow(s.page, 'old receipts').waitFor()
    await s.page.keyboard.press('j')
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Restore: old receipts')
    await s.page.keyboard.press('Tab')
    await s.page.keyboard.press('Enter')
    await expect.poll(() => trashTitles(s.page)).toEqual(['buy milk'])
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Delete forever: buy milk')
    await s.shot('keyboard')
    await s.page.keyboard.press('Escape')
    await row(s.page, 'pay rent').waitFor()

    // Gone for good: not after a reload, not in the trash, not restorable.
    await s.page.reload()
    await row(s.page, 'pay rent').waitFor()
    await s.page.keyboard.press('t')
    await trashRow(s.page, 'buy milk').waitFor()
    expect(await trashTitles(s.page)).toEqual(['buy milk'])
    expect(await titles(s, 'deleted')).toEqual(['buy milk'])
    expect((await s.api('POST', '/api/tasks/1/restore')).error.code).toBe('NOT_FOUND')

    // Empty trash asks first, saying how many go.
    await s.page.getByRole('button', { name: 'Empty trash' }).click()
    const dialog = s.page.getByRole('dialog', { name: 'Empty the trash?' })
    await dialog.getByText('1 task in the trash will be deleted for good').waitFor()
    await s.shot('empty-confirm')
    await dialog.getByRole('button', { name: 'Delete 1 task for good' }).click()
    await s.page.getByText('The trash is empty.').waitFor()
    expect(await titles(s, 'deleted')).toEqual([])
    await s.page.getByRole('button', { name: 'Trash 0' }).waitFor()
    await s.shot('empty')
    await s.page.keyboard.press('Escape')
    await row(s.page, 'call mom').waitFor()
    expect(await titles(s)).toEqual(['pay rent', 'call mom'])
    expect(s.errors).toEqual([])
    await s.context.close()
  })

  it('a double click on a row’s delete icon deletes that task only, not the one that slides under the pointer', async () => {
    const s = await session(viewport)
    for (const title of ['fourth', 'third', 'second', 'first']) await s.api('POST', '/api/tasks', { title })
    await open(s)
    await row(s.page, 'second').waitFor()
    await s.page.getByRole('button', { name: 'Delete: second' }).dblclick()
    await expect.poll(() => row(s.page, 'second').count()).toBe(0)
    await s.page.waitForTimeout(500) // a second delete, if any, has been sent by now
    await s.shot('double-click')
    expect(await titles(s)).toEqual(['first', 'third', 'fourth'])
    expect(await titles(s, 'deleted')).toEqual(['second'])

    // The same in the trash: Delete forever on a double click removes that row's task only.
    for (const n of [4, 2]) await s.api('DELETE', `/api/tasks/${n}`) // "first", then "third"
    await s.page.getByRole('button', { name: /^Trash/ }).click()
    await expect.poll(() => trashTitles(s.page)).toEqual(['third', 'first', 'second'])
    await s.page.getByRole('button', { name: 'Delete forever: third' }).dblclick()
    await expect.poll(() => trashTitles(s.page)).toEqual(['first', 'second'])
    await s.page.waitForTimeout(500)
    expect(await titles(s, 'deleted')).toEqual(['first', 'second'])
    await s.shot('double-click-trash')
    expect(s.errors).toEqual([])
    await s.context.close()
  })
})

// What a new user reads, in real Chromium behind real nginx, at desktop and phone width: one
// test per place where the app speaks (messages, limits, line breaks, the view in the
// address, "sign in instead", dates, sign-out), each checking that the words there are plain,
// scanning the text on screen for words meant for developers and leaving a screenshot in
// test-results/.
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newEmail, openSession, PASSWORD, screenshot, VIEWPORTS, type Session as BrowserSession, type Viewport } from './browser.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()

/** Words no one using the app should meet on screen. */
const DEVELOPER_WORDS = /OPENAI_API_KEY|Bearer|cookie|JSON|must NOT|Invalid arguments|had a problem/i

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

interface Session extends BrowserSession {
  /** Fails when the page's text has a developer's word in it. */
  scan: () => Promise<void>
}

/** A browser context at this viewport; signed up through the API unless `signUp` is false. */
async function session(viewport: Viewport, signUp = true): Promise<Session> {
  const s = await openSession(browser, { stack, viewport, email: newEmail('words'), auth: signUp ? 'sign-up' : 'none', shots: `words-${viewport.name}` })
  const scan = async () => expect(await s.page.locator('body').innerText()).not.toMatch(DEVELOPER_WORDS)
  return { ...s, scan }
}

const row = (page: Page, title: string) => page.locator('li[data-task-number]', { hasText: title })

async function open(s: Session, url = stack.url) {
  await s.page.goto(url)
  await s.page.getByRole('heading', { name: 'Tasks' }).waitFor()
}

describe.skipIf(missing.length > 0).each(VIEWPORTS)('the words at $name width ($width px)', (viewport) => {
  it('a 5,000-character paste is kept whole, the limit is stated, and nothing is saved', async () => {
    const s = await session(viewport)
    await open(s)
    const input = s.page.getByLabel('New task')
    await input.focus()
    await s.page.keyboard.insertText('x'.repeat(5000))
    expect(await input.inputValue()).toHaveLength(5000)
    await s.page.getByText('Titles can be up to 200 characters; this one has 5,000.').waitFor()
    await input.press('Enter')
    await input.press('Shift+Enter')
    await s.page.waitForTimeout(300)
    expect((await s.api('GET', '/api/tasks')).items).toEqual([])
    expect(await input.inputValue()).toHaveLength(5000)
    await s.shot('paste')
    await s.scan()
    await s.context.close()
  })

  it('a description’s line breaks show as lines', async () => {
    const s = await session(viewport)
    await s.api('POST', '/api/tasks', { title: 'packing list', description: 'passport\ncharger\nsocks' })
    await open(s)
    const description = row(s.page, 'packing list').getByText(/passport/)
    expect(await description.innerText()).toBe('passport\ncharger\nsocks')
    await s.shot('line-breaks')
    await s.context.close()
  })

  it('sort, filter and search survive a reload and travel in a link; unknown values fall back', async () => {
    const s = await session(viewport)
    for (const title of ['buy milk', 'buy bread', 'call mom']) await s.api('POST', '/api/tasks', { title })
    await s.api('PATCH', '/api/tasks/2', { completed: true })
    await open(s)
    await s.page.getByRole('button', { name: /^Open/ }).click()
    await s.page.getByLabel('Sort by').selectOption('due')
    await s.page.getByPlaceholder('Search…').fill('buy')
    await expect.poll(() => s.page.url()).toContain('q=buy')
    await s.page.reload()
    await row(s.page, 'buy milk').waitFor()
    expect(await s.page.getByRole('button', { name: /^Open/ }).getAttribute('aria-pressed')).toBe('true')
    expect(await s.page.getByLabel('Sort by').inputValue()).toBe('due')
    expect(await s.page.getByPlaceholder('Search…').inputValue()).toBe('buy')
    expect(await s.page.locator('li[data-task-number]').count()).toBe(1) // not "buy bread" (done), not "call mom"

    const link = new URL(s.page.url())
    const other = await s.context.newPage()
    await other.goto(`${stack.url}/?status=completed&sort=sideways`)
    await other.getByRole('heading', { name: 'Tasks' }).waitFor()
    await row(other, 'buy bread').waitFor()
    expect(await other.getByRole('button', { name: /^Done/ }).getAttribute('aria-pressed')).toBe('true')
    expect(await other.getByLabel('Sort by').inputValue()).toBe('created')
    expect(link.searchParams.get('status')).toBe('pending')
    await s.shot('url-state')
    await s.context.close()
  })

  it('“sign in instead” after a sign-up with a taken email switches to sign-in with the email filled', async () => {
    const owner = await session(viewport)
    await owner.context.close()
    const s = await session(viewport, false)
    await s.page.goto(stack.url)
    await s.page.getByRole('tab', { name: 'Create account' }).click()
    await s.page.getByLabel('Email').fill(owner.email)
    await s.page.getByLabel('Password').fill(PASSWORD)
    await s.page.getByRole('button', { name: 'Create account', exact: true }).last().click()
    await s.page.getByText('An account with this email already exists.').waitFor()
    await s.scan()
    await s.shot('email-taken')
    await s.page.getByRole('button', { name: 'Sign in instead' }).click()
    expect(await s.page.getByRole('tab', { name: 'Sign in' }).getAttribute('aria-selected')).toBe('true')
    expect(await s.page.getByLabel('Email').inputValue()).toBe(owner.email)
    await s.page.getByLabel('Password').fill(PASSWORD)
    await s.page.getByLabel('Password').press('Enter')
    await s.page.getByRole('heading', { name: 'Tasks' }).waitFor()
    await s.context.close()
  })

  it('the chat and the board say one task’s due date in the same words', async () => {
    const s = await session(viewport)
    await open(s)
    await s.scan() // the board and the chat's built-in note
    for (const [message, title] of [
      ['add call the plumber in 3 days', 'call the plumber'],
      ['add water the plants tomorrow', 'water the plants'],
      ['add renew passport in 20 days', 'renew passport'],
    ] as const) {
      // On a phone the chat is a sheet behind the Assistant button; Escape closes it.
      const assistant = s.page.getByRole('button', { name: 'Assistant', exact: true })
      const phone = await assistant.isVisible()
      if (phone) await assistant.click()
      await s.page.getByLabel('Message the assistant').fill(message)
      await s.page.getByLabel('Message the assistant').press('Enter')
      const reply = s.page.getByText(new RegExp(`Added #\\d+ "${title}", due `))
      await reply.waitFor()
      const words = /, due (.+)\.$/.exec((await reply.innerText()).trim())![1]!
      if (phone) await s.page.keyboard.press('Escape')
      await expect.poll(() => row(s.page, title).innerText()).toContain(`Due ${words}`)
    }
    await s.shot('dates')
    await s.scan()
    await s.context.close()
  })

  it('sign-out leaves no toast with the previous user’s task title, and no Undo', async () => {
    const s = await session(viewport)
    await s.api('POST', '/api/tasks', { title: 'salary talk with Bob' })
    await open(s)
    await s.page.getByRole('button', { name: 'Delete: salary talk with Bob' }).click()
    await s.page.getByRole('button', { name: 'Undo' }).waitFor()
    await s.page.getByRole('button', { name: /^Account: / }).click()
    await s.page.getByRole('menuitem', { name: 'Sign out' }).click()
    await s.page.getByRole('tab', { name: 'Sign in' }).waitFor()
    expect(await s.page.locator('body').innerText()).not.toContain('salary talk')
    expect(await s.page.getByRole('button', { name: 'Undo' }).count()).toBe(0)
    await s.scan()
    await s.shot('signed-out')
    await s.context.close()
  })
})

// Last: it stops the backend for good.
describe.skipIf(missing.length > 0)('with the backend down', () => {
  it('the board’s next action says the server cannot be reached, at both widths', async () => {
    const sessions = await Promise.all(VIEWPORTS.map((viewport) => session(viewport)))
    for (const s of sessions) {
      await s.api('POST', '/api/tasks', { title: 'buy milk' })
      await open(s)
      await row(s.page, 'buy milk').waitFor()
    }
    await stack.stopBackend()
    for (const [i, s] of sessions.entries()) {
      await row(s.page, 'buy milk').getByRole('checkbox').click()
      // Said by the failure's toast, or by the board's note on changes kept until the server answers.
      await s.page.getByText(/the server cannot be reached/i).first().waitFor()
      expect(await s.page.locator('body').innerText()).toMatch(/nothing was lost|kept in this browser/i)
      await s.scan()
      await screenshot(s.page, `words-${VIEWPORTS[i]!.name}-unreachable`)
      await s.context.close()
    }
  })
})

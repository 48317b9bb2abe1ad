// Account security as people use it, in real Chromium behind real nginx against the real
// backend: the sessions list and signing another device out, changing the password,
// deleting the account. Then sign-up and a first write behind a TLS-terminating ingress
// that nginx is told to trust (TRUSTED_PROXIES), and the same requests from one it is not.
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifacts, launchChromium, newEmail, PASSWORD } from './browser.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()
const NEW_PASSWORD = 'another long password'
// The second device says it is Firefox on Windows, so the sessions list tells the two
// apart (both are this machine's Chromium, which reads as "Chrome on Linux").
const SECOND_DEVICE_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'

interface Device {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions in the page (a 4xx answer is logged to the console by design). */
  crashes: string[]
}

describe.skipIf(missing.length > 0)('account security in Chromium behind nginx', () => {
  let stack: Stack
  let browser: Browser

  beforeAll(async () => {
    // Every test signs up and in several times from 127.0.0.1: more than the default 10 a minute.
    stack = await startStack({ backendEnv: { AUTH_RATE_LIMIT: '1000' } })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await stack?.stop()
  })

  async function device(userAgent?: string): Promise<Device> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...(userAgent && { userAgent }) })
    const page = await context.newPage()
    const crashes: string[] = []
    page.on('pageerror', (e) => crashes.push(e.message))
    await page.goto(stack.url)
    return { context, page, crashes }
  }

  /** Fills the sign-in screen (AuthScreen) and submits it; `tab` picks the form. */
  async function submitAuth(page: Page, email: string, password: string, tab: 'Sign in' | 'Create account' = 'Sign in') {
    await page.getByRole('tab', { name: tab }).click()
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: tab }).click()
  }

  const board = (page: Page) => page.getByRole('heading', { name: 'Tasks' }).waitFor()
  const signInScreen = (page: Page) => page.getByRole('tab', { name: 'Sign in' }).waitFor()

  /** A new account signed up in the browser, and the same account signed in on a second device. */
  async function twoDevices() {
    const email = newEmail('account')
    const first = await device()
    await submitAuth(first.page, email, PASSWORD, 'Create account')
    await board(first.page)
    const second = await device(SECOND_DEVICE_UA)
    await submitAuth(second.page, email, PASSWORD)
    await board(second.page)
    return { email, first, second }
  }

  /** Opens an entry of the header's account menu; resolves with the dialog it opens. */
  async function openAccountDialog(page: Page, email: string, entry: 'Sessions' | 'Change password' | 'Delete account') {
    await page.getByRole('button', { name: `Account: ${email}` }).click()
    await page.getByRole('menuitem', { name: entry }).click()
    const dialog = page.getByRole('dialog', { name: entry })
    await dialog.waitFor()
    return dialog
  }

  it('Sessions lists both devices, this one marked "This device"; signing the other out asks it, within seconds and without a click, to sign in again over its board', async () => {
    const { email, first, second } = await twoDevices()

    const dialog = await openAccountDialog(first.page, email, 'Sessions')
    const items = dialog.getByRole('list', { name: 'Sessions' }).getByRole('listitem')
    await expect.poll(() => items.count()).toBe(2)
    // The current session comes first, badged and without a Sign out button of its own.
    await expect.poll(() => items.nth(0).textContent()).toMatch(/^Chrome on LinuxThis device.*Active now/)
    expect(await items.nth(0).getByRole('button').count()).toBe(0)
    expect(await items.nth(1).textContent()).toMatch(/^Firefox on Windows127\.0\.0\.1 · Last used just now/)
    expect(await items.nth(1).getByText('This device').count()).toBe(0)
    fs.mkdirSync(artifacts, { recursive: true })
    await dialog.screenshot({ path: path.join(artifacts, 'account-sessions.png') })

    await dialog.getByRole('button', { name: 'Sign out Firefox on Windows, 127.0.0.1' }).click()
    await dialog.getByRole('status').getByText('Signed out Firefox on Windows').waitFor()
    await expect.poll(() => items.count()).toBe(1)

    // The second device's board was following changes: its stream ends with the session,
    // and without a reload or a click it asks to sign in again, over the board, with the
    // email filled in (test/e2e/live.test.ts signs in there and finishes what was typed).
    const again = second.page.getByRole('dialog', { name: 'Sign in again' })
    await again.waitFor({ timeout: 10_000 })
    expect(await again.getByLabel('Email').inputValue()).toBe(email)
    expect(await second.page.getByRole('heading', { name: 'Tasks' }).count()).toBe(1) // the board is still under it
    await again.getByRole('button', { name: 'Sign out' }).click()
    await signInScreen(second.page)
    await second.page.reload()
    await signInScreen(second.page)
    const tasks = await (await first.context.request.get(`${stack.url}/api/tasks`)).json()
    expect(tasks.items).toEqual([])

    // The first device is still signed in.
    await first.page.reload()
    await board(first.page)
    expect([...first.crashes, ...second.crashes]).toEqual([])
    await second.context.close()
    await first.context.close()
  })

  it('Change password: a wrong current password gets the server’s message; the right one signs the other device out, and only the new password signs in', async () => {
    const { email, first, second } = await twoDevices()

    const dialog = await openAccountDialog(first.page, email, 'Change password')
    const current = dialog.getByLabel('Current password', { exact: true })
    await current.fill('not the password')
    await dialog.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await dialog.getByLabel('Confirm new password', { exact: true }).fill(NEW_PASSWORD)
    await dialog.getByRole('button', { name: 'Change password' }).click()
    // The backend's words (auth/forward.ts), said next to the field, which gets focus.
    await dialog.getByText('The password is wrong').waitFor()
    expect(await current.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => current.evaluate((el) => el === document.activeElement)).toBe(true)

    await current.fill(PASSWORD)
    await dialog.getByRole('button', { name: 'Change password' }).click()
    await dialog.getByRole('status').getByText('Password changed; 1 other session was signed out').waitFor()
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect.poll(() => dialog.count()).toBe(0)

    // This device keeps its (new) session; the other one is signed out.
    await first.page.reload()
    await board(first.page)
    await second.page.reload()
    await signInScreen(second.page)

    await submitAuth(second.page, email, PASSWORD)
    await second.page.getByRole('alert').getByText('Wrong email or password').waitFor()
    await second.page.getByLabel('Password').fill(NEW_PASSWORD)
    await second.page.getByRole('button', { name: 'Sign in' }).click()
    await board(second.page)
    await second.page.getByRole('button', { name: `Account: ${email}` }).waitFor()

    expect([...first.crashes, ...second.crashes]).toEqual([])
    await second.context.close()
    await first.context.close()
  })

  it('Delete account: it needs the password; then the sign-in screen says the account was deleted, the email no longer signs in, and its tasks are gone', async () => {
    const { email, first, second } = await twoDevices()
    await first.page.getByLabel('New task').fill('Write the report')
    await first.page.getByLabel('New task').press('Enter')
    await first.page.locator('li[data-task-number]', { hasText: 'Write the report' }).waitFor()

    // The session as a script would hold it, to ask the API afterwards.
    const { user } = await (await first.context.request.get(`${stack.url}/api/auth/get-session`)).json()
    const cookie = (await first.context.cookies(stack.url)).map((c) => `${c.name}=${c.value}`).join('; ')
    const listTasks = () => fetch(`${stack.url}/api/tasks?limit=100`, { headers: { cookie } })
    const before = await listTasks()
    expect(before.status).toBe(200)
    expect(((await before.json()) as any).items.map((t: { title: string }) => t.title)).toEqual(['Write the report'])

    const dialog = await openAccountDialog(first.page, email, 'Delete account')
    const confirm = dialog.getByRole('button', { name: 'Delete account for good' })
    const password = dialog.getByLabel('Type your password to confirm')
    await confirm.click()
    await dialog.getByText('Enter your password to confirm').waitFor()
    await password.fill('not the password')
    await confirm.click()
    await dialog.getByText('The password is wrong').waitFor()
    expect(await password.getAttribute('aria-invalid')).toBe('true')
    expect((await listTasks()).status).toBe(200) // nothing was deleted yet

    await password.fill(PASSWORD)
    await confirm.click()
    await first.page.getByRole('status').getByText('Your account was deleted').waitFor()
    await signInScreen(first.page)

    await submitAuth(first.page, email, PASSWORD)
    await first.page.getByRole('alert').getByText('Wrong email or password').waitFor()
    await second.page.reload()
    await signInScreen(second.page)

    // Through the API: the old session is gone with the account.
    const after = await listTasks()
    expect(after.status).toBe(401)
    expect(((await after.json()) as any).error.code).toBe('UNAUTHORIZED')
    // And in the database, nothing of the account is left: the rows, not just the session.
    const db = new SQLite(path.join(stack.dir, 'todo.db'), { readonly: true })
    try {
      const count = (table: string, column: string) =>
        (db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${column}" = ?`).get(user.id) as { n: number }).n
      expect({
        user: count('user', 'id'),
        session: count('session', 'userId'),
        tasks: count('tasks', 'user_id'),
        task_numbers: count('task_numbers', 'user_id'),
        conversations: count('conversations', 'user_id'),
        messages: count('messages', 'user_id'),
      }).toEqual({ user: 0, session: 0, tasks: 0, task_numbers: 0, conversations: 0, messages: 0 })
    } finally {
      db.close()
    }
    // The email is free again, and an account made with it starts empty.
    const again = await fetch(`${stack.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    expect(again.status).toBe(200)
    const fresh = await fetch(`${stack.url}/api/tasks?status=all`, {
      headers: { cookie: again.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') },
    })
    expect(fresh.status).toBe(200)
    expect(((await fresh.json()) as any).items).toEqual([])

    expect([...first.crashes, ...second.crashes]).toEqual([])
    await second.context.close()
    await first.context.close()
  })
})

describe.skipIf(missing.length > 0)('sign-up and a first write behind a TLS-terminating ingress (TRUSTED_PROXIES)', () => {
  const stacks: Stack[] = []
  afterAll(async () => {
    for (const stack of stacks) await stack.stop()
  })

  // What an ingress terminating TLS for https://todo.example sends on, from 127.0.0.1.
  const INGRESS = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'todo.example', origin: 'https://todo.example' }

  /** A stack with this TRUSTED_PROXIES; signs up as the ingress would forward it, then writes a task. */
  async function signUpThenWrite(trustedProxies: string) {
    const stack = await startStack({ build: false, trustedProxies })
    stacks.push(stack)
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stack.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...INGRESS, ...headers }, body: JSON.stringify(body) })
    const signUp = await post('/api/auth/sign-up/email', { email: newEmail('account'), password: PASSWORD })
    const cookies = signUp.headers.getSetCookie()
    const session = cookies.map((c) => c.split(';')[0]).join('; ')
    const write = await post('/api/tasks', { title: 'pay rent' }, { cookie: session })
    return { stack, signUp, cookies, session, write }
  }

  it('from a trusted ingress (127.0.0.1 listed): the session cookie is Secure and the https page’s write passes the origin check (201)', async () => {
    const { signUp, cookies, write } = await signUpThenWrite('127.0.0.1')
    expect(signUp.status).toBe(200)
    const sessionCookie = cookies.find((c) => c.startsWith('better-auth.session_token='))
    expect(sessionCookie).toBeDefined()
    expect(sessionCookie).toMatch(/;\s*Secure\b/i)
    expect(write.status).toBe(201)
    expect(await write.json()).toMatchObject({ number: 1, title: 'pay rent' })
  })

  it('from an ingress not listed (TRUSTED_PROXIES empty): nginx says http, so no Secure cookie and the https page’s write is refused (403 CROSS_ORIGIN_REFUSED)', async () => {
    const { stack, signUp, cookies, write } = await signUpThenWrite('')
    // Seen from the API the page is http://127.0.0.1:<port>, so https://todo.example is another origin.
    expect(signUp.status).toBe(403)
    expect(((await signUp.json()) as any).error.code).toBe('CROSS_ORIGIN_REFUSED')
    expect(cookies.join('\n')).not.toMatch(/Secure/i)
    expect(write.status).toBe(403)
    expect(((await write.json()) as any).error.code).toBe('CROSS_ORIGIN_REFUSED')

    // A session made from the page nginx does vouch for (http, its own host) is not Secure
    // either, and the https page's cookie-borne write is refused all the same.
    const plain = await fetch(`${stack.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'todo.example' },
      body: JSON.stringify({ email: newEmail('account'), password: PASSWORD }),
    })
    expect(plain.status).toBe(200)
    const plainCookies = plain.headers.getSetCookie()
    expect(plainCookies.some((c) => c.startsWith('better-auth.session_token='))).toBe(true)
    expect(plainCookies.join('\n')).not.toMatch(/Secure/i)
    const refused = await fetch(`${stack.url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...INGRESS, cookie: plainCookies.map((c) => c.split(';')[0]).join('; ') },
      body: JSON.stringify({ title: 'pay rent' }),
    })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as any).error.code).toBe('CROSS_ORIGIN_REFUSED')
  })
})

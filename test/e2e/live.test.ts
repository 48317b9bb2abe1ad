// The board as one person uses it from two devices at once, in real Chromium: each device
// goes through its own nginx to its own backend process, both on one SQLite file, as two
// replicas would. What one device, the assistant or a script changes shows on the other
// within a second; an edit never silently overwrites another; writes made while the server
// is down wait in the browser and are sent once; a session that ends under the user asks to
// sign in again over the screen and finishes what was interrupted.
import path from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newEmail, openSession, PASSWORD, VIEWPORTS, type Session, type Viewport } from './browser.js'
import { missingTools, startStack, type Stack } from './stack.js'

const missing = missingTools()

/** Two replicas: each its own backend process and nginx, one database file. */
let near: Stack
let far: Stack
let browser: Browser

beforeAll(async () => {
  if (missing.length > 0) return
  const backendEnv = { AUTH_RATE_LIMIT: '1000' }
  near = await startStack({ backendEnv })
  far = await startStack({ backendEnv: { ...backendEnv, DATABASE_URL: path.join(near.dir, 'todo.db') }, dist: path.join(near.dir, 'dist') })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await far?.stop()
  await near?.stop()
})

interface Device {
  context: Session['context']
  page: Page
  /** Resolves with the status and the body. */
  api: Session['request']
  shot: Session['shot']
}

/** A browser signed in to `email` through one replica's nginx (signing up the first time). */
async function device(stack: Stack, viewport: Viewport, email: string, signUp: boolean, name: string): Promise<Device> {
  const d = await openSession(browser, { stack, viewport, email, auth: signUp ? 'sign-up' : 'sign-in', shots: `live-${viewport.name}-${name}` })
  expect(d.auth!.status).toBe(200)
  return { context: d.context, page: d.page, api: d.request, shot: d.shot }
}

/** One account on two devices, each through its own replica, both boards open. */
async function twoDevices(viewport: Viewport) {
  const email = newEmail('live')
  const here = await device(near, viewport, email, true, 'here')
  const there = await device(far, viewport, email, false, 'there')
  return { email, here, there }
}

const row = (page: Page, title: string) => page.locator('li[data-task-number]', { hasText: title })

async function open(d: Device, stack: Stack) {
  await d.page.goto(stack.url)
  await d.page.getByRole('heading', { name: 'Tasks' }).waitFor()
}

/** Milliseconds from now until `check` holds on the page (polled every 20 ms). */
async function msUntil(check: () => Promise<boolean>): Promise<number> {
  const start = performance.now()
  while (!(await check())) {
    // Not a time limit on the app (the figures are printed): only that it shows at all.
    if (performance.now() - start > 30_000) throw new Error('not shown within 30 s')
    await new Promise((r) => setTimeout(r, 20))
  }
  return Math.round(performance.now() - start)
}

const titles = async (d: Device) => (await d.api('GET', '/api/tasks?limit=100')).body.items.map((t: { title: string }) => t.title).sort()

describe.skipIf(missing.length > 0)('one browser, two accounts', () => {
  it('5: a tab left open on one account while another tab signs a different one in reloads as that one, and never writes to it; its write waits for its own account', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
    const post = (url: string, data: unknown) => context.request.post(`${near.url}${url}`, { headers: { origin: near.url }, data })
    const ada = newEmail('ada')
    const bob = newEmail('bob')
    expect((await post('/api/auth/sign-up/email', { email: ada, password: PASSWORD })).status()).toBe(200)
    const first = await context.newPage()
    await first.goto(near.url)
    await first.getByRole('button', { name: `Account: ${ada}` }).waitFor()

    // Another tab of the same browser: Ada signs out, Bob signs up (the cookie is now his).
    expect((await post('/api/auth/sign-out', {})).status()).toBe(200)
    expect((await post('/api/auth/sign-up/email', { email: bob, password: PASSWORD })).status()).toBe(200)

    // The first tab, still showing Ada's board, adds a task: it is refused for Bob and kept for Ada.
    await first.getByLabel('New task').fill('for ada only')
    await first.getByLabel('New task').press('Enter')
    await first.getByRole('button', { name: `Account: ${bob}` }).waitFor({ timeout: 15_000 }) // reloaded as Bob
    const bobs = await (await context.request.get(`${near.url}/api/tasks`)).json()
    expect(bobs.items).toEqual([])

    // Back as Ada: her task is sent then, once.
    expect((await post('/api/auth/sign-out', {})).status()).toBe(200)
    expect((await post('/api/auth/sign-in/email', { email: ada, password: PASSWORD })).status()).toBe(200)
    await first.reload()
    await first.getByRole('button', { name: `Account: ${ada}` }).waitFor()
    await row(first, 'for ada only').getByText('#1').waitFor({ timeout: 15_000 })
    const adas = await (await context.request.get(`${near.url}/api/tasks`)).json()
    expect(adas.items.map((t: { title: string }) => t.title)).toEqual(['for ada only'])
    await context.close()
  })
})

describe.skipIf(missing.length > 0).each(VIEWPORTS)('two devices, two replicas, at $name width', (viewport) => {
  it('1: what another device, the assistant or a script changes shows without a reload (the time each took is printed)', async () => {
    const { here, there } = await twoDevices(viewport)
    await here.api('POST', '/api/tasks', { title: 'pay rent' })
    await here.api('POST', '/api/tasks', { title: 'buy milk' })
    await open(here, near)
    await row(here.page, 'buy milk').waitFor()
    await open(there, far)
    await row(there.page, 'buy milk').waitFor()
    const seen: Record<string, number> = {}

    // An edit on the other device (through the other replica).
    await there.page.getByRole('button', { name: 'Edit: pay rent' }).click()
    await there.page.getByLabel('Title', { exact: true }).fill('pay the rent')
    await there.page.getByRole('button', { name: 'Save' }).click()
    seen.edit = await msUntil(async () => (await row(here.page, 'pay the rent').count()) === 1)

    // Done there; deleted there: gone here, and ticking a stale row can no longer happen.
    await there.page.getByRole('checkbox', { name: 'Mark as done: buy milk' }).click()
    seen.complete = await msUntil(() => row(here.page, 'buy milk').getByRole('checkbox').isChecked())
    await there.page.getByRole('button', { name: 'Delete: buy milk' }).click()
    seen.delete = await msUntil(async () => (await row(here.page, 'buy milk').count()) === 0)

    // The assistant on the other device (on a phone, behind its button).
    if (viewport.name === 'phone') await there.page.getByRole('button', { name: 'Assistant', exact: true }).click()
    await there.page.getByLabel('Message the assistant').fill('add water the plants')
    await there.page.getByLabel('Message the assistant').press('Enter')
    seen.assistant = await msUntil(async () => (await row(here.page, 'water the plants').count()) === 1)

    // A script with a token, straight to the other replica's API.
    const token = (await there.api('POST', '/api/auth/sign-in/email', { email: (await there.api('GET', '/api/auth/get-session')).body.user.email, password: PASSWORD })).body.token
    const res = await fetch(`${far.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from a script' }),
    })
    expect(res.status).toBe(201)
    seen.script = await msUntil(async () => (await row(here.page, 'from a script').count()) === 1)

    console.log(`live board (${viewport.name}), change on one replica → shown through the other's nginx: ${Object.entries(seen).map(([k, v]) => `${k} ${v} ms`).join(', ')}`)
    await here.shot('1-synced')
    await here.context.close()
    await there.context.close()
  })

  it('1b: a change from elsewhere leaves the keyboard where it was: the focused row keeps the focus', async () => {
    const { here, there } = await twoDevices(viewport)
    for (const title of ['third', 'second', 'first']) await here.api('POST', '/api/tasks', { title })
    await open(here, near)
    await row(here.page, 'first').waitFor()
    await here.page.keyboard.press('j')
    await here.page.keyboard.press('j')
    const focusedTitle = () => here.page.evaluate(() => document.activeElement?.closest('[data-task-number]')?.textContent ?? document.activeElement?.tagName)
    expect(await focusedTitle()).toContain('second')
    // Another device deletes one task and adds one: both arrive on the stream.
    const first = (await there.api('GET', '/api/tasks?limit=100')).body.items.find((t: { title: string }) => t.title === 'first')
    await there.api('DELETE', `/api/tasks/${first.number}`)
    await msUntil(async () => (await row(here.page, 'first').count()) === 0)
    await there.api('POST', '/api/tasks', { title: 'fourth' })
    await msUntil(async () => (await row(here.page, 'fourth').count()) === 1)
    expect(await focusedTitle()).toContain('second')
    // And the keys go on from there.
    await here.page.keyboard.press('j')
    expect(await focusedTitle()).toContain('third')
    await here.context.close()
    await there.context.close()
  })

  it('2: an edit made against a task changed elsewhere is not saved over it: both are shown, and the user keeps one', async () => {
    const { here, there } = await twoDevices(viewport)
    await here.api('POST', '/api/tasks', { title: 'book flights', description: 'window seat' })
    await open(here, near)
    await here.page.getByRole('button', { name: 'Edit: book flights' }).click()
    await here.page.getByLabel('Title', { exact: true }).fill('book flights to Lisbon')

    // Meanwhile the other device renames it.
    const changed = await there.api('PATCH', '/api/tasks/1', { title: 'book trains' })
    expect(changed.status).toBe(200)
    await here.page.getByRole('button', { name: 'Save' }).click()
    const conflict = here.page.getByRole('alert').filter({ hasText: 'changed elsewhere' })
    await conflict.waitFor()
    expect(await conflict.getByText('Theirs:').textContent()).toBe('Theirs: book trains')
    expect(await conflict.getByText('Yours:').textContent()).toBe('Yours: book flights to Lisbon')
    expect((await there.api('GET', '/api/tasks/1')).body.title).toBe('book trains') // nothing overwritten
    // What was typed is still in the form.
    expect(await here.page.getByLabel('Title', { exact: true }).inputValue()).toBe('book flights to Lisbon')
    await here.shot('2-conflict')

    await here.page.getByRole('button', { name: 'Keep mine' }).click()
    await here.page.getByLabel('Title', { exact: true }).waitFor({ state: 'detached' }) // saved: the form closed
    await row(here.page, 'book flights to Lisbon').waitFor()
    const task = (await there.api('GET', '/api/tasks/1')).body
    expect(task.title).toBe('book flights to Lisbon')
    expect(task.description).toBe('window seat')
    await here.context.close()
    await there.context.close()
  })

  it('2b: a task deleted elsewhere while its form is open keeps the form and the text; saving says why it cannot', async () => {
    const { here, there } = await twoDevices(viewport)
    await here.api('POST', '/api/tasks', { title: 'draft the speech' })
    await open(here, near)
    await here.page.getByRole('button', { name: 'Edit: draft the speech' }).click()
    await here.page.getByLabel('Title', { exact: true }).fill('draft the wedding speech')
    expect((await there.api('DELETE', '/api/tasks/1')).status).toBe(200)
    // Another task changed elsewhere shows meanwhile, so the change above has been seen too.
    await there.api('POST', '/api/tasks', { title: 'buy a suit' })
    await row(here.page, 'buy a suit').waitFor()
    expect(await here.page.getByLabel('Title', { exact: true }).inputValue()).toBe('draft the wedding speech')
    await here.page.getByRole('button', { name: 'Save' }).click()
    await here.page.getByText('may have been deleted elsewhere').waitFor()
    expect(await here.page.getByLabel('Title', { exact: true }).inputValue()).toBe('draft the wedding speech')
    await here.shot('2b-deleted-while-editing')
    await here.page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => row(here.page, 'draft the').count()).toBe(0)
    await here.context.close()
    await there.context.close()
  })

  it('3: writes made while the server is down wait in the browser, marked, and are sent once when it is back', async () => {
    const { here } = await twoDevices(viewport)
    await here.api('POST', '/api/tasks', { title: 'water plants' })
    await open(here, near)
    await row(here.page, 'water plants').waitFor()

    await near.stopBackend()
    const outageMs = viewport.name === 'desktop' ? 30_000 : 3_000
    const down = performance.now()
    await here.page.getByLabel('New task').fill('buy stamps')
    await here.page.getByLabel('New task').press('Enter')
    await here.page.getByRole('checkbox', { name: 'Mark as done: water plants' }).click()
    await row(here.page, 'buy stamps').getByText('Not sent yet').waitFor()
    await here.page.getByRole('status').filter({ hasText: '2 changes are waiting' }).waitFor()
    expect(await here.page.getByLabel('New task').inputValue()).toBe('') // it was taken, not refused
    await here.shot('3-waiting')
    // Still there after the outage, every try refused meanwhile.
    await new Promise((r) => setTimeout(r, Math.max(0, outageMs - (performance.now() - down))))
    expect(await row(here.page, 'buy stamps').getByText('Not sent yet').count()).toBe(1)

    await near.startBackend()
    const back = performance.now()
    await here.page.getByRole('status').filter({ hasText: 'waiting' }).waitFor({ state: 'detached', timeout: 15_000 })
    const sentMs = Math.round(performance.now() - back)
    await expect.poll(() => row(here.page, 'buy stamps').textContent()).toContain('#2')
    console.log(`outbox (${viewport.name}): server stopped ${Math.round((back - down) / 1000)} s; the 2 waiting writes were sent ${sentMs} ms after it answered again`)
    expect(await titles(here)).toEqual(['buy stamps', 'water plants']) // once, not once per try
    expect((await here.api('GET', '/api/tasks/1')).body.completed).toBe(true)
    await here.shot('3-sent')
    await here.context.close()
  }, 90_000)

  it('4: a session that ends under the user asks to sign in again over the board, email filled in, and finishes the interrupted add', async () => {
    const { email, here, there } = await twoDevices(viewport)
    await open(here, near)
    // Signed out from the other device.
    expect((await there.api('POST', '/api/auth/sessions/revoke-others', {})).status).toBe(200)
    await expect.poll(async () => (await here.api('GET', '/api/tasks')).status, { timeout: 10_000 }).toBe(401)

    await here.page.getByLabel('New task').fill('renew passport')
    await here.page.getByLabel('New task').press('Enter')
    const dialog = here.page.getByRole('dialog', { name: 'Sign in again' })
    await dialog.waitFor()
    expect(await dialog.getByLabel('Email').inputValue()).toBe(email)
    await here.shot('4-sign-in-again')
    await dialog.getByLabel('Password').fill('not the password')
    await dialog.getByRole('button', { name: 'Sign in' }).click()
    await dialog.getByRole('alert').waitFor() // a wrong password says so and keeps the dialog
    await dialog.getByLabel('Password').fill(PASSWORD)
    await dialog.getByRole('button', { name: 'Sign in' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => row(here.page, 'renew passport').textContent()).toContain('#1')
    expect(await titles(there)).toEqual(['renew passport'])
    await here.context.close()
    await there.context.close()
  })
})

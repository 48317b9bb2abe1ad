// Opens Tilt's web dashboard in headless Chromium, as a developer would after `tilt up`, and
// checks what the Tiltfile promises there: every resource under its label, the links, the
// three buttons on the backend, and that "Seed demo account" really seeds (the demo account
// can then sign in through Tilt's port-forward). Keeps a screenshot of each page it checked.
//   node test/cluster/dashboard.mjs TILT_URL BACKEND_URL SCREENSHOT.png
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

const [tiltUrl, backendUrl, screenshot] = process.argv.slice(2)
if (!tiltUrl || !backendUrl || !screenshot) {
  console.error('usage: dashboard.mjs TILT_URL BACKEND_URL SCREENSHOT.png')
  process.exit(2)
}

const RESOURCES = {
  infra: ['infra'],
  app: ['backend', 'frontend'],
  tests: ['backend-typecheck', 'backend-tests', 'frontend-typecheck', 'frontend-tests', 'e2e'],
}
const LINKS = { backend: ['health', 'API'], frontend: ['Todo Chatbot'] }
const BUTTONS = ['Seed demo account', 'Reset database', 'Run in backend pod']
const DEMO = { email: 'demo@example.com', password: 'demo-password' }

const problems = []
const expect = (ok, what) => {
  console.log(`${ok ? 'ok' : 'NOT OK'} - ${what}`)
  if (!ok) problems.push(what)
}

async function signInAsDemo() {
  const res = await fetch(`${backendUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    // Node's fetch marks itself a CORS request (sec-fetch-mode), so it states its origin
    // as a browser would; Better Auth refuses such a request without one.
    headers: { 'content-type': 'application/json', origin: backendUrl },
    body: JSON.stringify(DEMO),
  })
  return res.status
}

fs.mkdirSync(path.dirname(screenshot), { recursive: true })
const shot = (name) => screenshot.replace(/\.png$/, `${name}.png`)
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-tilt-ui-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const page = context.pages()[0] ?? (await context.newPage())

  // The table of all resources, grouped by label. `tilt up` here runs the apps alone, so
  // the test resources are listed as disabled: shown with "Show disabled resources".
  await page.goto(`${tiltUrl}/overview`)
  await page.getByText('backend', { exact: true }).first().waitFor({ timeout: 60_000 })
  await page.getByLabel('Show disabled resources').check()
  await page.getByText('backend-typecheck', { exact: true }).first().waitFor({ timeout: 30_000 })
  const lines = (await page.locator('body').innerText()).split(/[\n\t]/).map((l) => l.trim())
  for (const [label, names] of Object.entries(RESOURCES)) {
    expect(lines.includes(label), `label group "${label}" is shown`)
    for (const name of names) expect(lines.includes(name), `resource ${name} is listed`)
  }
  for (const [resource, links] of Object.entries(LINKS)) {
    for (const text of links) {
      expect((await page.getByRole('link', { name: text, exact: true }).count()) > 0, `link "${text}" of ${resource} is shown`)
    }
  }
  await page.screenshot({ path: shot(''), fullPage: true })

  // The backend's page: its buttons; "Seed demo account" seeds.
  await page.goto(`${tiltUrl}/r/backend/overview`)
  for (const text of BUTTONS) {
    const button = page.getByRole('button', { name: text })
    await button.first().waitFor({ timeout: 30_000 }).catch(() => undefined)
    expect((await button.count()) > 0, `button "${text}" is on the backend's page`)
  }
  // One try before (a failed sign-in counts toward the account's throttle: no polling).
  const before = await signInAsDemo()
  expect(before !== 200, `before seeding, the demo account cannot sign in (${before})`)
  const seeded = page.getByText(/Demo account (created|already there)/)
  const earlier = await seeded.count()
  await page.getByRole('button', { name: 'Seed demo account' }).first().click()
  let logged = false
  for (let i = 0; i < 180 && !logged; i++) {
    await page.waitForTimeout(500)
    logged = (await seeded.count()) > earlier
  }
  expect(logged, "the button's output shows in the backend's log pane")
  const after = await signInAsDemo()
  expect(after === 200, `after "Seed demo account", it signs in through Tilt's port-forward (${after})`)
  await page.screenshot({ path: shot('-backend'), fullPage: false })
} catch (error) {
  problems.push(error.message)
  console.error(`dashboard: ${error.message}`)
} finally {
  await context.close()
  fs.rmSync(profile, { recursive: true, force: true })
}
if (problems.length > 0) {
  console.error(`${problems.length} problem(s): ${problems.join('; ')}`)
  process.exit(1)
}

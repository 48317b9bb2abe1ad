// Opens the app in headless Chromium, then lets the caller change a file in the pod and
// reports how long the page took to show the new text, and that it did not reload.
//   node test/cluster/hmr-probe.mjs URL "OLD TEXT" "NEW TEXT" -- COMMAND...   (COMMAND makes the change)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

const [url, oldText, newText, separator, ...command] = process.argv.slice(2)
if (!url || !oldText || !newText || separator !== '--' || command.length === 0) {
  console.error('usage: hmr-probe.mjs URL OLD NEW -- COMMAND...')
  process.exit(2)
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-hmr-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
let code = 1
try {
  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto(url)
  await page.getByText(oldText).first().waitFor({ timeout: 60_000 })
  await page.evaluate(() => (globalThis.__notReloaded = true))
  const saved = performance.now()
  const change = spawnSync(command[0], command.slice(1), { stdio: 'inherit' })
  if (change.status !== 0) throw new Error(`the change command failed (${change.status})`)
  await page.getByText(newText).first().waitFor({ timeout: 60_000 })
  const ms = Math.round(performance.now() - saved)
  const notReloaded = await page.evaluate(() => globalThis.__notReloaded === true)
  console.log(JSON.stringify({ ms, notReloaded }))
  code = notReloaded ? 0 : 1
} catch (error) {
  console.error(`hmr-probe: ${error.message}`)
} finally {
  await context.close()
  fs.rmSync(profile, { recursive: true, force: true })
}
process.exit(code)

// The figures docs/api.md gives for password guessing, on a simulated clock: what one
// address and what many addresses get against one account, and that the owner gets in.
import { describe, expect, it, onTestFinished } from 'vitest'
import { createSignInThrottle, DEFAULT_THROTTLE } from '../../src/auth/sign-in-throttle.js'
import { createDatabase } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { freshDatabase } from '../helper.js'

async function throttleOnAClock() {
  const db = createDatabase(await freshDatabase('sqlite'))
  onTestFinished(() => db.destroy())
  await migrateToLatest(db)
  const clock = { now: Date.UTC(2026, 11, 6) }
  return { throttle: createSignInThrottle(db, DEFAULT_THROTTLE, () => clock.now), clock }
}

/** An attacker trying every `everyMs` for `forMs`: how many guesses were checked. */
async function guess(throttle: Awaited<ReturnType<typeof throttleOnAClock>>['throttle'], clock: { now: number }, addresses: string[], everyMs: number, forMs: number) {
  let checked = 0
  const end = clock.now + forMs
  for (; clock.now < end; clock.now += everyMs) {
    for (const address of addresses) {
      const claim = await throttle.claim('owner@example.com', address)
      if (claim.ok) {
        checked++
        await claim.settle('failure')
      }
    }
  }
  return checked
}

describe('password guessing, on a simulated clock', () => {
  it('one address: 13 guesses in the first hour, then 4 an hour; the owner elsewhere gets in every time', async () => {
    const { throttle, clock } = await throttleOnAClock()
    expect(await guess(throttle, clock, ['198.51.100.1'], 1000, 60 * 60_000)).toBe(13)
    expect(await guess(throttle, clock, ['198.51.100.1'], 1000, 60 * 60_000)).toBe(4)
    const owner = await throttle.claim('owner@example.com', '203.0.113.9')
    expect(owner.ok).toBe(true)
  })

  it('many addresses: past 50 failures an hour, 6 checks a minute from new addresses; a known address is never slowed', async () => {
    const { throttle, clock } = await throttleOnAClock()
    const known = await throttle.claim('owner@example.com', '203.0.113.9')
    if (known.ok) await known.settle('success')
    const botnet = Array.from({ length: 200 }, (_, i) => `198.51.${Math.floor(i / 250)}.${i % 250}`)
    // 200 addresses, each trying every 10 s for 10 minutes.
    const checked = await guess(throttle, clock, botnet, 10_000, 10 * 60_000)
    // 50 before the account is slowed, then 6 a minute for the rest of the ten minutes.
    expect(checked).toBeGreaterThanOrEqual(50)
    expect(checked).toBeLessThanOrEqual(50 + 6 * 10 + 6)
    const owner = await throttle.claim('owner@example.com', '203.0.113.9')
    expect(owner.ok).toBe(true)
    console.log(`password guessing: 200 addresses for 10 minutes got ${checked} guesses checked; the owner's known address was not slowed`)
  }, 60_000)
})

// The message that froze the process for ~9 s (a 4,000-character "add …" of repeated `, "`)
// now answers at once, and a real server keeps answering /health while 20 of them arrive.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helper.js'
import { signUpOver, startServer } from '../server-process.js'

const HOSTILE = `add ${', "'.repeat(1400)}`.slice(0, 4000)

describe('hostile chat messages', () => {
  it('are answered, and /health answers within 50 ms while 20 arrive at a real server', async () => {
    const server = await startServer({ DATABASE_URL: path.join(tempDir(), 'todo.db'), CHAT_RATE_LIMIT: '0' })
    const token = await signUpOver(server.url)
    const chat = () =>
      fetch(`${server.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ message: HOSTILE }),
      })
    const first = await chat()
    expect(first.status).toBe(200)
    // One task at most: a "list" of punctuation is not hundreds of tasks.
    expect(((await first.json()) as { tool_calls: unknown[] }).tool_calls.length).toBeLessThanOrEqual(1)

    let done = false
    const healthTimes: number[] = []
    const probe = (async () => {
      while (!done) {
        const t = performance.now()
        expect((await fetch(`${server.url}/health`)).status).toBe(200)
        healthTimes.push(performance.now() - t)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    const started = performance.now()
    const turns = await Promise.all(Array.from({ length: 20 }, chat))
    const took = performance.now() - started
    done = true
    await probe
    expect(turns.map((t) => t.status)).toEqual(Array(20).fill(200))
    const worst = Math.max(...healthTimes)
    console.log(`20 hostile messages answered in ${took.toFixed(0)} ms; /health worst ${worst.toFixed(1)} ms over ${healthTimes.length} probes`)
    expect(healthTimes.length).toBeGreaterThan(1)
    expect(worst).toBeLessThan(50)
  })
})

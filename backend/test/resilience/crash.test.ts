// kill -9 while clients write: after a restart the file is intact and every task whose
// create was answered 201 is there.
import { describe, expect, it } from 'vitest'
import { sqliteFile } from '../helper.js'
import { startServer } from '../server-process.js'
import { allTitles, createTask, integrityCheck, signUpOver } from './common.js'

describe('a backend killed with SIGKILL mid-write', () => {
  it('loses no acknowledged task and leaves an intact database', async () => {
    const file = sqliteFile()
    const first = await startServer({ DATABASE_URL: file })
    const token = await signUpOver(first.url)
    const acknowledged: string[] = []
    let stop = false
    const clients = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const title = `client ${c} task ${i}`
        try {
          if ((await createTask(first.url, token, title, 'x'.repeat(500))).status === 201) acknowledged.push(title)
        } catch {
          return // the server died under us
        }
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    first.child.kill('SIGKILL')
    stop = true
    await Promise.all(clients)
    expect((await first.exited).signal).toBe('SIGKILL')
    expect(acknowledged.length).toBeGreaterThan(50)

    expect(integrityCheck(file)).toBe('ok')
    const second = await startServer({ DATABASE_URL: file })
    const titles = await allTitles(second.url, token)
    expect(acknowledged.filter((t) => !titles.has(t))).toEqual([])
    console.log(`crash: ${acknowledged.length} acknowledged creates, all present after kill -9`)
  })
})

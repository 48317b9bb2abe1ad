// The SQLite file on a tiny tmpfs: writes past its size fail with a clear 507, reads keep
// working, writes work again once space is freed, and nothing is corrupted. Needs root
// (mount); in CI a missing permission fails rather than skips.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from '../server-process.js'
import { allTitles, createTask, integrityCheck, signUpOver } from './common.js'

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-full-'))
let mounted = false
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' })
  mounted = true
} catch {
  if (process.env.CI) throw new Error('the disk-full test needs root to mount a tmpfs')
}

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint])
  fs.rmSync(mountPoint, { recursive: true, force: true })
})

describe.skipIf(!mounted)('a full disk', () => {
  it('refuses writes with 507, keeps serving reads, and recovers when space is freed', async () => {
    const file = path.join(mountPoint, 'todo.db')
    const server = await startServer({ DATABASE_URL: file })
    const token = await signUpOver(server.url)
    const saved: string[] = []
    // Take most of the space with a file we can delete later, then fill the rest with tasks.
    fs.writeFileSync(path.join(mountPoint, 'ballast'), Buffer.alloc(1_500_000))
    let full: Response | undefined
    for (let i = 0; i < 5000 && !full; i++) {
      const res = await createTask(server.url, token, `task ${i}`, 'd'.repeat(1900))
      if (res.status === 201) saved.push(`task ${i}`)
      else full = res
    }
    expect(full?.status).toBe(507)
    const body = (await full!.json()) as any
    expect(body.error).toEqual({ code: 'STORAGE_FULL', message: expect.stringContaining('out of storage space') })
    expect(saved.length).toBeGreaterThan(10)

    // Reads keep working and show exactly what was acknowledged.
    const titles = await allTitles(server.url, token)
    expect([...titles].sort()).toEqual([...saved].sort())
    expect((await fetch(`${server.url}/health`)).status).toBe(200)

    fs.rmSync(path.join(mountPoint, 'ballast'))
    const again = await createTask(server.url, token, 'after the cleanup')
    expect(again.status).toBe(201)
    expect((await allTitles(server.url, token)).has('after the cleanup')).toBe(true)

    server.child.kill('SIGTERM')
    expect((await server.exited).code).toBe(0)
    expect(integrityCheck(file)).toBe('ok')
    console.log(`disk full: ${saved.length} tasks fitted, then 507 STORAGE_FULL; recovered after freeing space`)
  })
})

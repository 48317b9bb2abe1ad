import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { DEMO_EMAIL, DEMO_PASSWORD } from '../src/auth/demo.js'
import { sqliteFile } from './helper.js'


const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function seed(databaseUrl: string) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/seed.ts'], {
    cwd: backendDir,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
  })
}

describe('npm run seed', () => {
  it('is not offered on a database that was not seeded', async () => {
    const app = await buildApp({ database: { kind: 'sqlite', path: sqliteFile() }, corsOrigins: [] })
    try {
      expect((await app.inject('/api/auth/demo')).json()).toEqual({ available: false })
    } finally {
      await app.close()
    }
  })

  it('creates the demo account with sample tasks once, and changes nothing when run again', async () => {
    const file = sqliteFile()
    const first = await seed(file)
    expect(first.stdout).toContain(`Demo account created: ${DEMO_EMAIL} / ${DEMO_PASSWORD} (4 sample tasks added)`)
    const second = await seed(file)
    expect(second.stdout).toContain('Demo account already there')
    expect(second.stdout).toContain('(0 sample tasks added)')

    const app = await buildApp({ database: { kind: 'sqlite', path: file }, corsOrigins: [] })
    try {
      const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: DEMO_EMAIL, password: DEMO_PASSWORD } })
      expect(res.statusCode).toBe(200)
      const tasks = await app.inject({ url: '/api/tasks', headers: { authorization: `Bearer ${res.json().token}` } })
      expect(tasks.json().items).toHaveLength(4)
      // The sign-in screen can now offer it.
      expect((await app.inject('/api/auth/demo')).json()).toEqual({ available: true, email: DEMO_EMAIL, password: DEMO_PASSWORD })
    } finally {
      await app.close()
    }
  })
})

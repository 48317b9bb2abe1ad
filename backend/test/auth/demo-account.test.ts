// The sign-in screen offers the demo account with its password, so only an account that
// `npm run seed` made may be offered: anyone could otherwise sign up demo@example.com and
// read what every visitor types into it.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/auth/demo.js'
import type { Kysely } from 'kysely'
import { buildTestApp, freshDatabase, signUp, uniqueEmail } from '../helper.js'
import { buildApp } from '../../src/app.js'

const backend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('the demo account', () => {
  it.each([DEMO_EMAIL, 'Demo@Example.com', DEMO_EMAIL.toUpperCase()])(
    'cannot be planted by signing up %j, and nothing is offered',
    async (email) => {
      const app = await buildTestApp()
      const res = await app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { email, password: DEMO_PASSWORD } })
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBe('EMAIL_RESERVED')
      expect((await app.inject('/api/auth/demo')).json()).toEqual({ available: false })
    },
  )

  it('is offered only once seeded, and seeding never adopts an account it did not make', async () => {
    const database = await freshDatabase('sqlite')
    const seed = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/seed.ts', ...args], {
        cwd: backend,
        env: { ...process.env, DATABASE_URL: database.kind === 'sqlite' ? database.path : '' },
      })
    // An account with the demo email made some other way (here: renamed in the database,
    // as one signed up before the email was reserved would be), with a task of its own.
    let app = await buildApp({ database, corsOrigins: [] })
    const planter = await signUp(app, uniqueEmail('planter'))
    await planter.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'planted' } })
    await (app.db as unknown as Kysely<any>).updateTable('user').set({ email: DEMO_EMAIL }).where('id', '=', planter.userId).execute()
    expect((await app.inject('/api/auth/demo')).json()).toEqual({ available: false })
    await app.close()

    const refused = await seed().then(() => undefined, (error: { code: number; stderr: string }) => error)
    expect(refused?.code).toBe(1)
    expect(refused?.stderr).toContain('seeding did not make')
    expect(refused?.stderr).toContain('npm run seed -- --replace')

    const replaced = await seed('--replace')
    expect(replaced.stdout).toContain('Demo account created')
    app = await buildApp({ database, corsOrigins: [] })
    try {
      expect((await app.inject('/api/auth/demo')).json()).toEqual({ available: true, email: DEMO_EMAIL, password: DEMO_PASSWORD })
      const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: DEMO_EMAIL, password: DEMO_PASSWORD } })
      const tasks = await app.inject({ url: '/api/tasks', headers: { authorization: `Bearer ${signIn.json().token}` } })
      expect(tasks.json().items.map((t: { title: string }) => t.title)).not.toContain('planted')
      const leftovers = await (app.db as unknown as Kysely<any>).selectFrom('tasks').select('id').where('user_id', '=', planter.userId).execute()
      expect(leftovers).toEqual([])
    } finally {
      await app.close()
    }
    expect((await seed()).stdout).toContain('Demo account already there')
  })
})

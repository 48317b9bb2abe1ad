// `npm run seed`: creates the demo account and a few sample tasks, idempotently. Tasks go
// through the API (app.inject), made exactly as a client would; the account is made with
// Better Auth's server API, since sign-up refuses the demo email to everyone else.
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { buildApp } from './app.js'
import { deleteAccount } from './auth/accounts.js'
import { DEMO_EMAIL, DEMO_PASSWORD, markDemoUser, seededDemoUser } from './auth/demo.js'
import { runMain } from './cli.js'
import { loadConfig } from './config.js'

const SAMPLE_TASKS = [
  { title: 'Try the assistant: "add buy milk tomorrow"', priority: 'high' },
  { title: 'Call mom', description: 'Sunday afternoon', priority: 'medium' },
  { title: 'Pay the electricity bill', priority: 'high', due_date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) },
  { title: 'Read a chapter of a book', priority: 'low' },
]

/**
 * Makes the demo account (marked as seeded, so the sign-in screen may offer it) unless it
 * is there. An account with the demo email that seeding did not make is never adopted: its
 * maker knows its password and would read what visitors type. `--replace` deletes it, with
 * its data, and seeds a fresh one.
 */
async function ensureDemoAccount(app: FastifyInstance, replace: boolean): Promise<boolean> {
  if (await seededDemoUser(app.db)) return false
  const db = app.db as unknown as Kysely<any>
  const unmarked = await db.selectFrom('user').select('id').where('email', '=', DEMO_EMAIL).executeTakeFirst()
  if (unmarked) {
    if (!replace) {
      throw new Error(
        `an account ${DEMO_EMAIL} exists that seeding did not make (signed up by hand, or seeded by an older version); ` +
          'run "npm run seed -- --replace" to delete it with its tasks and conversations and seed the demo account',
      )
    }
    await deleteAccount(app.db, unmarked.id as string)
  }
  const { user } = await app.auth.api.signUpEmail({ body: { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: 'Demo' } })
  await markDemoUser(app.db, user.id)
  return true
}

async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp({ ...config, logger: { level: 'warn' } })
  try {
    const created = await ensureDemoAccount(app, process.argv.includes('--replace'))
    const credentials = { email: DEMO_EMAIL, password: DEMO_PASSWORD }
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: credentials })
    if (res.statusCode !== 200) throw new Error(`could not sign in as ${DEMO_EMAIL}: ${res.statusCode} ${res.body}`)
    const authorization = `Bearer ${res.json().token as string}`

    const existing = (await app.inject({ url: '/api/tasks?limit=1', headers: { authorization } })).json()
    let added = 0
    if (existing.items.length === 0) {
      for (const task of SAMPLE_TASKS) {
        const r = await app.inject({ method: 'POST', url: '/api/tasks', headers: { authorization }, payload: task })
        if (r.statusCode !== 201) throw new Error(`could not add a sample task: ${r.statusCode} ${r.body}`)
        added++
      }
    }
    process.stdout.write(
      `Demo account ${created ? 'created' : 'already there'}: ${DEMO_EMAIL} / ${DEMO_PASSWORD}` +
        ` (${added} sample task${added === 1 ? '' : 's'} added)\n`,
    )
  } finally {
    await app.close()
  }
}

runMain('Seeding', main)

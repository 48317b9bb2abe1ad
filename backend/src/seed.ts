// `npm run seed`: creates the demo account and a few sample tasks, idempotently. It goes
// through the API (app.inject) so accounts and tasks are made exactly as a client would.
import { buildApp } from './app.js'
import { DEMO_EMAIL, DEMO_PASSWORD } from './auth/demo.js'
import { runMain } from './cli.js'
import { loadConfig } from './config.js'


const SAMPLE_TASKS = [
  { title: 'Try the assistant: "add buy milk tomorrow"', priority: 'high' },
  { title: 'Call mom', description: 'Sunday afternoon', priority: 'medium' },
  { title: 'Pay the electricity bill', priority: 'high', due_date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) },
  { title: 'Read a chapter of a book', priority: 'low' },
]

async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp({ ...config, logger: { level: 'warn' } })
  try {
    const credentials = { email: DEMO_EMAIL, password: DEMO_PASSWORD }
    let res = await app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: credentials })
    const created = res.statusCode === 401
    if (created) res = await app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { ...credentials, name: 'Demo' } })
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
